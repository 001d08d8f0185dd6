// A pid alone can be reused after its process dies; the pair (pid, start time from
// /proc/<pid>/stat) identifies a process for as long as the machine runs.
import { readFile } from 'node:fs/promises';

export interface ProcIdentity {
  pid: number;
  startTime: string;
}

export function parseStartTime(stat: string): string | undefined {
  // comm (field 2) may contain spaces and parentheses: fields after the last ')' are fixed.
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return rest[19];
}

export async function identify(pid: number): Promise<ProcIdentity | undefined> {
  try {
    const startTime = parseStartTime(await readFile(`/proc/${pid}/stat`, 'utf8'));
    return startTime === undefined ? undefined : { pid, startTime };
  } catch {
    return undefined;
  }
}

export async function isAlive(id: ProcIdentity): Promise<boolean> {
  const now = await identify(id.pid);
  return now?.startTime === id.startTime;
}
