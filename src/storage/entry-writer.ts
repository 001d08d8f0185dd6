// Creates one non-whiteout entry. Creation never follows a symlink (O_EXCL|O_NOFOLLOW, mkdir,
// symlink, link all fail on an existing name); an existing name is removed and the create retried,
// except a directory over a directory, which merges as in Docker. Owner before mode, because chown
// clears setuid/setgid; times last.
import { constants, type Stats } from 'node:fs';
import { chmod, lchown, link, lstat, lutimes, mkdir, open, symlink, type FileHandle } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import type { TarHeader } from '../archive/tar-types.js';
import { errnoCode, InvalidParameterError } from '../base/errors.js';
import { cleanName, parentOf } from './clean-name.js';
import { chownExplained } from './owner-error.js';
import { makeFifo } from './special-files.js';
import { needsChmod } from './umask.js';
import type { UnpackState } from './unpack-state.js';
import { applyXattrs } from './xattr-apply.js';

const CREATE_FLAGS = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;

/**
 * Runs `create`; if the name exists, removes what is there and retries. With `keepDir`, an existing
 * directory stays (merged) and the result is false.
 */
async function createReplacing(state: UnpackState, rel: string, create: () => Promise<unknown>, keepDir = false): Promise<boolean> {
  try {
    await create();
    return true;
  } catch (err) {
    if (errnoCode(err) !== 'EEXIST') throw err;
  }
  if (keepDir && (await lstat(state.tree.full(rel))).isDirectory()) return false;
  await state.remove(rel);
  await create();
  return true;
}

async function openReplacing(state: UnpackState, rel: string, mode: number): Promise<FileHandle> {
  const full = state.tree.full(rel);
  try {
    return await open(full, CREATE_FLAGS, mode & 0o777);
  } catch (err) {
    if (errnoCode(err) !== 'EEXIST') throw err;
  }
  await state.remove(rel);
  return open(full, CREATE_FLAGS, mode & 0o777);
}

async function finishFile(state: UnpackState, rel: string, header: TarHeader, file: FileHandle): Promise<void> {
  await chownExplained(rel, header.uid, header.gid, () => file.chown(header.uid, header.gid));
  if (needsChmod(header.mode, state.umask)) await file.chmod(header.mode);
  await file.utimes(header.atime ?? header.mtime, header.mtime);
}

/** A file whose whole body is already in memory; run as a FileJobs job, so it counts its own size. */
export async function writeSmallFile(state: UnpackState, rel: string, header: TarHeader, chunks: Buffer[]): Promise<void> {
  const file = await openReplacing(state, rel, header.mode);
  try {
    let done = 0;
    const total = chunks.reduce((n, c) => n + c.length, 0);
    while (done < total) {
      done += (await file.writev(done === 0 ? chunks : [Buffer.concat(chunks).subarray(done)])).bytesWritten;
    }
    await finishFile(state, rel, header, file);
  } finally {
    await file.close();
  }
  await applyXattrs(state, rel, header);
}

async function writeFile(state: UnpackState, rel: string, header: TarHeader, body: Readable): Promise<void> {
  const file = await openReplacing(state, rel, header.mode);
  try {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      let done = 0;
      while (done < chunk.length) done += (await file.write(chunk, done)).bytesWritten;
    }
    await finishFile(state, rel, header, file);
  } finally {
    await file.close();
  }
  state.size += header.size;
}

async function makeDir(state: UnpackState, rel: string, header: TarHeader): Promise<void> {
  const full = state.tree.full(rel);
  const created = rel !== '' && (await createReplacing(state, rel, () => mkdir(full, header.mode & 0o777), true));
  state.tree.markDir(rel);
  await chownExplained(rel, header.uid, header.gid, () => lchown(full, header.uid, header.gid));
  // chmod follows symlinks, but this name was just made (or found) a directory by this unpack.
  if (!created || needsChmod(header.mode, state.umask)) await chmod(full, header.mode);
  state.deferDirTimes(rel, header.atime ?? header.mtime, header.mtime);
}

async function makeSymlink(state: UnpackState, rel: string, header: TarHeader): Promise<void> {
  const full = state.tree.full(rel);
  await createReplacing(state, rel, () => symlink(header.linkname, full));
  await chownExplained(rel, header.uid, header.gid, () => lchown(full, header.uid, header.gid));
  await lutimes(full, header.atime ?? header.mtime, header.mtime);
  state.size += Buffer.byteLength(header.linkname);
}

async function lstatOrUndefined(path: string): Promise<Stats | undefined> {
  try {
    return await lstat(path);
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') return undefined;
    throw err;
  }
}

async function makeHardlink(state: UnpackState, rel: string, header: TarHeader): Promise<void> {
  const target = cleanName(header.linkname, header.name);
  const refuse = (why: string): never => {
    throw new InvalidParameterError(`refusing to unpack ${header.name}: hard link target ${header.linkname} ${why}`);
  };
  if (target === '') refuse('is the layer root');
  if (target === rel) return;
  if (!(await state.tree.isDir(parentOf(target), header.name))) refuse('is not in the layer');
  const st = await lstatOrUndefined(state.tree.full(target));
  if (st === undefined) refuse('is not in the layer');
  if (st?.isDirectory() === true) refuse('is a directory');
  // link(2) does not follow a symlink target: the new name shares the symlink's own inode.
  await createReplacing(state, rel, () => link(state.tree.full(target), state.tree.full(rel)));
}

async function makeFifoEntry(state: UnpackState, rel: string, header: TarHeader): Promise<void> {
  const full = state.tree.full(rel);
  if ((await lstatOrUndefined(full)) !== undefined) await state.remove(rel);
  await makeFifo(full);
  await chownExplained(rel, header.uid, header.gid, () => lchown(full, header.uid, header.gid));
  // chmod follows symlinks, but mknod just made this name a fifo.
  await chmod(full, header.mode);
  await lutimes(full, header.atime ?? header.mtime, header.mtime);
}

/** Writes a file, directory, link or fifo entry at `rel` (its parent already checked). */
export async function writeEntry(state: UnpackState, rel: string, header: TarHeader, body: Readable): Promise<void> {
  switch (header.type) {
    case 'file':
      await writeFile(state, rel, header, body);
      break;
    case 'dir':
      await makeDir(state, rel, header);
      break;
    case 'symlink':
      await makeSymlink(state, rel, header);
      break;
    case 'hardlink':
      await makeHardlink(state, rel, header);
      break;
    case 'fifo':
      await makeFifoEntry(state, rel, header);
      break;
    case 'char':
    case 'block':
      // A user namespace cannot create device nodes; Docker's rootless mode skips them too.
      state.options.logger.debug('skipping device node: cannot create devices in a user namespace', { path: header.name });
      return;
  }
  state.wrote(rel);
  await applyXattrs(state, rel, header);
}
