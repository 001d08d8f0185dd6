// Go's path/filepath semantics, which decide docker cp's naming rules: the client and dockerd both
// treat a trailing `/` or `/.` as "the directory itself, followed if it is a symlink", and name the
// archived resource after filepath.Base of the requested path.
import { posix } from 'node:path';

/** filepath.Clean for a '/'-rooted or relative path: no trailing slash except on the root. */
export function goClean(p: string): string {
  const normal = posix.normalize(p === '' ? '.' : p);
  return normal.length > 1 && normal.endsWith('/') ? normal.slice(0, -1) : normal;
}

/** filepath.Base: the last element, trailing slashes ignored; '/' for the root, '.' for ''. */
export function goBase(p: string): string {
  if (p === '') return '.';
  const trimmed = p.replace(/\/+$/, '');
  if (trimmed === '') return '/';
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

/** filepath.Split: everything up to and including the last '/', and the rest. */
export function goSplit(p: string): { dir: string; base: string } {
  const i = p.lastIndexOf('/');
  return { dir: p.slice(0, i + 1), base: p.slice(i + 1) };
}

/** archive.PreserveTrailingDotOrSeparator: puts back the `/.` or `/` that cleaning removed. */
export function preserveTrailingDotOrSeparator(cleaned: string, original: string): string {
  let out = cleaned;
  if (goBase(out) !== '.' && goBase(original) === '.') {
    if (!out.endsWith('/')) out += '/';
    out += '.';
  }
  if (!out.endsWith('/') && original.endsWith('/')) out += '/';
  return out;
}

/** The request's path as dockerd considers it: absolute in the container, its trailing `/` or `/.` kept. */
export function containerAbsPath(requested: string): string {
  return preserveTrailingDotOrSeparator(goClean(`/${requested}`), requested);
}
