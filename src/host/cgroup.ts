// Which cgroup layout the host booted with, and what systemd delegates to the user: dockerd's
// rootless cgroup driver is "systemd" only on a pure v2 host, otherwise "none".
import type { HostPaths } from './host-paths.js';

export type CgroupLayout = 'v2' | 'hybrid' | 'v1';

export async function detectCgroupLayout(host: HostPaths): Promise<CgroupLayout> {
  if (await host.exists('/sys/fs/cgroup/cgroup.controllers')) return 'v2';
  if (await host.exists('/sys/fs/cgroup/unified/cgroup.controllers')) return 'hybrid';
  return 'v1';
}

export function userServiceCgroup(uid: number): string {
  return `/sys/fs/cgroup/user.slice/user-${uid}.slice/user@${uid}.service`;
}

/** Controllers systemd hands to the user's manager; undefined when there is no user@<uid>.service. */
export async function delegatedControllers(host: HostPaths, uid: number): Promise<string[] | undefined> {
  const text = await host.read(`${userServiceCgroup(uid)}/cgroup.controllers`);
  return text?.split(/\s+/).filter((c) => c !== '');
}
