// Resolves symlinks in a host path that may not exist yet (a data-root before the first start), so
// a home directory that is a symlink onto another filesystem is judged by where it really lives.
import { realpath } from 'node:fs/promises';
import { posix, relative, sep } from 'node:path';
import type { HostPaths } from './host-paths.js';

export async function realHostPath(host: HostPaths, hostPath: string): Promise<string> {
  const root = host.root === '/' ? '/' : await realpath(host.root);
  let existing = posix.normalize(hostPath);
  let rest = '';
  for (;;) {
    try {
      const real = await realpath(host.path(existing));
      const inside = root === '/' ? real : relative(root, real);
      // A link leading out of a fixture tree cannot be followed meaningfully; keep the path as given.
      if (inside.startsWith('..')) return hostPath;
      const base = root === '/' ? inside : '/' + inside.split(sep).join('/');
      return posix.join(base, rest);
    } catch {
      if (existing === '/') return hostPath;
      rest = posix.join(posix.basename(existing), rest);
      existing = posix.dirname(existing);
    }
  }
}
