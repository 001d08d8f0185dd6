// The layer store: unpacked image layers by chain id, for one storage driver.
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { packDirectory, packPaths } from '../archive/pack-directory.js';
import { findXattrTools, type XattrAccess } from '../archive/xattrs.js';
import { atomicWrite } from '../base/atomic-write.js';
import { ConflictError, errnoCode, NotFoundError } from '../base/errors.js';
import { copyTree } from './copy-tree.js';
import { readMeta, type LayerMeta } from './layer-meta.js';
import { checkLayerId, LayerLayout, TEMP_MARK } from './layout.js';
import { changedPaths } from './tree-diff.js';
import type { StorageDriverName, StoreLogger } from './types.js';
import { unpackLayer } from './unpack-layer.js';
import { pathExists } from '../base/path-exists.js';

export interface LayerStoreOptions {
  /** The data root (~/.local/share/docker by default). */
  root: string;
  driver: StorageDriverName;
  logger?: StoreLogger;
  /** xattr access; found on PATH when omitted, 'none' to do without. */
  xattrs?: XattrAccess | 'none';
}

/** How a container gets a layer's full tree: overlay-mount these diff dirs (top first), or copy this dir (vfs). */
export type RootfsSource = { kind: 'overlay'; lowerDirs: string[] } | { kind: 'copy'; dir: string };

export interface LayerStore {
  readonly driver: StorageDriverName;
  has(id: string): Promise<boolean>;
  /** Unpacks the uncompressed layer `tar` as `id` on top of `parentId`. */
  apply(id: string, parentId: string | undefined, tar: Readable): Promise<{ size: number }>;
  /** Removes a layer; a layer another one is built on cannot go. Absent layers are fine. */
  remove(id: string): Promise<void>;
  size(id: string): Promise<number>;
  parent(id: string): Promise<string | undefined>;
  /** Overlay: the layer's diff dir; vfs: its full tree. */
  diffDir(id: string): string;
  rootfsSource(id: string): Promise<RootfsSource>;
  /** The layer's own changes as an uncompressed OCI layer tar. */
  exportDiff(id: string): Readable;
  list(): Promise<string[]>;
  removeAll(): Promise<void>;
}

const quiet: StoreLogger = { debug: () => undefined, warn: () => undefined };


async function listNames(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') return [];
    throw err;
  }
}

class DriverLayerStore implements LayerStore {
  readonly driver: StorageDriverName;
  private readonly layout: LayerLayout;
  private readonly logger: StoreLogger;
  private readonly ready: Promise<XattrAccess | undefined>;

  constructor(options: LayerStoreOptions) {
    this.driver = options.driver;
    this.layout = new LayerLayout(options.root, options.driver);
    this.logger = options.logger ?? quiet;
    const xattrs = options.xattrs === 'none' ? Promise.resolve(undefined) : options.xattrs !== undefined ? Promise.resolve(options.xattrs) : findXattrTools();
    this.ready = Promise.all([xattrs, this.removeStale()]).then(([x]) => x);
    // Callers see a failed start on their first call; until then nothing is waiting on it.
    this.ready.catch(() => undefined);
  }

  /** Temporaries of unpacks and removals that a killed process left behind, and vfs records without a tree. */
  private async removeStale(): Promise<void> {
    await mkdir(this.layout.layersDir, { recursive: true });
    if (this.layout.metaDir !== undefined) await mkdir(this.layout.metaDir, { recursive: true });
    for (const name of await listNames(this.layout.layersDir)) {
      if (!name.includes(TEMP_MARK)) continue;
      this.logger.debug('removing an interrupted layer unpack', { path: name });
      await rm(`${this.layout.layersDir}/${name}`, { recursive: true, force: true });
    }
    if (this.layout.metaDir === undefined) return;
    for (const name of await listNames(this.layout.metaDir)) {
      const id = name.replace(/\.json$/, '');
      if (!/^[0-9a-f]{64}\.json$/.test(name) || !(await pathExists(this.layout.layerDir(id)))) await rm(`${this.layout.metaDir}/${name}`, { force: true });
    }
  }

  async has(id: string): Promise<boolean> {
    await this.ready;
    const [meta, dir] = await Promise.all([pathExists(this.layout.metaFile(id)), pathExists(this.layout.layerDir(id))]);
    return meta && dir;
  }

  private async meta(id: string): Promise<LayerMeta> {
    await this.ready;
    if (!(await this.has(id))) throw new NotFoundError(`layer ${id} does not exist`);
    return readMeta(this.layout.metaFile(id), id);
  }

  async size(id: string): Promise<number> {
    return (await this.meta(id)).size;
  }

  async parent(id: string): Promise<string | undefined> {
    return (await this.meta(id)).parent;
  }

