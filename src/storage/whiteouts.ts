// OCI whiteouts (`.wh.<name>`, `.wh..wh..opq`) in the form each driver reads. vfs holds the whole
// tree, so a whiteout is a deletion. Kernel overlay reads char 0/0 devices and the opaque xattr
// (user.overlay.* under `userxattr`, as in a user namespace). fuse-overlayfs reads those too, and
// when no opaque xattr is found it looks for a `.wh..wh..opq` file, which it writes itself; it also
// honours `.wh.<name>` files, the fallback where mknod is refused.
import { lchown, lutimes, open, readdir } from 'node:fs/promises';
import { FUSE_OVERLAY_OPAQUE, OPAQUE_MARKER, USER_OVERLAY_OPAQUE, WHITEOUT_PREFIX } from '../archive/overlay-names.js';
import type { TarHeader } from '../archive/tar-types.js';
import { errorMessage, errnoCode, HostSetupError, InvalidParameterError } from '../base/errors.js';
import { joinRel } from './clean-name.js';
import { chownExplained } from './owner-error.js';
import { makeWhiteoutDevice } from './special-files.js';
import type { UnpackState } from './unpack-state.js';
import { pathExists } from '../base/path-exists.js';

const OPAQUE_VALUE = new Map([[USER_OVERLAY_OPAQUE, Buffer.from('y')]]);
const FUSE_OPAQUE_VALUE = new Map([[FUSE_OVERLAY_OPAQUE, Buffer.from('y')]]);


async function createEmptyFile(path: string): Promise<void> {
  try {
    await (await open(path, 'wx', 0o600)).close();
  } catch (err) {
    if (errnoCode(err) !== 'EEXIST') throw err;
  }
}

/** Makes an overlay whiteout device at `rel`; on failure `fallback` runs, or a host error explains. Returns the path made. */
export async function whiteoutDevice(state: UnpackState, rel: string, entryName: string, fallback?: () => Promise<string>): Promise<string> {
  try {
    await makeWhiteoutDevice(state.tree.full(rel));
    return state.tree.full(rel);
  } catch (err) {
    if (fallback !== undefined) return fallback();
    throw new HostSetupError(`cannot create the overlay whiteout for ${entryName}: ${errorMessage(err)}`, {
      cause: err,
      hint: 'overlay whiteouts are 0/0 character devices, which a user namespace may create only on Linux 5.8 or later; on older kernels use the vfs storage driver ("storage-driver": "vfs" in daemon.json)',
    });
  }
}

export async function applyWhiteout(state: UnpackState, dir: string, name: string, header: TarHeader): Promise<void> {
  if (name === '' || name === '.' || name === '..') throw new InvalidParameterError(`refusing to unpack ${header.name}: not a valid whiteout`);
  const rel = joinRel(dir, name);
  if (state.options.driver === 'vfs') {
    // Below a missing name or a non-directory there is nothing to delete.
    if (await state.tree.isDir(dir, header.name)) await state.remove(rel);
    return;
  }
  await state.tree.ensureDir(dir, header.name);
  if (await pathExists(state.tree.full(rel))) await state.remove(rel);
  const fuseFallback = async (): Promise<string> => {
    const path = state.tree.full(joinRel(dir, `${WHITEOUT_PREFIX}${name}`));
    await createEmptyFile(path);
    return path;
  };
  const made = await whiteoutDevice(state, rel, header.name, state.options.driver === 'fuse-overlayfs' ? fuseFallback : undefined);
  // Owner and time from the entry, so that exporting the layer again gives the same bytes.
  await chownExplained(rel, header.uid, header.gid, () => lchown(made, header.uid, header.gid));
  await lutimes(made, header.mtime, header.mtime);
}

/** vfs: everything under `dir` that this layer did not write goes, as moby's unpacker does. */
async function removeUnwritten(state: UnpackState, dir: string, written: ReadonlySet<string>): Promise<void> {
  for (const d of await readdir(state.tree.full(dir), { withFileTypes: true })) {
    const rel = joinRel(dir, d.name);
    if (!written.has(rel)) await state.remove(rel);
    else if (d.isDirectory()) await removeUnwritten(state, rel, written);
  }
}

export async function applyOpaque(state: UnpackState, dir: string, header: TarHeader): Promise<void> {
  await state.tree.ensureDir(dir, header.name);
  const { driver, xattrs, logger } = state.options;
  const full = state.tree.full(dir);
  if (state.written !== undefined) {
    await removeUnwritten(state, dir, state.written);
    return;
  }
  if (driver === 'fuse-overlayfs') {
    await createEmptyFile(`${full}/${OPAQUE_MARKER}`);
    await xattrs?.set(full, FUSE_OPAQUE_VALUE).catch((err: unknown) => {
      logger.debug('fuse-overlayfs opaque xattr not set; the marker file suffices', { path: header.name, error: errorMessage(err) });
    });
    return;
  }
  if (xattrs !== undefined) {
    try {
      await xattrs.set(full, OPAQUE_VALUE);
      return;
    } catch (err) {
      logger.debug('opaque xattr not set; whiting out the lower layers instead', { path: header.name, error: errorMessage(err) });
    }
  }
  state.emulatedOpaque.add(dir);
}
