// Picks a subordinate id range nobody owns yet, so a suggested `usermod --add-subuids` never
// overlaps another user's block (overlaps let two users' containers share file ownership).
import { parseSubidFile, type SubidRange } from './subid.js';

/** Every range in a subuid/subgid file, whoever owns it. */
export function allSubidRanges(text: string, file: string): SubidRange[] {
  const owners = new Set<string>();
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (trimmed !== '' && !trimmed.startsWith('#')) owners.add(trimmed.split(':')[0] ?? '');
  }
  return parseSubidFile(text, [...owners], file);
}

/** The first id at or above `floor` past every range in the given files (both files, so uid and gid blocks can match). */
export function nextFreeSubidStart(ranges: readonly SubidRange[], floor = 100_000): number {
  return ranges.reduce((start, r) => Math.max(start, r.start + r.count), floor);
}
