// `docker push`: blobs first (skipping what the registry has, gzipping layers that were stored
// uncompressed after a load or import), then the manifest. A pulled image is pushed with its
// original manifest bytes, so the digest a registry reports is the one it was pulled by.
import { gzipStream } from '../archive/index.js';
import { familiarName, fullName, type ImageReference } from '../reference/index.js';
import { MediaType, type RegistryAuth, type RegistryClient } from '../registry/index.js';
import type { ImageDeps } from './deps.js';
import type { BlobRef, ImageRecord } from './image-store.js';
import { shortId, type ProgressWriter } from './progress.js';

const UNCOMPRESSED = new Set<string>([MediaType.dockerLayer, MediaType.ociLayer]);

export async function runPush(
  deps: ImageDeps,
  reg: RegistryClient,
  ref: ImageReference,
  record: ImageRecord,
  auth: RegistryAuth,
  out: ProgressWriter,
): Promise<void> {
  const repo = { domain: ref.domain, path: ref.path };
  const tag = ref.tag ?? 'latest';
  out.status(`The push refers to repository [${fullName(ref)}]`);
  const top = [...record.layers].reverse();
  for (const l of top) out.status('Preparing', shortId(l.blob.digest));

  const pushed = new Map<string, BlobRef>();
  await Promise.all(record.layers.map(async (l) => {
    const id = shortId(l.blob.digest);
    if (!UNCOMPRESSED.has(l.blob.mediaType) && (await reg.blobExists(repo, auth, l.blob.digest))) {
      out.status('Layer already exists', id);
      pushed.set(l.diffId, l.blob);
      return;
    }
    out.status('Waiting', id);
    if (UNCOMPRESSED.has(l.blob.mediaType)) {
      const body = deps.content.stream(l.blob.digest).pipe(gzipStream());
      const up = await reg.uploadBlob(repo, auth, body);
      pushed.set(l.diffId, { digest: up.digest, size: up.size, mediaType: MediaType.dockerLayerGzip });
    } else {
      await reg.uploadBlob(repo, auth, deps.content.stream(l.blob.digest), l.blob.digest);
      pushed.set(l.diffId, l.blob);
    }
    out.status('Pushed', id);
  }));

  const configBytes = await deps.content.read(record.id);
  if (!(await reg.blobExists(repo, auth, record.id))) {
    await reg.uploadBlob(repo, auth, deps.content.stream(record.id), record.id);
  }

  const unchanged = record.layers.every((l) => pushed.get(l.diffId)?.digest === l.blob.digest);
  let bytes: Buffer;
  let mediaType: string;
  if (record.manifest && unchanged && (await deps.content.has(record.manifest.digest))) {
    bytes = await deps.content.read(record.manifest.digest);
    mediaType = record.manifest.mediaType;
  } else {
    mediaType = MediaType.dockerManifest;
    bytes = Buffer.from(JSON.stringify({
      schemaVersion: 2,
      mediaType,
      config: { mediaType: MediaType.dockerConfig, size: configBytes.length, digest: record.id },
      layers: record.layers.map((l) => {
        const b = pushed.get(l.diffId) ?? l.blob;
        return { mediaType: b.mediaType, size: b.size, digest: b.digest };
      }),
    }, null, 3));
  }
  const digest = await reg.putManifest(ref, auth, bytes, mediaType);
  await deps.retag(`${familiarName(ref)}@${digest}`, record.id);
  out.status(`${tag}: digest: ${digest} size: ${bytes.length}`);
  out.send({ progressDetail: {}, aux: { Tag: tag, Digest: digest, Size: bytes.length } });
}
