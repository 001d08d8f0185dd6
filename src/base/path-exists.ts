// Whether anything (file, directory, dangling symlink) is at a path, without following a final
// symlink; errors other than "not there" (EACCES, EIO, …) are not a "no", so they propagate.
import { lstat } from 'node:fs/promises';
import { errnoCode } from './errors.js';

export async function pathExists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch (err) {
    if (errnoCode(err) === 'ENOENT' || errnoCode(err) === 'ENOTDIR') return false;
    throw err;
  }
}
