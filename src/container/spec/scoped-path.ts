import { lstat, readlink } from 'node:fs/promises';
import path from 'node:path';

const MAX_SYMLINKS = 255;

/**
 * Resolves `target` as the container sees it, like moby's FollowSymlinkInScope: every symlink is
 * read where `hostOf` says its container path lives, and an absolute link or a climb with `..`
 * restarts from, or stops at, the container's own /. Returns the resolved container path
 * ('/'-rooted); components that do not exist are kept as they are.
 */
export async function resolveScoped(target: string, hostOf: (containerPath: string) => string): Promise<string> {
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
    const full = hostOf(`/${[...done, part].join('/')}`);
    const info = await lstat(full).catch((e: unknown) => {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
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
  return `/${done.join('/')}`;
}

// Resolves `target` as if rootfs were /: a symlink in the image pointing at /etc/shadow of the
// host, or climbing with .., stays inside the rootfs.
export async function resolveInRoot(rootfs: string, target: string): Promise<string> {
  return path.join(rootfs, await resolveScoped(target, (p) => path.join(rootfs, p)));
}
