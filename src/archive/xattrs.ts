// Node has no xattr API. Until a native helper provides one, the getfattr/setfattr binaries of the
// Debian `attr` package do, when installed: one getfattr for a whole tree (packing), one setfattr
// per entry that carries attributes (unpacking; those are few).
import { resolve } from 'node:path';
import { findBinary } from '../host/binaries.js';
import { HostPaths } from '../host/host-paths.js';
import { runTool, runToolChecked } from './run-tool.js';
import { formatDump, parseDump } from './xattr-dump.js';

export interface XattrAccess {
  /** Attributes of every file under `root` that has some, keyed by path relative to root ('' is root). Links are not followed. */
  readTree(root: string): Promise<Map<string, Map<string, Buffer>>>;
  /** Sets `attrs` on `path`, not following a final symlink. Rejects with the tool's message. */
  set(path: string, attrs: ReadonlyMap<string, Buffer>): Promise<void>;
}

export function binaryXattrs(getfattr: string, setfattr: string): XattrAccess {
  return {
    async readTree(root) {
      const top = resolve(root);
      // Exit status 1 only means some attribute could not be read (trusted.* without privilege).
      const r = await runTool(getfattr, ['--absolute-names', '-R', '-P', '-h', '-d', '-m', '-', '-e', 'base64', '--', top]);
      if (r.code !== 0 && r.code !== 1) throw new Error(`${getfattr}: ${r.stderr.trim()}`);
      const byRelative = new Map<string, Map<string, Buffer>>();
      for (const [path, attrs] of parseDump(r.stdout)) {
        if (path === top) byRelative.set('', attrs);
        else if (path.startsWith(`${top}/`)) byRelative.set(path.slice(top.length + 1), attrs);
      }
      return byRelative;
    },
    async set(path, attrs) {
      if (attrs.size === 0) return;
      await runToolChecked(setfattr, ['-h', '--restore=-'], formatDump(path, attrs));
    },
  };
}

/** The attr package's tools, or undefined when they are not installed. */
export async function findXattrTools(env: NodeJS.ProcessEnv = process.env): Promise<XattrAccess | undefined> {
  const host = new HostPaths();
  const [getfattr, setfattr] = await Promise.all([findBinary(host, env, 'getfattr'), findBinary(host, env, 'setfattr')]);
  return getfattr === undefined || setfattr === undefined ? undefined : binaryXattrs(getfattr, setfattr);
}
