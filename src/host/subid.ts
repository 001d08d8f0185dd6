// Subordinate id ranges as RootlessKit's static source reads them: /etc/subuid and /etc/subgid,
// matched by user name or decimal uid, every matching range collected, packed contiguously from
// inner id 1 (the user itself is inner 0).
import type { HostPaths } from './host-paths.js';

export interface SubidRange {
  start: number;
  count: number;
}

export class SubidFormatError extends Error {}

/** Parses subuid/subgid text; `who` holds the user name and the decimal uid (or gid). */
export function parseSubidFile(text: string, who: readonly string[], file = '/etc/subuid'): SubidRange[] {
  const ranges: SubidRange[] = [];
  for (const [i, raw] of text.split('\n').entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const fields = line.split(':');
    if (fields.length !== 3) throw new SubidFormatError(`${file}:${i + 1}: Format not correct: ${JSON.stringify(line)}`);
    const [name, startText, countText] = fields as [string, string, string];
    if (!who.includes(name)) continue;
    const start = Number(startText);
    const count = Number(countText);
    if (!Number.isSafeInteger(start) || !Number.isSafeInteger(count) || start < 0 || count <= 0) {
      throw new SubidFormatError(`${file}:${i + 1}: Format not correct: ${JSON.stringify(line)}`);
    }
    if (!ranges.some((r) => r.start === start && r.count === count)) ranges.push({ start, count });
  }
  return ranges;
}

export function totalCount(ranges: readonly SubidRange[]): number {
  return ranges.reduce((n, r) => n + r.count, 0);
}

/** Arguments after the pid for newuidmap/newgidmap: `0 <own> 1 1 <start1> <count1> …`. */
export function idMapArgs(ownId: number, ranges: readonly SubidRange[]): string[] {
  const args = ['0', String(ownId), '1'];
  let inner = 1;
  for (const r of ranges) {
    args.push(String(inner), String(r.start), String(r.count));
    inner += r.count;
  }
  return args;
}

export interface UserSubids {
  uids: SubidRange[];
  gids: SubidRange[];
}

export async function readUserSubids(host: HostPaths, name: string, uid: number, gid: number): Promise<UserSubids> {
  const [uidText, gidText] = await Promise.all([host.read('/etc/subuid'), host.read('/etc/subgid')]);
  return {
    uids: parseSubidFile(uidText ?? '', [name, String(uid)], '/etc/subuid'),
    gids: parseSubidFile(gidText ?? '', [name, String(gid), String(uid)], '/etc/subgid'),
  };
}
