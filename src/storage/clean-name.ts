// Tar member names as paths relative to the layer root. A leading '/' is dropped as Docker does;
// a name that climbs out of the root with '..' is refused, never clamped (clamping would write
// somewhere the image author did not name).
import { posix } from 'node:path';
import { InvalidParameterError } from '../base/errors.js';

/** The cleaned relative path ('' for the root itself). */
export function cleanName(name: string, entryName = name): string {
  if (name.includes('\0')) throw new InvalidParameterError(`refusing to unpack ${JSON.stringify(entryName)}: the name contains a NUL byte`);
  const relative = name.replace(/^\/+/, '');
  const normal = posix.normalize(relative === '' ? '.' : relative).replace(/\/+$/, '');
  if (normal === '..' || normal.startsWith('../')) {
    throw new InvalidParameterError(`refusing to unpack ${entryName}: its path leaves the layer root`);
  }
  return normal === '.' ? '' : normal;
}

export function parentOf(rel: string): string {
  const slash = rel.lastIndexOf('/');
  return slash < 0 ? '' : rel.slice(0, slash);
}

export function baseOf(rel: string): string {
  return rel.slice(rel.lastIndexOf('/') + 1);
}

export function joinRel(dir: string, name: string): string {
  return dir === '' ? name : `${dir}/${name}`;
}
