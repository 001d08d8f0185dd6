import type { CreateHostConfig, SpecInput } from './input.js';
import type { OciMount } from './oci-types.js';
import { mergeTmpfsOptions } from './tmpfs-options.js';
import { INIT_PATH } from './process-args.js';

export const DEFAULT_SHM_SIZE = 64 * 1024 * 1024;
const NO_EXEC = ['nosuid', 'noexec', 'nodev'];

// moby's defaults (oci/defaults.go) with a rootless change: devpts has no gid=5, which runc
// refuses when gid 5 may be unmapped. A fresh sysfs is fine in every network namespace a
// container gets, as the engine's user namespace owns them all.
function defaultMounts(input: SpecInput): OciMount[] {
  const shmSize = input.hostConfig.ShmSize !== undefined && input.hostConfig.ShmSize > 0 ? input.hostConfig.ShmSize : DEFAULT_SHM_SIZE;
  const sys: OciMount = { destination: '/sys', type: 'sysfs', source: 'sysfs', options: [...NO_EXEC, 'ro'] };
  const mounts: OciMount[] = [
    { destination: '/proc', type: 'proc', source: 'proc', options: [...NO_EXEC] },
    { destination: '/dev', type: 'tmpfs', source: 'tmpfs', options: ['nosuid', 'strictatime', 'mode=755', 'size=65536k'] },
    { destination: '/dev/pts', type: 'devpts', source: 'devpts', options: ['nosuid', 'noexec', 'newinstance', 'ptmxmode=0666', 'mode=0620'] },
    sys,
    { destination: '/dev/mqueue', type: 'mqueue', source: 'mqueue', options: [...NO_EXEC] },
    { destination: '/dev/shm', type: 'tmpfs', source: 'shm', options: [...NO_EXEC, 'mode=1777', `size=${shmSize}`] },
  ];
  if (input.cgroupsPath !== undefined) {
    mounts.push({ destination: '/sys/fs/cgroup', type: 'cgroup', source: 'cgroup', options: ['ro', ...NO_EXEC] });
  }
  if (input.hostConfig.Privileged === true) {
    for (const m of mounts) {
      if (m.destination.startsWith('/sys')) m.options = m.options?.filter((o) => o !== 'ro');
    }
  }
  return mounts;
}

function tmpfsMounts(hostConfig: CreateHostConfig): OciMount[] {
  return Object.entries(hostConfig.Tmpfs ?? {}).map(([destination, data]) => ({
    destination,
    type: 'tmpfs',
    source: 'tmpfs',
    options: mergeTmpfsOptions([...NO_EXEC, 'rprivate', ...(data === '' ? [] : data.split(','))]),
  }));
}

function etcMounts(input: SpecInput): OciMount[] {
  const options = ['rbind', 'rprivate', ...(input.hostConfig.ReadonlyRootfs === true ? ['ro'] : [])];
  const { hosts, resolvConf, hostname } = input.etcFiles;
  return [
    { destination: '/etc/hosts', type: 'bind', source: hosts, options },
    { destination: '/etc/resolv.conf', type: 'bind', source: resolvConf, options },
    { destination: '/etc/hostname', type: 'bind', source: hostname, options },
  ];
}

function depth(path: string): number {
  return path.split('/').filter((p) => p !== '').length;
}

// User mounts replace defaults at the same destination and are sorted parents first, as
// moby's sortMounts does, so a mount under another one is not hidden by it.
export function buildMounts(input: SpecInput): OciMount[] {
  const user = [...input.mounts, ...tmpfsMounts(input.hostConfig)];
  const taken = new Set(user.map((m) => m.destination));
  const extra = etcMounts(input).filter((m) => !taken.has(m.destination));
  if (input.init !== undefined) extra.push({ destination: INIT_PATH, type: 'bind', source: input.init, options: ['bind', 'ro'] });
  const defaults = defaultMounts(input).filter((m) => !taken.has(m.destination));
  const sorted = [...user, ...extra].sort((a, b) => depth(a.destination) - depth(b.destination));
  return [...defaults, ...sorted];
}
