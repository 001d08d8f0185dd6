// A layer directory back into an OCI layer tar: sorted like Go's filepath.Walk (so the same tree
// always gives the same bytes), owners and modes as on disk, mtimes truncated to seconds as moby
// does, hard links by inode, and overlay whiteouts (char 0/0, opaque xattr) turned back into
// `.wh.` entries.
import { lstat, readdir } from 'node:fs/promises';
import { posix } from 'node:path';
import type { Readable } from 'node:stream';
import { isOpaqueXattrs, isPortableXattr, OPAQUE_MARKER, WHITEOUT_PREFIX } from './overlay-names.js';
import { statEntry } from './stat-entry.js';
import { packTar, type TarInput } from './tar-writer.js';
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
    if (st.isCharacterDevice() && st.rdev === 0n) {
      yield { header: { name: whiteoutName(item.rel), type: 'file', mode: Number(st.mode) & 0o777, uid: Number(st.uid), gid: Number(st.gid), mtime: Number(st.mtimeNs / 1_000_000_000n), size: 0 } };
      continue;
    }
    const attrs = xattrs.get(item.rel);
    const entry = await statEntry(full, item.rel, st, firstName, portable(attrs));
    if (entry === undefined) continue;
    yield entry;
    if (entry.header.type === 'dir' && isOpaqueXattrs(attrs) && !(await pathExists(posix.join(full, OPAQUE_MARKER)))) {
      const { mode, uid, gid, mtime } = entry.header;
      yield { header: { name: `${item.rel}/${OPAQUE_MARKER}`, type: 'file', mode: (mode ?? 0) & 0o777, uid, gid, mtime, size: 0 } };
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
