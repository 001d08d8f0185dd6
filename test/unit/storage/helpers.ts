import { createHash } from 'node:crypto';
import { lstat, readdir, readFile, readlink } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import type { TestContext } from 'node:test';
import { packTar, type TarInput } from '../../../src/archive/tar-writer.js';
import { createLayerStore, type LayerStore, type LayerStoreOptions } from '../../../src/storage/index.js';
import { run, tempDir } from '../archive/helpers.js';

export const DRIVERS = ['overlay2', 'fuse-overlayfs', 'vfs'] as const;
export type Driver = (typeof DRIVERS)[number];

export const T = 1700000000;

export function layerId(n: number): string {
  return n.toString(16).padStart(64, '0');
}

export function tarOf(entries: TarInput[]): Readable {
  return packTar(entries.map((e) => ({ ...e, header: { mtime: T, ...e.header } })));
}

export interface Logged {
  level: 'debug' | 'warn';
  msg: string;
  fields: Record<string, unknown> | undefined;
}

export async function newStore(t: TestContext, driver: Driver, options: Partial<LayerStoreOptions> = {}): Promise<{ store: LayerStore; root: string; logs: Logged[] }> {
  const root = await tempDir(t, 'burrow-layers-');
  const logs: Logged[] = [];
  const logger = {
    debug: (msg: string, fields?: Record<string, unknown>) => logs.push({ level: 'debug', msg, fields }),
    warn: (msg: string, fields?: Record<string, unknown>) => logs.push({ level: 'warn', msg, fields }),
  };
  return { store: createLayerStore({ root, driver, logger, ...options }), root, logs };
}

/** One line per path: type, mode, owner, size, mtime (not for dirs), link target, content hash, link count. */
export async function snapshot(root: string, rel = ''): Promise<string[]> {
  const lines: string[] = [];
  const names = (await readdir(rel === '' ? root : `${root}/${rel}`)).sort();
  for (const name of names) {
    const path = rel === '' ? name : `${rel}/${name}`;
    const full = `${root}/${path}`;
    const st = await lstat(full);
    const type = st.isDirectory() ? 'd' : st.isSymbolicLink() ? 'l' : st.isFIFO() ? 'p' : st.isCharacterDevice() ? `c${st.rdev}` : st.isFile() ? 'f' : '?';
    const extra = st.isFile() ? `${st.size} ${createHash('sha1').update(await readFile(full)).digest('hex').slice(0, 8)} n${st.nlink}` : st.isSymbolicLink() ? `-> ${await readlink(full)}` : '';
    const mtime = st.isDirectory() ? '' : ` t${Math.floor(st.mtimeMs / 1000)}`;
    lines.push(`${path} ${type} ${(st.mode & 0o7777).toString(8)} ${st.uid}:${st.gid}${mtime} ${extra}`.trimEnd());
    if (st.isDirectory()) lines.push(...(await snapshot(root, path)));
  }
  return lines;
}

/**
 * How overlay `lowerDirs` (top first) look when really mounted, by the kernel or by fuse-overlayfs,
 * as `find` lists them; undefined if mounting is impossible here.
 */
export async function mountedView(t: TestContext, driver: 'overlay2' | 'fuse-overlayfs', lowerDirs: string[]): Promise<string[] | undefined> {
  const mnt = await tempDir(t, 'burrow-mnt-');
  const find = `find ${mnt} -mindepth 1 -printf '%P %y %m %U:%G\\n' | sort`;
  let script: string;
  if (driver === 'overlay2') {
    const dirs = lowerDirs.length === 1 ? [...lowerDirs, await tempDir(t, 'burrow-empty-')] : lowerDirs;
    script = `mount -t overlay overlay -o ro,userxattr,lowerdir=${dirs.join(':')} ${mnt} && ${find}`;
  } else {
    const [upper, work] = [await tempDir(t, 'burrow-upper-'), await tempDir(t, 'burrow-work-')];
    script = `fuse-overlayfs -o lowerdir=${lowerDirs.join(':')},upperdir=${upper},workdir=${work} ${mnt} 2>/dev/null && ${find}; fusermount3 -u ${mnt}`;
  }
  try {
    const out = (await run('unshare', ['-m', 'sh', '-c', script])).toString().trim();
    return out === '' ? undefined : out.split('\n');
  } catch {
    return undefined;
  }
}

/** The same fields `kernelOverlayView` prints, for a plain directory. */
export async function findView(dir: string): Promise<string[]> {
  return (await run('sh', ['-c', `find ${dir} -mindepth 1 -printf '%P %y %m %U:%G\\n' | sort`])).toString().trim().split('\n');
}
