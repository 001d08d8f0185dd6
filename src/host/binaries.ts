// Finds the host's tools on PATH (plus the sbin directories, which an ordinary user's PATH often
// lacks on Debian: runc and iptables live there).
import { access, stat } from 'node:fs/promises';
import { constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { HostPaths } from './host-paths.js';

const SBIN = ['/usr/local/sbin', '/usr/sbin', '/sbin'];

export function searchPath(env: NodeJS.ProcessEnv): string[] {
  const dirs = (env.PATH ?? '/usr/local/bin:/usr/bin:/bin').split(delimiter).filter((d) => d !== '');
  for (const d of SBIN) if (!dirs.includes(d)) dirs.push(d);
  return dirs;
}

/** The host path of `name`, or undefined; `host` lets tests use a fixture tree. */
export async function findBinary(host: HostPaths, env: NodeJS.ProcessEnv, name: string): Promise<string | undefined> {
  for (const dir of searchPath(env)) {
    const candidate = join(dir, name);
    try {
      const real = host.path(candidate);
      const st = await stat(real);
      if (!st.isFile()) continue;
      await access(real, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}