  /** `id` and its ancestors, top first. */
  private async chain(id: string | undefined): Promise<string[]> {
    const ids: string[] = [];
    for (let at = id; at !== undefined; at = await this.parent(at)) ids.push(at);
    return ids;
  }

  diffDir(id: string): string {
    return this.layout.contentDir(id);
  }

  async apply(id: string, parentId: string | undefined, tar: Readable): Promise<{ size: number }> {
    checkLayerId(id);
    if (parentId !== undefined) checkLayerId(parentId);
    const xattrs = await this.ready;
    if (await this.has(id)) throw new ConflictError(`layer ${id} already exists`);
    if (parentId !== undefined && !(await this.has(parentId))) throw new NotFoundError(`parent layer ${parentId} does not exist`);
    const temp = this.layout.tempDir(id);
    try {
      const root = this.layout.tempContent(temp);
      if (this.driver === 'vfs' && parentId !== undefined) {
        await copyTree(this.layout.contentDir(parentId), root);
      } else {
        await mkdir(root, { recursive: true, mode: 0o755 });
      }
      const lowers = this.driver === 'vfs' ? [] : (await this.chain(parentId)).map((l) => this.layout.contentDir(l));
      const started = Date.now();
      const { size } = await unpackLayer(tar, { root, driver: this.driver, lowers, xattrs, logger: this.logger });
      this.logger.debug('unpacked layer', { id, driver: this.driver, size, ms: Date.now() - started });
      return await this.commit(id, temp, { ...(parentId === undefined ? {} : { parent: parentId }), size });
    } catch (err) {
      await rm(temp, { recursive: true, force: true });
      throw err;
    }
  }

  private async commit(id: string, temp: string, meta: LayerMeta): Promise<{ size: number }> {
    const record = JSON.stringify(meta);
    if (this.layout.metaDir === undefined) await writeFile(`${temp}/layer.json`, record, { mode: 0o600 });
    // vfs: the record first; without its tree it does not count, and the next start removes it.
    else await atomicWrite(this.layout.metaFile(id), record);
    try {
      await rename(temp, this.layout.layerDir(id));
    } catch (err) {
      if (errnoCode(err) !== 'ENOTEMPTY' && errnoCode(err) !== 'EEXIST') throw err;
      // Another unpack of the same layer finished first: keep that one.
      await rm(temp, { recursive: true, force: true });
      return { size: await this.size(id) };
    }
    return { size: meta.size };
  }

  async remove(id: string): Promise<void> {
    checkLayerId(id);
    await this.ready;
    for (const other of await this.list()) {
      if (other !== id && (await this.parent(other)) === id) throw new ConflictError(`layer ${id} is in use by layer ${other}`);
    }
    if (this.layout.metaDir !== undefined) await rm(this.layout.metaFile(id), { force: true });
    // Renamed first so that has() turns false at once and a crash mid-delete leaves only a temporary.
    const doomed = this.layout.tempDir(id);
    try {
      await rename(this.layout.layerDir(id), doomed);
    } catch (err) {
      if (errnoCode(err) === 'ENOENT') return;
      throw err;
    }
    await rm(doomed, { recursive: true, force: true });
  }

  async rootfsSource(id: string): Promise<RootfsSource> {
    if (this.driver === 'vfs') {
      await this.meta(id);
      return { kind: 'copy', dir: this.layout.contentDir(id) };
    }
    return { kind: 'overlay', lowerDirs: (await this.chain(id)).map((l) => this.layout.contentDir(l)) };
  }

  exportDiff(id: string): Readable {
    return Readable.from(this.diffChunks(id), { objectMode: false });
  }

  private async *diffChunks(id: string): AsyncGenerator<Buffer> {
    const parent = await this.parent(id);
    const xattrs = await this.ready;
    const dir = this.layout.contentDir(id);
    // A vfs layer holds its parent's files too: its own changes come from comparing the two trees.
    const tar =
      this.driver === 'vfs' && parent !== undefined
        ? packPaths(dir, changedPaths(this.layout.contentDir(parent), dir), { xattrs })
        : packDirectory(dir, { xattrs });
    yield* tar as AsyncIterable<Buffer>;
  }

  async list(): Promise<string[]> {
    await this.ready;
    const ids = (await listNames(this.layout.layersDir)).filter((n) => /^[0-9a-f]{64}$/.test(n));
    const present = await Promise.all(ids.map((id) => pathExists(this.layout.metaFile(id))));
    return ids.filter((_, i) => present[i]);
  }

  async removeAll(): Promise<void> {
    await this.ready;
    for (const id of await this.list()) {
      if (this.layout.metaDir !== undefined) await rm(this.layout.metaFile(id), { force: true });
      await rm(this.layout.layerDir(id), { recursive: true, force: true });
    }
  }
}

export function createLayerStore(options: LayerStoreOptions): LayerStore {
  return new DriverLayerStore(options);
}
