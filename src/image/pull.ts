// `docker pull`: resolve the manifest (errors here still get their own HTTP status), then stream
// progress while layers download in parallel into the content store and are unpacked in order as
// soon as each one and its parent are ready, so downloading, verifying and unpacking overlap.
import { createHash } from 'node:crypto';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { InvalidParameterError } from '../base/errors.js';
import { chainIds, layerKey } from './chain-id.js';
import { parseImageConfig } from './config.js';
import type { BlobRef, LayerRecord } from './image-store.js';
import { shortId, type ProgressWriter } from './progress.js';
import type { ImageDeps } from './deps.js';

/** What the registry client resolved a reference to (its platform manifest, for an index). */
export interface ResolvedManifest {
  config: BlobRef;
  layers: BlobRef[];
  manifest: BlobRef;
  manifestBytes: Buffer;
  /** What the tag pointed at: the index's digest for a multi-platform image, else the manifest's. */
  repoDigest: string;
}

export interface PullSource {
  fetchBlob(blob: BlobRef): Promise<Readable>;
}

export interface PullRequest {
  /** The familiar string docker prints (`busybox:latest`). */
  familiar: string;
  /** `name` of `name:tag`/`name@digest`, familiar (`busybox`), for the digest ref. */
  familiarName: string;
  /** Registry path shown in "Pulling from library/busybox". */
  remoteName: string;
  /** Tag or digest, the id of the "Pulling from" line. */
  tagOrDigest: string;
  /** The ref to point at the image, when pulled by tag. */
  tagRef?: string;
  resolved: ResolvedManifest;
  source: PullSource;
}

const PARALLEL_DOWNLOADS = 3;

/** A counting semaphore: at most `n` tasks at once. */
function limiter(n: number): <T>(task: () => Promise<T>) => Promise<T> {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (active >= n) await new Promise<void>((r) => waiting.push(r));
    active++;
    try {
      return await task();
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
}

/** Passes bytes through while hashing them; `digest()` is valid once the stream ended. */
export function hashingStream(): Transform & { digest(): string; bytes(): number } {
  const hash = createHash('sha256');
  let n = 0;
  let result: string | undefined;
  const t = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      n += chunk.length;
      done(null, chunk);
    },
  });
  return Object.assign(t, {
    digest: () => (result ??= `sha256:${hash.digest('hex')}`),
    bytes: () => n,
  });
}

export interface Unpacked {
  /** Unpacked size of this layer's own changes. */
  size: number;
  /** Length of the uncompressed tar. */
  tarSize: number;
}

/** The uncompressed length of a layer some image already recorded, for one that is already present. */
function knownTarSize(deps: ImageDeps, diffId: string): number {
  for (const rec of deps.images.list()) for (const l of rec.layers) if (l.diffId === diffId) return l.tarSize;
  return 0;
}

/** Unpacks one stored layer blob as `chainId` on top of `parent`, checking its diff id. */
export async function unpackLayer(deps: ImageDeps, blob: BlobRef, diffId: string, chainId: string, parent: string | undefined): Promise<Unpacked> {
  const key = layerKey(chainId);
  const running = deps.unpacking.get(key);
  if (running) return running;
  const job = (async () => {
    if (await deps.layers.has(key)) return { size: await deps.layers.size(key), tarSize: knownTarSize(deps, diffId) };
    const hashing = hashingStream();
    const tar = deps.decompress(deps.content.stream(blob.digest));
    const piping = pipeline(tar, hashing);
    let size: number;
    try {
      ({ size } = await deps.layers.apply(key, parent === undefined ? undefined : layerKey(parent), hashing));
    } catch (err) {
      hashing.destroy();
      await piping.catch(() => undefined);
      throw err;
    }
    // the applier may stop reading at the tar's end marker: drain the rest into the hash
    hashing.resume();
    await piping;
    if (hashing.digest() !== diffId) {
      await deps.layers.remove(key);
      throw new InvalidParameterError(`failed to register layer: layer ${blob.digest} has diff id ${hashing.digest()}, but the image config says ${diffId}`);
    }
    return { size, tarSize: hashing.bytes() };
  })();
  deps.unpacking.set(key, job);
  try {
    return await job;
  } finally {
    deps.unpacking.delete(key);
  }
}

export async function runPull(deps: ImageDeps, req: PullRequest, out: ProgressWriter): Promise<string> {
  const { resolved } = req;
  out.status(`Pulling from ${req.remoteName}`, req.tagOrDigest);

  if (!(await deps.content.has(resolved.config.digest))) {
    await deps.content.ingest(await req.source.fetchBlob(resolved.config), resolved.config.digest);
  }
  const config = parseImageConfig(await deps.content.read(resolved.config.digest));
  const diffIds = config.rootfs.diff_ids;
  if (diffIds.length !== resolved.layers.length) {
    throw new InvalidParameterError(`image config has ${diffIds.length} diff ids for ${resolved.layers.length} layers`);
  }
  const chains = chainIds(diffIds);
  const present = await Promise.all(chains.map((c) => deps.layers.has(layerKey(c))));
  resolved.layers.forEach((blob, i) => { out.status(present[i] ? 'Already exists' : 'Pulling fs layer', shortId(blob.digest)); });

  const limit = limiter(PARALLEL_DOWNLOADS);
  const downloads = resolved.layers.map((blob, i) => {
    if (present[i]) return Promise.resolve();
    const id = shortId(blob.digest);
    return limit(async () => {
      if (await deps.content.has(blob.digest)) return;
      out.status('Waiting', id);
      const started = performance.now();
      const body = await req.source.fetchBlob(blob);
      await deps.content.ingest(body, blob.digest, (n) => { out.progress(id, 'Downloading', n, blob.size); });
      deps.logger.debug('layer downloaded', { digest: blob.digest, bytes: blob.size, ms: Math.round(performance.now() - started) });
      out.status('Verifying Checksum', id);
      out.status('Download complete', id);
    });
  });
  // a failed download must not leave the others' rejections unhandled while we wait in order
  for (const d of downloads) d.catch(() => undefined);

  const layers: LayerRecord[] = [];
  let size = 0;
  for (const [i, blob] of resolved.layers.entries()) {
    const diffId = diffIds[i] ?? '';
    const chainId = chains[i] ?? '';
    await downloads[i];
    if (!present[i]) out.status('Extracting', shortId(blob.digest));
    const started = performance.now();
    const unpacked = await unpackLayer(deps, blob, diffId, chainId, chains[i - 1]);
    deps.logger.debug('layer unpacked', { digest: blob.digest, size: unpacked.size, ms: Math.round(performance.now() - started) });
    size += unpacked.size;
    if (!present[i]) out.status('Pull complete', shortId(blob.digest));
    layers.push({ diffId, chainId, blob, tarSize: unpacked.tarSize });
  }

  if (!(await deps.content.has(resolved.manifest.digest))) await deps.content.put(resolved.manifestBytes);
  const id = resolved.config.digest;
  const existed = deps.images.get(id) !== undefined && (req.tagRef === undefined || deps.images.target(req.tagRef) === id);
  await deps.images.put({ ...(deps.images.get(id) ?? {}), id, layers, size, manifest: resolved.manifest });
  if (req.tagRef !== undefined) await deps.retag(req.tagRef, id);
  await deps.retag(`${req.familiarName}@${resolved.repoDigest}`, id);
  out.status(`Digest: ${resolved.repoDigest}`);
  out.status(`Status: ${existed ? 'Image is up to date for' : 'Downloaded newer image for'} ${req.familiar}`);
  return id;
}
