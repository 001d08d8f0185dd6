// One file on disk as a tar entry, from its lstat: the type, owner, mode, seconds-truncated mtime
// (as moby writes them), device numbers, and hard links after the first as links to it.
import { constants, type BigIntStats } from 'node:fs';
import { open, readlink } from 'node:fs/promises';
import type { TarInput } from './tar-writer.js';
import type { TarEntryType } from './tar-types.js';

export function entryType(st: BigIntStats): Exclude<TarEntryType, 'hardlink'> | undefined {
  if (st.isFile()) return 'file';
  if (st.isDirectory()) return 'dir';
  if (st.isSymbolicLink()) return 'symlink';
  if (st.isFIFO()) return 'fifo';
  if (st.isCharacterDevice()) return 'char';
  if (st.isBlockDevice()) return 'block';
  return undefined; // sockets are not archived (Go's tar.FileInfoHeader refuses them)
}

const major = (rdev: bigint): number => Number(((rdev >> 8n) & 0xfffn) | ((rdev >> 32n) & ~0xfffn));
const minor = (rdev: bigint): number => Number((rdev & 0xffn) | ((rdev >> 12n) & ~0xffn));

/**
 * The entry for `path`, lstat'd as `st`, named `name` (a directory gets its trailing `/`);
 * `firstName` maps inodes to the first name they were archived under. Files are opened with
 * O_NOFOLLOW: one swapped for a symlink since the lstat is not followed out of the tree.
 */
export async function statEntry(path: string, name: string, st: BigIntStats, firstName: Map<string, string>, xattrs?: Map<string, Buffer>): Promise<TarInput | undefined> {
  const type = entryType(st);
  if (type === undefined) return undefined;
  const header = {
    name,
    mode: Number(st.mode) & 0o7777,
    uid: Number(st.uid),
    gid: Number(st.gid),
    mtime: Number(st.mtimeNs / 1_000_000_000n),
    ...(xattrs === undefined ? {} : { xattrs }),
  };
  if (type !== 'dir' && st.nlink > 1n) {
    const key = `${String(st.dev)}:${String(st.ino)}`;
    const first = firstName.get(key);
    if (first !== undefined) return { header: { ...header, type: 'hardlink', linkname: first } };
    firstName.set(key, name);
  }
  switch (type) {
    case 'file':
      return { header: { ...header, type, size: Number(st.size) }, body: (await open(path, constants.O_RDONLY | constants.O_NOFOLLOW)).createReadStream() };
    case 'symlink':
      return { header: { ...header, type, linkname: await readlink(path) } };
    case 'dir':
      return { header: { ...header, type, name: `${name}/` } };
    case 'char':
    case 'block':
      return { header: { ...header, type, devmajor: major(st.rdev), devminor: minor(st.rdev) } };
    case 'fifo':
      return { header: { ...header, type } };
  }
}
