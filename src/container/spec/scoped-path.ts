import { lstat, readlink } from 'node:fs/promises';
import path from 'node:path';

const MAX_SYMLINKS = 255;

// Resolves `target` as if rootfs were /, like moby's FollowSymlinkInScope: a symlink in the
// image pointing at /etc/shadow of the host, or climbing with .., stays inside the rootfs.
export async function resolveInRoot(rootfs: string, target: string): Promise<string> {
  const pending = target.split('/').filter((p) => p !== '');
  const done: string[] = [];
  let hops = 0;
  while (pending.length > 0) {
    const part = pending.shift();
    if (part === undefined || part === '.') continue;
    if (part === '..') {
      done.pop();
      continue;
    }
    const full = path.join(rootfs, ...done, part);
    const info = await lstat(full).catch((e: unknown) => {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    });
    if (info?.isSymbolicLink() !== true) {
      done.push(part);
      continue;
    }
    if (++hops > MAX_SYMLINKS) throw new Error(`too many symlinks resolving ${target} in the container`);
    const link = await readlink(full);
    if (link.startsWith('/')) done.length = 0;
    pending.unshift(...link.split('/').filter((p) => p !== ''));
  }
  return path.join(rootfs, ...done);
}
