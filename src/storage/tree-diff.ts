// What a vfs layer changed relative to its parent, found by comparing the two full trees the way
// moby's naive diff driver does: a path differs if its type, mode, owner or device differ, or (not
// for directories, whose times change with every child) its size or mtime. Directories above a
// change are included so their owners and modes survive; deleted names become whiteouts.
import type { BigIntStats } from 'node:fs';
import { lstat, readdir, readlink } from 'node:fs/promises';
import type { PackItem } from '../archive/pack-directory.js';
import { walkTree } from '../archive/pack-directory.js';
import { errnoCode } from '../base/errors.js';
import { joinRel } from './clean-name.js';

const byBytes = (a: string, b: string): number => Buffer.compare(Buffer.from(a), Buffer.from(b));

async function names(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (err) {
    if (errnoCode(err) === 'ENOENT' || errnoCode(err) === 'ENOTDIR') return [];
    throw err;
  }
}

/** moby's statDifferent: type, mode, owner or device, and for non-directories size or mtime. */
export function differs(a: BigIntStats, b: BigIntStats): boolean {
  if (a.mode !== b.mode || a.uid !== b.uid || a.gid !== b.gid || a.rdev !== b.rdev) return true;
  return !b.isDirectory() && (a.size !== b.size || a.mtimeNs !== b.mtimeNs);
}

async function everything(upper: string, rel: string): Promise<PackItem[]> {
  const items: PackItem[] = [];
  for await (const item of walkTree(upper, rel)) items.push(item);
  return items;
}

async function diffDir(lower: string, upper: string, rel: string, skip: (rel: string) => boolean): Promise<PackItem[]> {
  const lowerDir = rel === '' ? lower : `${lower}/${rel}`;
  const upperDir = rel === '' ? upper : `${upper}/${rel}`;
  const [inLower, inUpper] = await Promise.all([names(lowerDir), names(upperDir)]);
  const upperSet = new Set(inUpper);
  const lowerSet = new Set(inLower);
  const items: PackItem[] = [];
  for (const name of [...new Set([...inLower, ...inUpper])].sort(byBytes)) {
    const child = joinRel(rel, name);
    if (skip(child)) continue;
    if (!upperSet.has(name)) {
      items.push({ rel: child, whiteout: true });
      continue;
    }
    const now = await lstat(`${upperDir}/${name}`, { bigint: true });
    const before = lowerSet.has(name) ? await lstat(`${lowerDir}/${name}`, { bigint: true }) : undefined;
    let changed = before === undefined || differs(before, now);
    if (!changed && now.isSymbolicLink()) changed = (await readlink(`${lowerDir}/${name}`)) !== (await readlink(`${upperDir}/${name}`));
    if (!now.isDirectory()) {
      if (changed) items.push({ rel: child });
      continue;
    }
    const below = before?.isDirectory() === true ? await diffDir(lower, upper, child, skip) : (await everything(upper, child)).filter((i) => !skip(i.rel));
    if (changed || below.length > 0) items.push({ rel: child }, ...below);
  }
  return items;
}

/** The paths of `upper` that differ from `lower`, and whiteouts for those it lacks, in tar order; `skip` leaves out a path and all below it. */
export async function* changedPaths(lower: string, upper: string, skip: (rel: string) => boolean = () => false): AsyncGenerator<PackItem> {
  yield* await diffDir(lower, upper, '', skip);
}
