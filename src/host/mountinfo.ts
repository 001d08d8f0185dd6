// /proc/self/mountinfo, parsed per proc(5): the optional fields end at a lone "-", and paths escape
// space, tab, newline and backslash as octal (\040).
import { posix } from 'node:path';
import type { HostPaths } from './host-paths.js';

export interface MountEntry {
  mountPoint: string;
  root: string;
  fsType: string;
  source: string;
  options: string[];
}

function unescapeOctal(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_, oct: string) => String.fromCharCode(parseInt(oct, 8)));
}

export function parseMountinfo(text: string): MountEntry[] {
  const entries: MountEntry[] = [];
  for (const line of text.split('\n')) {
    const fields = line.split(' ');
    const dash = fields.indexOf('-', 6);
    if (dash < 0 || fields.length < dash + 3) continue;
    entries.push({
      root: unescapeOctal(fields[3] ?? ''),
      mountPoint: unescapeOctal(fields[4] ?? ''),
      options: (fields[5] ?? '').split(','),
      fsType: fields[dash + 1] ?? '',
      source: unescapeOctal(fields[dash + 2] ?? ''),
    });
  }
  return entries;
}

function isUnder(path: string, mountPoint: string): boolean {
  return mountPoint === '/' || path === mountPoint || path.startsWith(mountPoint + '/');
}

/** The mount an absolute path lives on: the longest mount point containing it; the last one wins when stacked. */
export function mountOf(entries: readonly MountEntry[], path: string): MountEntry | undefined {
  const normal = posix.normalize(path);
  let best: MountEntry | undefined;
  for (const entry of entries) {
    if (!isUnder(normal, entry.mountPoint)) continue;
    if (best === undefined || entry.mountPoint.length >= best.mountPoint.length) best = entry;
  }
  return best;
}

export async function readMountinfo(host: HostPaths): Promise<MountEntry[]> {
  return parseMountinfo((await host.read('/proc/self/mountinfo')) ?? '');
}
