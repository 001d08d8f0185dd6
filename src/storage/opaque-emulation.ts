// Kernel overlay marks an opaque directory with an xattr, which needs a tool Node lacks
// (getfattr/setfattr). Without one, the same view comes from whiting out, in the layer's copy of
// the directory, every name the lower layers show there, and doing the same inside every
// directory of this layer that would otherwise merge with a lower one. A surplus whiteout (for a
// name already hidden lower down) changes nothing, so the lower listing may over-approximate.
import { lstat, readdir } from 'node:fs/promises';
import { joinRel } from './clean-name.js';
import { errnoCode } from '../base/errors.js';
import type { UnpackState } from './unpack-state.js';
import { whiteoutDevice } from './whiteouts.js';

/** Whether `rel` is a directory in `layer` ('missing' lets lower layers show through; 'blocked' hides them). */
export async function reach(layer: string, rel: string): Promise<'dir' | 'missing' | 'blocked'> {
  let path = layer;
  for (const part of rel === '' ? [] : rel.split('/')) {
    path = `${path}/${part}`;
    try {
      if (!(await lstat(path)).isDirectory()) return 'blocked';
    } catch (err) {
      if (errnoCode(err) === 'ENOENT') return 'missing';
      throw err;
    }
  }
  return 'dir';
}

/** Names visible at `rel` through the lower layers, each with whether it is a directory. */
export async function lowerNames(lowers: readonly string[], rel: string): Promise<Map<string, boolean>> {
  const seen = new Map<string, boolean | 'whiteout'>();
  for (const layer of lowers) {
    const state = await reach(layer, rel);
    if (state === 'blocked') break;
    if (state === 'missing') continue;
    const dir = rel === '' ? layer : `${layer}/${rel}`;
    for (const d of await readdir(dir, { withFileTypes: true })) {
      if (seen.has(d.name)) continue;
      const whiteout = d.isCharacterDevice() && (await lstat(`${dir}/${d.name}`)).rdev === 0;
      seen.set(d.name, whiteout ? 'whiteout' : d.isDirectory());
    }
  }
  const visible = new Map<string, boolean>();
  for (const [name, kind] of seen) if (kind !== 'whiteout') visible.set(name, kind);
  return visible;
}

export async function emulateOpaque(state: UnpackState, dir: string): Promise<void> {
  for (const [name, lowerIsDir] of await lowerNames(state.options.lowers, dir)) {
    const rel = joinRel(dir, name);
    let st;
    try {
      st = await lstat(state.tree.full(rel));
    } catch (err) {
      if (errnoCode(err) !== 'ENOENT') throw err;
      await whiteoutDevice(state, rel, `${dir}/`);
      continue;
    }
    if (st.isDirectory() && lowerIsDir) await emulateOpaque(state, rel);
  }
}
