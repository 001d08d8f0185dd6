// Kernel tunables under /proc/sys, named the way sysctl(8) and the reference's fixes name them.
import type { HostPaths } from './host-paths.js';

export function sysctlPath(name: string): string {
  return `/proc/sys/${name.replaceAll('.', '/')}`;
}

/** The trimmed value, or undefined when this kernel has no such tunable. */
export async function readSysctl(host: HostPaths, name: string): Promise<string | undefined> {
  return host.readTrim(sysctlPath(name));
}

/** Whitespace-separated integers ("1\t0" for ping_group_range); undefined if any field is not one. */
export function parseSysctlInts(value: string): number[] | undefined {
  const fields = value.split(/\s+/).filter((f) => f !== '');
  const ints = fields.map(Number);
  return fields.length > 0 && ints.every(Number.isSafeInteger) ? ints : undefined;
}

/** The persistent fix the reference gives for every tunable: a sysctl.d drop-in, then reload. */
export function sysctlFix(name: string, value: string, dropIn: string): string[] {
  return [`echo '${name} = ${value}' | sudo tee /etc/sysctl.d/${dropIn}`, 'sudo sysctl --system'];
}
