// Running processes by name, from /proc/<pid>/status (Name is the 15-character comm).
import { readdir } from 'node:fs/promises';
import type { HostPaths } from './host-paths.js';

export interface HostProcess {
  pid: number;
  /** real uid */
  uid: number;
}

export function parseStatus(text: string): { name: string; uid: number } | undefined {
  const name = /^Name:\s*(.*)$/m.exec(text)?.[1];
  const uid = /^Uid:\s*(\d+)/m.exec(text)?.[1];
  return name === undefined || uid === undefined ? undefined : { name, uid: Number(uid) };
}

export async function findProcesses(host: HostPaths, name: string): Promise<HostProcess[]> {
  let entries: string[];
  try {
    entries = await readdir(host.path('/proc'));
  } catch {
    return [];
  }
  const pids = entries.filter((e) => /^\d+$/.test(e));
  const statuses = await Promise.all(pids.map(async (pid) => ({ pid, text: await host.read(`/proc/${pid}/status`) })));
  const found: HostProcess[] = [];
  for (const { pid, text } of statuses) {
    const status = text === undefined ? undefined : parseStatus(text);
    if (status?.name === name) found.push({ pid: Number(pid), uid: status.uid });
  }
  return found;
}
