// Where this installation's files are. `burrow` runs from a bundle (dist/bundle, one file per
// process entry, see scripts/bundle.mjs) because loading ~70 separate ES modules cost each of the
// daemon's processes ~55 ms of its start; the bundle and the tsc output (which tests import)
// sit at different depths, so paths are found from the package root rather than relative to a module.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findPackageRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

export const PACKAGE_ROOT = findPackageRoot(dirname(fileURLToPath(import.meta.url)));

/** The processes the daemon starts with node, by bundle name. */
export type EntryPoint = 'engine' | 'port-child' | 'netns-bind';

export function entryPoint(name: EntryPoint): string {
  return join(PACKAGE_ROOT, 'dist', 'bundle', `${name}.js`);
}

export function packageVersion(): string {
  return (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}
