// A layer directory back into an OCI layer tar: sorted like Go's filepath.Walk (so the same tree
// always gives the same bytes), owners and modes as on disk, mtimes truncated to seconds as moby
// does, hard links by inode, and overlay whiteouts (char 0/0, opaque xattr) turned back into
// `.wh.` entries.
import { createReadStream, type BigIntStats } from 'node:fs';
import { lstat, readdir, readlink } from 'node:fs/promises';
import { posix } from 'node:path';
import type { Readable } from 'node:stream';
import { isOpaqueXattrs, isPortableXattr, OPAQUE_MARKER, WHITEOUT_PREFIX } from './overlay-names.js';
import { packTar, type TarInput } from './tar-writer.js';
import type { TarEntryType } from './tar-types.js';
import type { XattrAccess } from './xattrs.js';
import { pathExists } from '../base/path-exists.js';

export interface PackOptions {
  /** Reads attributes and opaque markers; without it entries carry no xattrs. */
  xattrs?: XattrAccess | undefined;
}

/** One path (relative to the packed root) to emit, or a deletion to emit as a whiteout. */
export interface PackItem {
  rel: string;
  whiteout?: boolean;
}

const byBytes = (a: string, b: string): number => Buffer.compare(Buffer.from(a), Buffer.from(b));

export async function* walkTree(root: string, rel = ''): AsyncGenerator<PackItem> {
  const dirents = await readdir(rel === '' ? root : posix.join(root, rel), { withFileTypes: true });
  dirents.sort((a, b) => byBytes(a.name, b.name));
  for (const d of dirents) {
    const child = rel === '' ? d.name : `${rel}/${d.name}`;
    yield { rel: child };
    if (d.isDirectory()) yield* walkTree(root, child);
  }
}

function major(rdev: bigint): number {
  return Number(((rdev >> 8n) & 0xfffn) | ((rdev >> 32n) & ~0xfffn));
}
function minor(rdev: bigint): number {
  return Number((rdev & 0xffn) | ((rdev >> 12n) & ~0xffn));
}

function typeOf(st: BigIntStats): Exclude<TarEntryType, 'hardlink'> | undefined {
  if (st.isFile()) return 'file';
  if (st.isDirectory()) return 'dir';
  if (st.isSymbolicLink()) return 'symlink';
  if (st.isFIFO()) return 'fifo';
  if (st.isCharacterDevice()) return 'char';
  if (st.isBlockDevice()) return 'block';
  return undefined; // sockets are not archived
}

function whiteoutName(rel: string): string {
  const dir = posix.dirname(rel);
  return `${dir === '.' ? '' : `${dir}/`}${WHITEOUT_PREFIX}${posix.basename(rel)}`;
}

function portable(attrs: Map<string, Buffer> | undefined): Map<string, Buffer> {
  return new Map([...(attrs ?? [])].filter(([name]) => isPortableXattr(name)));
}

async function* entriesOf(root: string, items: AsyncIterable<PackItem>, options: PackOptions): AsyncGenerator<TarInput> {
  const xattrs = options.xattrs === undefined ? new Map<string, Map<string, Buffer>>() : await options.xattrs.readTree(root);
  const firstName = new Map<string, string>();
  for await (const item of items) {
    if (item.whiteout === true) {
      yield { header: { name: whiteoutName(item.rel), type: 'file', mode: 0, size: 0 } };
      continue;
    }
    const full = posix.join(root, item.rel);
    const st = await lstat(full, { bigint: true });
    const type = typeOf(st);
    if (type === undefined) continue;
    const common = {
      mode: Number(st.mode) & 0o7777,
      uid: Number(st.uid),
      gid: Number(st.gid),
      mtime: Number(st.mtimeNs / 1_000_000_000n),
    };
    if (type === 'char' && st.rdev === 0n) {
      yield { header: { ...common, mode: common.mode & 0o777, name: whiteoutName(item.rel), type: 'file', size: 0 } };
      continue;
    }
    const attrs = xattrs.get(item.rel);
    const base = { ...common, name: item.rel, xattrs: portable(attrs) };
    if (type !== 'dir' && st.nlink > 1n) {
      const key = `${String(st.dev)}:${String(st.ino)}`;
      const first = firstName.get(key);
      if (first !== undefined) {
        yield { header: { ...base, type: 'hardlink', linkname: first } };
        continue;
      }
      firstName.set(key, item.rel);
    }
    switch (type) {
      case 'file':
        yield { header: { ...base, type, size: Number(st.size) }, body: createReadStream(full) };
        break;
      case 'symlink':
        yield { header: { ...base, type, linkname: await readlink(full) } };
        break;
      case 'dir':
        yield { header: { ...base, name: `${item.rel}/`, type } };
        if (isOpaqueXattrs(attrs) && !(await pathExists(posix.join(full, OPAQUE_MARKER)))) {
          yield { header: { ...common, mode: common.mode & 0o777, name: `${item.rel}/${OPAQUE_MARKER}`, type: 'file', size: 0 } };
        }
        break;
      case 'char':
      case 'block':
        yield { header: { ...base, type, devmajor: major(st.rdev), devminor: minor(st.rdev) } };
        break;
      case 'fifo':
        yield { header: { ...base, type } };
        break;
    }
  }
}


/** The tar of `items` under `root`, in the order given. */
export function packPaths(root: string, items: AsyncIterable<PackItem>, options: PackOptions = {}): Readable {
  return packTar(entriesOf(root, items, options));
}

/** The tar of everything under `dir` (not `dir` itself), with overlay whiteouts in OCI form. */
export function packDirectory(dir: string, options: PackOptions = {}): Readable {
  return packPaths(dir, walkTree(dir), options);
}
