// Extended attributes from the tar, where the filesystem and the namespace allow: user.* and file
// capabilities usually work; trusted.* and other security.* need privileges a user namespace lacks.
// Overlay bookkeeping names from an image are never applied: they would change how the overlay
// mount reads the layer.
import { errorMessage } from '../base/errors.js';
import { isPortableXattr } from '../archive/overlay-names.js';
import type { TarHeader } from '../archive/tar-types.js';
import type { UnpackState } from './unpack-state.js';

export async function applyXattrs(state: UnpackState, rel: string, header: TarHeader): Promise<void> {
  if (header.xattrs.size === 0 || header.type === 'hardlink') return;
  const { logger, xattrs: tool } = state.options;
  const wanted = new Map([...header.xattrs].filter(([name]) => isPortableXattr(name)));
  const dropped = [...header.xattrs.keys()].filter((name) => !wanted.has(name));
  if (dropped.length > 0) logger.debug('ignoring xattrs that do not belong in a layer', { path: header.name, names: dropped.join(',') });
  if (wanted.size === 0) return;
  if (tool === undefined) {
    logger.debug('skipping xattrs: getfattr/setfattr (the attr package) are not installed', { path: header.name, names: [...wanted.keys()].join(',') });
    return;
  }
  try {
    await tool.set(state.tree.full(rel), wanted);
  } catch (err) {
    const privileged = [...wanted.keys()].every((n) => !n.startsWith('user.'));
    const log = privileged ? logger.debug.bind(logger) : logger.warn.bind(logger);
    log('could not set xattrs', { path: header.name, error: errorMessage(err) });
  }
}
