import type { CreateHostConfig, NetworkNamespace } from './input.js';
import type { OciNamespace, OciRlimit } from './oci-types.js';

// moby's oci/defaults.go lists.
export const MASKED_PATHS = [
  '/proc/asound', '/proc/acpi', '/proc/kcore', '/proc/keys', '/proc/latency_stats', '/proc/timer_list',
  '/proc/timer_stats', '/proc/sched_debug', '/proc/scsi', '/sys/firmware', '/sys/devices/virtual/powercap',
];
export const READONLY_PATHS = ['/proc/bus', '/proc/fs', '/proc/irq', '/proc/sys', '/proc/sysrq-trigger'];

const ULIMIT_NAMES = [
  'as', 'core', 'cpu', 'data', 'fsize', 'locks', 'memlock', 'msgqueue', 'nice', 'nofile', 'nproc',
  'rss', 'rtprio', 'rttime', 'sigpending', 'stack',
];

// No user namespace entry: the engine already runs in one and runc/crun run rootless in it.
// Without a network entry the container stays in the engine's network namespace.
export function namespaces(network: NetworkNamespace): OciNamespace[] {
  const list: OciNamespace[] = [{ type: 'pid' }, { type: 'ipc' }, { type: 'uts' }, { type: 'mount' }];
  if (network === 'none') list.push({ type: 'network' });
  else list.push({ type: 'network', path: network.path });
  return list;
}

export function rlimits(hostConfig: CreateHostConfig): OciRlimit[] {
  return (hostConfig.Ulimits ?? []).map((u) => {
    const name = u.Name.toLowerCase();
    if (!ULIMIT_NAMES.includes(name)) throw new Error(`invalid ulimit type: ${u.Name}`);
    if (u.Soft > u.Hard) throw new Error(`ulimit soft limit must be less than or equal to hard limit: ${u.Soft} > ${u.Hard}`);
    return { type: `RLIMIT_${name.toUpperCase()}`, soft: u.Soft, hard: u.Hard };
  });
}

// net.* sysctls write to the container's network namespace; in the engine's own they would
// change the engine's networking for every container, so moby refuses them there.
export function sysctls(hostConfig: CreateHostConfig, network: NetworkNamespace): Record<string, string> {
  const entries = Object.entries(hostConfig.Sysctls ?? {});
  for (const [key] of entries) {
    if (network !== 'none' && network.host === true && key.startsWith('net.')) throw new Error(`sysctl "${key}" is not allowed in host network mode`);
  }
  // moby's default for a container with a network namespace of its own: low ports for a non-root
  // process (the namespace is the container's alone). Its other default, ping_group_range
  // "0 2147483647", names groups this user namespace does not map, which the kernel refuses.
  const defaults: Record<string, string> = network === 'none' ? { 'net.ipv4.ip_unprivileged_port_start': '0' } : {};
  return { ...defaults, ...Object.fromEntries(entries) };
}
