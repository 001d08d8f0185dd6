// A container's processes are those in its init's pid namespace. The engine shares the user
// namespace runc runs containers in, so /proc/<pid>/ns/pid is readable for each of them.
import { readdir, readlink } from 'node:fs/promises';
import type { HostPaths } from '../../host/host-paths.js';

async function pidNamespace(host: HostPaths, pid: number | string): Promise<string | undefined> {
  return readlink(host.path(`/proc/${pid}/ns/pid`)).catch(() => undefined);
}

/** Pids (as the engine sees them) in the pid namespace of `initPid`; empty once it has gone. */
export async function containerPids(host: HostPaths, initPid: number): Promise<number[]> {
  const ns = await pidNamespace(host, initPid);
  if (ns === undefined) return [];
  const entries = await readdir(host.path('/proc')).catch(() => []);
  const pids = entries.filter((e) => /^\d+$/.test(e));
  const links = await Promise.all(pids.map((pid) => pidNamespace(host, pid)));
  return pids.filter((_, i) => links[i] === ns).map(Number).sort((a, b) => a - b);
}
