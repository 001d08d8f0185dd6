// PUT /containers/{name}/archive: moby's containerExtractToDir and archive.Unpack, without the
// chroot dockerd has. Each entry's parent is resolved in the container (ContainerPaths), so a
// symlink, whether the container's or one this tar just made, is followed as the container would
// follow it and never to the host's /; the entry itself is created without following anything.
import { constants } from 'node:fs';
import { chmod, lchown, link, lstat, lutimes, mkdir, open, rm, symlink } from 'node:fs/promises';
import { posix } from 'node:path';
import type { Readable } from 'node:stream';
import { decompressStream, readTar, type TarHeader } from '../../archive/index.js';
import { BurrowError, errnoCode, errorMessage, InvalidParameterError, SystemError } from '../../base/errors.js';
import { chownExplained } from '../../storage/owner-error.js';
import { makeFifo } from '../../storage/special-files.js';
import { currentUmask, needsChmod } from '../../storage/umask.js';
import { fileNotFound } from './archive-path.js';
import { childPath, type ContainerPaths } from './container-paths.js';
import { containerAbsPath, goClean } from './go-paths.js';

export interface ExtractOptions {
  /** dockerd's noOverwriteDirNonDir: refuse to replace a directory with a non-directory and the reverse. */
  noOverwriteDirNonDir: boolean;
  /** Every entry's owner (copyUIDGID with a configured user); otherwise the tar's own ids. */
  owner?: { uid: number; gid: number } | undefined;
}

const CREATE_FLAGS = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;

const within = (p: string, dir: string): boolean => dir === '/' || p === dir || p.startsWith(`${dir}/`);

interface Extraction {
  paths: ContainerPaths;
  dest: string;
  options: ExtractOptions;
  umask: number;
  dirTimes: Map<string, { atime: number; mtime: number }>;
}

/** Resolves and checks the extraction point: it must exist and be a directory the container could write. */
async function extractionPoint(paths: ContainerPaths, requested: string, container: string): Promise<string> {
  // Unlike GET, the last element is followed too, so a symlink to a directory is a valid target.
  const dest = await paths.resolve(containerAbsPath(requested));
  try {
    if (!(await lstat(paths.hostOf(dest))).isDirectory()) {
      throw new InvalidParameterError('extraction point is not a directory', { code: 'BURROW_CP_NOT_A_DIRECTORY' });
    }
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') throw fileNotFound(requested, container, err);
    if (errnoCode(err) === 'ENOTDIR') throw new SystemError(`lstat ${dest}: not a directory`, { cause: err });
    throw err;
  }
  paths.assertWritable(dest);
  return dest;
}

/** The entry's path in the container, before any symlink is followed; breakouts refused as dockerd words them. */
function entryPath(x: Extraction, name: string): string {
  const cleaned = goClean(name);
  const lexical = posix.join(x.dest, cleaned);
  if (!within(lexical, x.dest)) throw new InvalidParameterError(`${JSON.stringify(cleaned)} is outside of ${JSON.stringify(x.dest)}`, { code: 'BURROW_CP_BREAKOUT' });
  return lexical;
}

/** Where `lexical` lands: its parent followed in the container, its last element not. */
async function placeOf(x: Extraction, lexical: string): Promise<string> {
  return childPath(await x.paths.resolve(posix.dirname(lexical)), posix.basename(lexical));
}

async function existing(host: string): Promise<'dir' | 'other' | undefined> {
  try {
    return (await lstat(host)).isDirectory() ? 'dir' : 'other';
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') return undefined;
    throw err;
  }
}

/** Makes room for the entry as Unpack does: a directory over a directory merges, anything else replaces. */
async function clear(x: Extraction, target: string, host: string, header: TarHeader): Promise<boolean> {
  const found = await existing(host);
  if (found === undefined) return false;
  const isDir = header.type === 'dir';
  if (x.options.noOverwriteDirNonDir && found === 'dir' && !isDir) {
    throw new InvalidParameterError(`cannot overwrite directory ${JSON.stringify(target)} with non-directory ${JSON.stringify(x.dest)}`);
  }
  if (x.options.noOverwriteDirNonDir && found !== 'dir' && isDir) {
    throw new InvalidParameterError(`cannot overwrite non-directory ${JSON.stringify(target)} with directory ${JSON.stringify(x.dest)}`);
  }
  if (found === 'dir' && isDir) return true;
  if (x.paths.isMountRoot(target)) throw new InvalidParameterError(`cannot replace ${target}: it is a mount point`);
  await rm(host, { recursive: true, force: true });
  return false;
}

