// Image records and the names that point at them. Records live one file each under images/, the
// names in burrow-repositories.json in dockerd's shape ({"Repositories": {familiar name: {ref: id}}})
// but not in dockerd's file: Docker rootless keeps its own repositories.json in the same default
// data root, and rewriting it with only Burrow's images would untag every image of Docker's.
// Both are written atomically; a record is written only after everything it refers to is on disk,
// so a pull killed halfway leaves no image that looks complete.
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { atomicWrite } from '../base/atomic-write.js';
import { NotFoundError, ConflictError } from '../base/errors.js';

export interface BlobRef {
  digest: string;
  mediaType: string;
  size: number;
}

export interface LayerRecord {
  diffId: string;
  chainId: string;
  /** The layer as stored in the content store (as pulled, or the uncompressed tar when loaded). */
  blob: BlobRef;
  /** Length of the uncompressed tar (whose digest is diffId), for `docker save`'s headers. */
  tarSize: number;
}

export interface ImageRecord {
  /** The config's digest. */
  id: string;
  layers: LayerRecord[];
  /** Unpacked size of all layers, as docker reports it. */
  size: number;
  /** The single-platform manifest this image came with, kept so a push reproduces its digest. */
  manifest?: BlobRef;
  lastTagTime?: string;
}

interface RepositoriesFile {
  Repositories: Record<string, Record<string, string>>;
}

export class ImageStore {
  private readonly images = new Map<string, ImageRecord>();
  /** ref (familiar string, `name:tag` or `name@sha256:…`) → image id */
  private readonly refs = new Map<string, string>();
  private readonly recordsDir: string;
  private readonly reposFile: string;
  /** Where Burrow kept names before it left dockerd's file alone; read when its own is missing. */
  private readonly legacyReposFile: string;

  constructor(root: string) {
    this.recordsDir = join(root, 'images');
    this.reposFile = join(root, 'burrow-repositories.json');
    this.legacyReposFile = join(root, 'repositories.json');
  }

  async open(): Promise<void> {
    await mkdir(this.recordsDir, { recursive: true, mode: 0o700 });
    for (const name of await readdir(this.recordsDir)) {
      if (!name.endsWith('.json') || name.startsWith('.')) continue;
      const rec = JSON.parse(await readFile(join(this.recordsDir, name), 'utf8')) as ImageRecord;
      this.images.set(rec.id, rec);
    }
    const read = (file: string): Promise<RepositoriesFile | undefined> => readFile(file, 'utf8').then((t) => JSON.parse(t) as RepositoriesFile, () => undefined);
    const repos = (await read(this.reposFile)) ?? (await read(this.legacyReposFile));
    for (const byRef of Object.values(repos?.Repositories ?? {})) {
      for (const [ref, id] of Object.entries(byRef)) if (this.images.has(id)) this.refs.set(ref, id);
    }
  }

  get(id: string): ImageRecord | undefined {
    return this.images.get(id);
  }

  list(): ImageRecord[] {
    return [...this.images.values()];
  }

  async put(rec: ImageRecord): Promise<void> {
    await atomicWrite(this.recordPath(rec.id), JSON.stringify(rec));
    this.images.set(rec.id, rec);
  }

  async delete(id: string): Promise<void> {
    for (const [ref, target] of this.refs) if (target === id) this.refs.delete(ref);
    this.images.delete(id);
    await this.saveRefs();
    await rm(this.recordPath(id), { force: true });
  }

  /** The id a ref points at, if any. */
  target(ref: string): string | undefined {
    return this.refs.get(ref);
  }

  /** Points `ref` at `id`; returns the id it pointed at before, if another. */
  async setRef(ref: string, id: string): Promise<string | undefined> {
    const before = this.refs.get(ref);
    this.refs.set(ref, id);
    const rec = this.images.get(id);
    if (rec) {
      rec.lastTagTime = new Date().toISOString();
      await this.put(rec);
    }
    await this.saveRefs();
    return before !== id ? before : undefined;
  }

  async removeRef(ref: string): Promise<void> {
    if (!this.refs.delete(ref)) throw new NotFoundError(`No such image: ${ref}`);
    await this.saveRefs();
  }

  refsOf(id: string): { tags: string[]; digests: string[] } {
    const tags: string[] = [];
    const digests: string[] = [];
    for (const [ref, target] of this.refs) {
      if (target !== id) continue;
      (ref.includes('@') ? digests : tags).push(ref);
    }
    return { tags: tags.sort(), digests: digests.sort() };
  }

  /** Images by full id or by a unique prefix of its hex, as `docker rmi 3f57` works. */
  byIdPrefix(prefix: string): ImageRecord | undefined {
    const hex = prefix.startsWith('sha256:') ? prefix.slice(7) : prefix;
    if (!/^[a-f0-9]{1,64}$/.test(hex)) return undefined;
    const found = this.list().filter((r) => r.id.slice(7).startsWith(hex));
    if (found.length > 1) throw new ConflictError(`ambiguous image ID prefix ${prefix}`);
    return found[0];
  }

  /** Layers (by chain id) still used by any image other than `exceptId`. */
  layersInUse(exceptId?: string): Set<string> {
    const used = new Set<string>();
    for (const rec of this.images.values()) {
      if (rec.id === exceptId) continue;
      for (const l of rec.layers) used.add(l.chainId);
    }
    return used;
  }

  /** Content blobs (configs, manifests, layer blobs) some image still refers to. */
  blobsInUse(): Set<string> {
    const used = new Set<string>();
    for (const rec of this.images.values()) {
      used.add(rec.id);
      if (rec.manifest) used.add(rec.manifest.digest);
      for (const l of rec.layers) used.add(l.blob.digest);
    }
    return used;
  }

  private recordPath(id: string): string {
    return join(this.recordsDir, `${id.replace('sha256:', '')}.json`);
  }

  private async saveRefs(): Promise<void> {
    const out: RepositoriesFile = { Repositories: {} };
    for (const [ref, id] of [...this.refs].sort(([a], [b]) => a.localeCompare(b))) {
      const name = ref.split('@')[0]?.replace(/:[^:/]+$/, '') ?? ref;
      (out.Repositories[name] ??= {})[ref] = id;
    }
    await atomicWrite(this.reposFile, JSON.stringify(out));
  }
}
