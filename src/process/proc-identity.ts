// A pid alone can be reused after its process dies; the pair (pid, start time from
// /proc/<pid>/stat) identifies a process for as long as the machine runs.
import { readFile } from 'node:fs/promises';

export interface ProcIdentity {
  pid: number;
  startTime: string;
}

/** State (field 3) and start time (field 22) of /proc/<pid>/stat. */
export function parseStat(stat: string): { state: string; startTime: string } | undefined {
  // comm (field 2) may contain spaces and parentheses: fields after the last ')' are fixed.
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const [state, startTime] = [rest[0], rest[19]];
  return state === undefined || startTime === undefined ? undefined : { state, startTime };
}

/** The identity of a running process; a zombie (exited, not yet reaped) has none. */
export async function identify(pid: number): Promise<ProcIdentity | undefined> {
  try {
    const stat = parseStat(await readFile(`/proc/${pid}/stat`, 'utf8'));
    return stat === undefined || stat.state === 'Z' ? undefined : { pid, startTime: stat.startTime };
  } catch {
    return undefined;
  }
}

export async function isAlive(id: ProcIdentity): Promise<boolean> {
  const now = await identify(id.pid);
  return now?.startTime === id.startTime;
}
