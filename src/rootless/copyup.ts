// --no-mtab everywhere: once /etc is a tmpfs, mount(8) would fail writing /etc/mtab (rootlesskit#45).
// RootlessKit's tmpfs+symlink copy-up, run inside the holder's mount namespace: the directory
// becomes a writable tmpfs whose entries are symlinks into the original (moved underneath as
// .ro<rand>), so the engine can replace /etc/resolv.conf or create /run/docker without touching
// the host, and a host that recreates /etc/resolv.conf does not leave a stale bind mount behind.
import { mkdtemp, mkdir, readdir, readlink, rmdir, symlink, lstat, rm, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { runChecked } from '../process/run.js';

/** Written last, so a copy-up cut short (the engine killed halfway) is never mistaken for a whole one. */
export const COPIED_UP_MARK = '.burrow-copied-up';

/** True when `dir` already has a tmpfs on it (the engine rejoined an existing namespace). */
export function isCopiedUp(mountinfo: string, dir: string): boolean {
  return mountinfo.split('\n').some((line) => {
    const f = line.split(' ');
    const sep = f.indexOf('-');
    return f[4] === dir && sep > 0 && f[sep + 1] === 'tmpfs';
  });
}

export async function copyUp(dir: string): Promise<void> {
  const saved = await mkdtemp('/tmp/burrow-copyup-');
  await runChecked('mount', ['--no-mtab', '--rbind', dir, saved]);
  await runChecked('mount', ['--no-mtab', '-t', 'tmpfs', '-o', 'mode=0755', 'tmpfs', dir]);
  const ro = join(dir, `.ro${randomBytes(4).toString('hex')}`);
  await mkdir(ro);
  await runChecked('mount', ['--no-mtab', '--move', saved, ro]);
  await rmdir(saved);
  for (const name of await readdir(ro)) {
    const original = join(ro, name);
    const st = await lstat(original);
    await symlink(st.isSymbolicLink() ? await readlink(original) : original, join(dir, name));
  }
  await writeFile(join(dir, COPIED_UP_MARK), '');
}

/** Drops the copied-up links the engine must own itself (dockerd-rootless.sh does the same). */
export async function releaseRunEntries(names: readonly string[]): Promise<void> {
  await Promise.all(names.map((n) => rm(join('/run', n), { force: true })));
}
