// `docker import` (POST /images/create?fromSrc=-): the body is a filesystem tarball, possibly
// compressed; it becomes a one-layer image whose config carries the --change instructions.
import type { Readable } from 'node:stream';
import { familiarString, parseReference } from '../reference/index.js';
import { applyChanges } from './changes.js';
import type { ImageConfig } from './config.js';
import type { ImageDeps } from './deps.js';
import { hostPlatform, parsePlatform } from '../registry/platform.js';
import { MediaType } from '../registry/types.js';
import { unpackLayer } from './pull.js';

export async function importImage(
  deps: ImageDeps,
  body: Readable,
  opts: { repo: string; tag: string; changes: string[]; message: string; platform: string },
): Promise<string> {
  // validate the name before reading a possibly large body
  const ref = opts.repo === '' ? undefined : parseReference(opts.tag === '' ? opts.repo : `${opts.repo}:${opts.tag}`);
  const stored = await deps.content.ingest(deps.decompress(body));
  const diffId = stored.digest;
  const blob = { digest: diffId, mediaType: MediaType.dockerLayer, size: stored.size };
  const unpacked = await unpackLayer(deps, blob, diffId, diffId, undefined);
  const now = new Date().toISOString();
  const platform = opts.platform === '' ? hostPlatform() : parsePlatform(opts.platform);
  const config: ImageConfig = {
    architecture: platform.architecture,
    os: platform.os,
    ...(platform.variant ? { variant: platform.variant } : {}),
    created: now,
    comment: opts.message,
    config: applyChanges({}, opts.changes),
    rootfs: { type: 'layers', diff_ids: [diffId] },
    history: [{ created: now, comment: opts.message === '' ? 'Imported from -' : opts.message }],
  };
  const { digest: id } = await deps.content.put(JSON.stringify(config));
  await deps.images.put({ id, layers: [{ diffId, chainId: diffId, blob, tarSize: stored.size }], size: unpacked.size });
  if (ref) await deps.retag(familiarString(ref), id);
  return id;
}
