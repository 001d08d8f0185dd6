// Public surface of the image domain: the ImageApi the Engine API calls. Stores are opened on
// first use, and the registry client (undici) and storage code load only when an image
// operation needs them, so a daemon start pays for none of it.
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { InvalidParameterError } from '../base/errors.js';
import type { Logger } from '../base/log.js';
import type { CommitRequest } from './commit.js';
import type { ImageConfig } from './config.js';
import { ContentStore } from './content-store.js';
import type { ImageDeps } from './deps.js';
import { ImageStore, type ImageRecord } from './image-store.js';
import type { ProgressWriter, JsonMessage } from './progress.js';
import { ImageService, type DeleteItem, type ImageUsers } from './service.js';
import type { HistoryItem, ImageSummary } from './views.js';

export { ProgressWriter, type JsonMessage } from './progress.js';
export type { ImageSummary, HistoryItem } from './views.js';
export type { DeleteItem, ImageUsers } from './service.js';
export type { CommitRequest, ContainerConfig } from './commit.js';

export interface StreamJob {
  run(out: ProgressWriter): Promise<void>;
}

export interface ImageApi {
  count(): Promise<number>;
  list(filters: string | null): Promise<ImageSummary[]>;
  inspect(name: string): Promise<Record<string, unknown>>;
  history(name: string): Promise<HistoryItem[]>;
  tag(name: string, repo: string, tag: string): Promise<void>;
  remove(name: string, opts: { force: boolean; noprune: boolean }): Promise<DeleteItem[]>;
  prune(filters: string | null): Promise<{ ImagesDeleted: DeleteItem[] | null; SpaceReclaimed: number }>;
  preparePull(name: string, opts: { authHeader: string | undefined; platform: string }): Promise<StreamJob>;
  preparePush(name: string, opts: { authHeader: string | undefined }): Promise<StreamJob>;
  save(names: string[]): Promise<Readable>;
  load(body: Readable, progress: (msg: JsonMessage) => void): Promise<string[]>;
  importImage(body: Readable, opts: { repo: string; tag: string; changes: string[]; message: string; platform: string }): Promise<string>;
  login(body: Record<string, unknown>): Promise<{ Status: string; IdentityToken?: string }>;
  distribution(name: string, authHeader: string | undefined): Promise<Record<string, unknown>>;
  /** docker commit: a new image from a container's changes on top of its image; returns the image id. */
  commit(req: CommitRequest): Promise<string>;
  /** An image as a container needs it: id, config and the layers to mount. */
  forContainer(name: string): Promise<{ id: string; config: ImageConfig; rootfs: { kind: 'overlay'; lowerDirs: string[] } | { kind: 'copy'; dir: string } }>;
}

export interface ImageApiOptions {
  logger: Logger;
  dataRoot: string;
  storageDriver: 'overlay2' | 'fuse-overlayfs' | 'vfs';
  insecureRegistries: string[];
  registryMirrors: string[];
  /** ~/.config/docker/certs.d for rootless, as Docker rootless uses. */
  certsDir: string;
  usedBy?: ImageUsers;
}

export function createImageApi(options: ImageApiOptions): ImageApi {
  let opening: Promise<Opened> | undefined;
  const opened = (): Promise<Opened> => (opening ??= openImages(options));
  const svc = async (): Promise<ImageService> => (await opened()).service;
  return {
    count: async () => (await svc()).count(),
    list: async (f) => (await svc()).list(f),
    inspect: async (n) => (await svc()).inspect(n),
    history: async (n) => (await svc()).history(n),
    tag: async (n, r, t) => { await (await svc()).tag(n, r, t); },
    remove: async (n, o) => (await svc()).remove(n, o),
    prune: async (f) => (await svc()).prune(f),
    preparePull: async (name, o) => {
      const o2 = await opened();
      const { preparePull } = await import('./remote.js');
      return preparePull(o2.deps, o2.remote(), name, o);
    },
    preparePush: async (name, o) => {
      const o2 = await opened();
      const { preparePush } = await import('./remote.js');
      return preparePush(o2.deps, o2.service, o2.remote(), name, o);
    },
    save: async (names) => {
      const o2 = await opened();
      const { saveImages } = await import('./save.js');
      return saveImages(o2.deps, o2.service, names);
    },
    load: async (body, progress) => {
      const o2 = await opened();
      const { loadImages } = await import('./load.js');
      return loadImages(o2.deps, body, progress);
    },
    importImage: async (body, o) => {
      const o2 = await opened();
      const { importImage } = await import('./import.js');
      return importImage(o2.deps, body, o);
    },
    commit: async (req) => {
      const o2 = await opened();
      const { commitImage } = await import('./commit.js');
      return commitImage(o2.deps, req);
    },
    login: async (body) => {
      const o2 = await opened();
      const { login } = await import('./remote.js');
      return login(o2.remote(), body);
    },
    forContainer: async (name) => {
      const o2 = await opened();
      const { record } = o2.service.lookup(name);
      const top = record.layers.at(-1);
      if (!top) throw new InvalidParameterError(`image ${record.id} has no layers to run`);
      return { id: record.id, config: await o2.service.config(record), rootfs: await o2.deps.layers.rootfsSource(top.chainId.replace('sha256:', '')) };
    },
    distribution: async (name, authHeader) => {
      const o2 = await opened();
      const { distribution } = await import('./remote.js');
      return distribution(o2.remote(), name, authHeader);
    },
  };
}

interface Opened {
  deps: ImageDeps;
  service: ImageService;
  remote(): RemoteOptions;
}

export interface RemoteOptions {
  insecureRegistries: string[];
  registryMirrors: string[];
  certsDir: string;
}

async function openImages(options: ImageApiOptions): Promise<Opened> {
  const [{ createLayerStore }, { decompressStream }] = await Promise.all([import('../storage/index.js'), import('../archive/index.js')]);
  const root = options.dataRoot;
  const content = new ContentStore(join(root, 'content'));
  const images = new ImageStore(join(root, 'image', options.storageDriver));
  const layers = createLayerStore({ root, driver: options.storageDriver, logger: options.logger });
  await Promise.all([content.open(), images.open()]);
  const deps: ImageDeps = {
    logger: options.logger,
    content,
    images,
    layers,
    decompress: decompressStream,
    unpacking: new Map(),
    retag: async (ref, id) => { await images.setRef(ref, id); },
  };
  const graphDriver = (rec: ImageRecord): { Name: string; Data: Record<string, string> | null } => {
    const dirs = [...rec.layers].reverse().map((l) => layers.diffDir(l.chainId.replace('sha256:', '')));
    if (options.storageDriver === 'vfs') return { Name: 'vfs', Data: null };
    return { Name: options.storageDriver, Data: { ...(dirs.length > 1 ? { LowerDir: dirs.slice(1).join(':') } : {}), UpperDir: dirs[0] ?? '', MergedDir: '', WorkDir: '' } };
  };
  const service = new ImageService(deps, graphDriver, options.usedBy);
  const remote = (): RemoteOptions => ({ insecureRegistries: options.insecureRegistries, registryMirrors: options.registryMirrors, certsDir: options.certsDir });
  return { deps, service, remote };
}
