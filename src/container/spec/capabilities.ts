// Capability sets as moby computes them (oci/defaults.go, oci/caps/utils.go).
export const DEFAULT_CAPABILITIES = [
  'CAP_CHOWN', 'CAP_DAC_OVERRIDE', 'CAP_FSETID', 'CAP_FOWNER', 'CAP_MKNOD', 'CAP_NET_RAW',
  'CAP_SETGID', 'CAP_SETUID', 'CAP_SETFCAP', 'CAP_SETPCAP', 'CAP_NET_BIND_SERVICE',
  'CAP_SYS_CHROOT', 'CAP_KILL', 'CAP_AUDIT_WRITE',
];

// Every capability up to Linux 5.9; runc and crun skip the ones the running kernel lacks.
export const ALL_CAPABILITIES = [
  'CAP_CHOWN', 'CAP_DAC_OVERRIDE', 'CAP_DAC_READ_SEARCH', 'CAP_FOWNER', 'CAP_FSETID', 'CAP_KILL',
  'CAP_SETGID', 'CAP_SETUID', 'CAP_SETPCAP', 'CAP_LINUX_IMMUTABLE', 'CAP_NET_BIND_SERVICE',
  'CAP_NET_BROADCAST', 'CAP_NET_ADMIN', 'CAP_NET_RAW', 'CAP_IPC_LOCK', 'CAP_IPC_OWNER',
  'CAP_SYS_MODULE', 'CAP_SYS_RAWIO', 'CAP_SYS_CHROOT', 'CAP_SYS_PTRACE', 'CAP_SYS_PACCT',
  'CAP_SYS_ADMIN', 'CAP_SYS_BOOT', 'CAP_SYS_NICE', 'CAP_SYS_RESOURCE', 'CAP_SYS_TIME',
  'CAP_SYS_TTY_CONFIG', 'CAP_MKNOD', 'CAP_LEASE', 'CAP_AUDIT_WRITE', 'CAP_AUDIT_CONTROL',
  'CAP_SETFCAP', 'CAP_MAC_OVERRIDE', 'CAP_MAC_ADMIN', 'CAP_SYSLOG', 'CAP_WAKE_ALARM',
  'CAP_BLOCK_SUSPEND', 'CAP_AUDIT_READ', 'CAP_PERFMON', 'CAP_BPF', 'CAP_CHECKPOINT_RESTORE',
];

const ALL = 'ALL';

function normalize(names: readonly string[]): string[] {
  const out: string[] = [];
  for (const raw of names) {
    const upper = raw.toUpperCase();
    const name = upper === ALL || upper.startsWith('CAP_') ? upper : `CAP_${upper}`;
    if (name !== ALL && !ALL_CAPABILITIES.includes(name)) throw new Error(`unknown capability: "${name}"`);
    if (!out.includes(name)) out.push(name);
  }
  return out;
}

// moby's TweakCapabilities: ALL in --cap-add wins over everything but explicit drops, and
// ALL in --cap-drop leaves only what --cap-add names.
export function capabilitySet(adds: readonly string[], drops: readonly string[], privileged: boolean): string[] {
  if (privileged) return [...ALL_CAPABILITIES];
  const add = normalize(adds);
  const drop = normalize(drops);
  if (add.includes(ALL)) return ALL_CAPABILITIES.filter((c) => !drop.includes(c));
  if (drop.includes(ALL)) return add;
  const kept = DEFAULT_CAPABILITIES.filter((c) => !drop.includes(c));
  return [...kept, ...add.filter((c) => !kept.includes(c))];
}