async function writeFile(host: string, header: TarHeader, body: Readable, owner: { uid: number; gid: number }, x: Extraction, target: string): Promise<void> {
  const file = await open(host, CREATE_FLAGS, header.mode & 0o777);
  try {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      let done = 0;
      while (done < chunk.length) done += (await file.write(chunk, done)).bytesWritten;
    }
    await chownExplained(target.slice(1), owner.uid, owner.gid, () => file.chown(owner.uid, owner.gid));
    if (needsChmod(header.mode, x.umask)) await file.chmod(header.mode & 0o7777);
    await file.utimes(accessTime(header), header.mtime);
  } finally {
    await file.close();
  }
}

/** Go's Unpack never lets the access time be earlier than the modification time. */
const accessTime = (header: TarHeader): number => Math.max(header.atime ?? header.mtime, header.mtime);

async function createEntry(x: Extraction, lexical: string, target: string, host: string, header: TarHeader, body: Readable): Promise<void> {
  const owner = x.options.owner ?? { uid: header.uid, gid: header.gid };
  const chownEntry = (): Promise<void> => chownExplained(target.slice(1), owner.uid, owner.gid, () => lchown(host, owner.uid, owner.gid));
  const merged = await clear(x, target, host, header);
  switch (header.type) {
    case 'file':
      await writeFile(host, header, body, owner, x, target);
      return;
    case 'dir':
      if (!merged) await mkdir(host, header.mode & 0o777);
      await chownEntry();
      // chmod follows symlinks, but this name was just made, or found, a directory.
      if (merged || needsChmod(header.mode, x.umask)) await chmod(host, header.mode & 0o7777);
      x.dirTimes.set(host, { atime: accessTime(header), mtime: header.mtime });
      return;
    case 'symlink': {
      // dockerd's check, lexical as in Go (an absolute target counts from the entry's directory);
      // whatever the link points at, later entries through it are resolved inside the container.
      if (!within(posix.join(posix.dirname(lexical), header.linkname), x.dest)) {
        throw new InvalidParameterError(`invalid symlink ${JSON.stringify(lexical)} -> ${JSON.stringify(header.linkname)}`, { code: 'BURROW_CP_BREAKOUT' });
      }
      await symlink(header.linkname, host);
      await chownEntry();
      await lutimes(host, accessTime(header), header.mtime);
      return;
    }
    case 'hardlink': {
      const linked = posix.join(x.dest, header.linkname);
      if (!within(linked, x.dest)) {
        throw new InvalidParameterError(`invalid hardlink ${JSON.stringify(linked)} -> ${JSON.stringify(header.linkname)}`, { code: 'BURROW_CP_BREAKOUT' });
      }
      // link(2) does not follow its last element; the rest is resolved in the container.
      await link(x.paths.hostOf(await placeOf(x, linked)), host);
      return;
    }
    case 'fifo':
      await makeFifo(host);
      await chownEntry();
      // chmod follows symlinks, but mknod just made this name a fifo.
      await chmod(host, header.mode & 0o7777);
      await lutimes(host, accessTime(header), header.mtime);
      return;
    case 'char':
    case 'block':
      // A user namespace cannot make device nodes; dockerd skips them there too.
      return;
  }
}

async function extractEntry(x: Extraction, header: TarHeader, body: Readable): Promise<void> {
  const lexical = entryPath(x, header.name);
  // Unpack skips the extraction point itself ("."), whatever the entry says about it.
  if (lexical === x.dest) return;
  const target = await placeOf(x, lexical);
  x.paths.assertWritable(target);
  const parent = posix.dirname(target);
  const parentHost = x.paths.hostOf(parent);
  if ((await existing(parentHost)) === undefined) {
    x.paths.assertWritable(parent);
    // The parent was resolved without symlinks up to where it stops existing; the rest is made here.
    await mkdir(parentHost, { recursive: true, mode: 0o755 });
  }
  try {
    await createEntry(x, lexical, target, x.paths.hostOf(target), header, body);
  } catch (err) {
    if (err instanceof BurrowError) throw err;
    throw new SystemError(`failed to extract ${header.name} to ${target}: ${errnoCode(err) ?? errorMessage(err)}`, { cause: err });
  }
}

/** Extracts the (possibly compressed) tar into the directory `requested` of the container. */
export async function extractToDir(paths: ContainerPaths, requested: string, container: string, tar: Readable, options: ExtractOptions): Promise<void> {
  const dest = await extractionPoint(paths, requested, container);
  const x: Extraction = { paths, dest, options, umask: currentUmask(), dirTimes: new Map() };
  for await (const { header, body } of readTar(decompressStream(tar))) await extractEntry(x, header, body);
  // Last, because creating entries in a directory changes its times.
  for (const [host, t] of x.dirTimes) await lutimes(host, t.atime, t.mtime);
}
