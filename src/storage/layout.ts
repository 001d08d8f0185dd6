// Where layers live under the data root, as Docker lays them out:
//   overlay2, fuse-overlayfs: <root>/<driver>/<id>/diff/ (the layer's own changes, overlay form)
//                             <root>/<driver>/<id>/layer.json ({ parent, size })
//   vfs:                      <root>/vfs/dir/<id>/ (the full tree), <root>/vfs/meta/<id>.json
// A layer is unpacked into <id>-tmp-<random> beside its final name and renamed when complete, so a
// killed unpack leaves only a temporary, which the next start removes.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { InvalidParameterError } from '../base/errors.js';
import type { StorageDriverName } from './types.js';

const ID = /^[0-9a-f]{64}$/;
export const TEMP_MARK = '-tmp-';

export function checkLayerId(id: string): string {
  if (!ID.test(id)) throw new InvalidParameterError(`invalid layer id ${JSON.stringify(id)}: expected 64 hex digits`);
  return id;
}

export class LayerLayout {
  /** The directory holding layer directories (and their temporaries). */
  readonly layersDir: string;
  /** vfs keeps records apart from the trees; overlay drivers keep them inside each layer dir. */
  readonly metaDir: string | undefined;

  constructor(
    root: string,
    readonly driver: StorageDriverName,
  ) {
    const base = join(root, driver);
    this.layersDir = driver === 'vfs' ? join(base, 'dir') : base;
    this.metaDir = driver === 'vfs' ? join(base, 'meta') : undefined;
  }

  layerDir(id: string): string {
    return join(this.layersDir, checkLayerId(id));
  }

  /** The tree a container or diff reads: overlay `diff/`, or the vfs layer dir itself. */
  contentDir(id: string): string {
    return this.metaDir === undefined ? join(this.layerDir(id), 'diff') : this.layerDir(id);
  }

  metaFile(id: string): string {
    return this.metaDir === undefined ? join(this.layerDir(id), 'layer.json') : join(this.metaDir, `${checkLayerId(id)}.json`);
  }

  tempDir(id: string): string {
    return join(this.layersDir, `${checkLayerId(id)}${TEMP_MARK}${randomBytes(6).toString('hex')}`);
  }

  /** Where a temporary's content goes: its diff/ for overlay drivers. */
  tempContent(temp: string): string {
    return this.metaDir === undefined ? join(temp, 'diff') : temp;
  }
}
