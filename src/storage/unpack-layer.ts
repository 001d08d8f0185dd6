// Applies one uncompressed layer tar to a directory, entry by entry as the tar streams in. Small
// files are handed to concurrent jobs; everything else waits for the jobs that could conflict.
import type { Readable } from 'node:stream';
import { OPAQUE_MARKER, WHITEOUT_META_PREFIX, WHITEOUT_PREFIX } from '../archive/overlay-names.js';
import { readTar } from '../archive/tar-reader.js';
import type { TarHeader } from '../archive/tar-types.js';
import { InvalidParameterError } from '../base/errors.js';
import { baseOf, cleanName, parentOf } from './clean-name.js';
import { writeEntry, writeSmallFile } from './entry-writer.js';
import { emulateOpaque } from './opaque-emulation.js';
import { UnpackState, type UnpackOptions } from './unpack-state.js';
import { applyOpaque, applyWhiteout } from './whiteouts.js';

/** Bodies up to this size are read into memory and written by a job. */
const SMALL_FILE = 128 * 1024;

async function collect(body: Readable): Promise<Buffer[]> {
  const chunks: Buffer[] = [];
  for await (const chunk of body as AsyncIterable<Buffer>) chunks.push(chunk);
  return chunks;
}

/**
 * A job may run while later entries are processed if nothing it owns can be touched meanwhile: its
 * parent is a directory already checked (so no parent check runs concurrently), and its name is
 * neither another job's nor a checked directory (whose removal could race with jobs below it).
 */
function canRunAsJob(state: UnpackState, rel: string, header: TarHeader): boolean {
  return header.type === 'file' && header.size <= SMALL_FILE && state.tree.knows(parentOf(rel)) && !state.tree.knows(rel) && !state.jobs.has(rel);
}

/** Anything else must wait for the jobs if it could touch a path a job owns. */
function mustWaitForJobs(state: UnpackState, rel: string, header: TarHeader): boolean {
  if (header.type === 'hardlink' || state.jobs.has(rel) || !state.tree.knows(parentOf(rel))) return true;
  return header.type !== 'dir' && state.tree.knows(rel);
}

async function unpackEntry(state: UnpackState, header: TarHeader, body: Readable): Promise<void> {
  const rel = cleanName(header.name);
  const base = baseOf(rel);
  const dir = parentOf(rel);
  if (base.startsWith(WHITEOUT_PREFIX)) {
    await state.jobs.drain();
    if (base === OPAQUE_MARKER) {
      await applyOpaque(state, dir, header);
    } else if (base.startsWith(WHITEOUT_META_PREFIX)) {
      state.options.logger.debug('ignoring aufs metadata entry', { path: header.name });
    } else {
      await applyWhiteout(state, dir, base.slice(WHITEOUT_PREFIX.length), header);
    }
    return;
  }
  if (rel === '' && header.type !== 'dir') {
    throw new InvalidParameterError(`refusing to unpack ${header.name}: the layer root can only be a directory`);
  }
  if (canRunAsJob(state, rel, header)) {
    const chunks = await collect(body);
    state.wrote(rel);
    state.size += header.size;
    await state.jobs.start(rel, () => writeSmallFile(state, rel, header, chunks));
    return;
  }
  if (mustWaitForJobs(state, rel, header)) await state.jobs.drain();
  if (rel !== '') await state.tree.ensureDir(dir, header.name);
  await writeEntry(state, rel, header, body);
}

/** Unpacks `tar` into `options.root`; the size is the bytes of file contents and link targets it added. */
export async function unpackLayer(tar: Readable, options: UnpackOptions): Promise<{ size: number }> {
  const state = new UnpackState(options);
  try {
    for await (const { header, body } of readTar(tar)) await unpackEntry(state, header, body);
    await state.jobs.drain();
  } catch (err) {
    // Jobs still writing would race with the caller's cleanup of the directory.
    await state.jobs.settle();
    throw err;
  }
  for (const dir of state.emulatedOpaque) await emulateOpaque(state, dir);
  await state.applyDirTimes();
  return { size: state.size };
}
