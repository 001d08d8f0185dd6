// `docker import` (POST /images/create?fromSrc=-): the body is a filesystem tarball, possibly
// compressed; it becomes a one-layer image whose config carries the --change instructions.
// storeLayerImage is the part commit shares: a layer tar on top of a parent image, and a config.
import type { Readable } from 'node:stream';
import { familiarString, parseReference, type ImageReference } from '../reference/index.js';
import { applyChanges } from './changes.js';
import { chainIds } from './chain-id.js';
import type { ImageConfig } from './config.js';
import type { ImageDeps } from './deps.js';
import type { ImageRecord, LayerRecord } from './image-store.js';
import { hostPlatform, parsePlatform } from '../registry/platform.js';
import { MediaType } from '../registry/types.js';
import { unpackLayer } from './pull.js';

/** The diff id of a tar with no entries, which moby's NewChildImage records as no layer at all. */
export const EMPTY_LAYER_DIFF_ID = 'sha256:5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef';

export interface LayerImage {
  /** Uncompressed, or compressed in a form deps.decompress reads. */
  tar: Readable;
  parent: ImageRecord | undefined;
  /** Commit: an empty tar adds no layer, as in dockerd; import keeps it. */
  dropEmpty: boolean;
  ref: ImageReference | undefined;
  /** The image config, given the new layer's diff id (undefined when it was dropped as empty). */
  config(diffIds: string[], added: string | undefined): ImageConfig;
}

/** Stores the layer, unpacks it on the parent's, writes the config and the record, and tags. Returns the image id. */
export async function storeLayerImage(deps: ImageDeps, image: LayerImage): Promise<string> {
  const stored = await deps.content.ingest(deps.decompress(image.tar));
  const diffId = stored.digest;
  const parentLayers = image.parent?.layers ?? [];
  const baseDiffIds = parentLayers.map((l) => l.diffId);
  let layers: LayerRecord[] = parentLayers;
  let size = image.parent?.size ?? 0;
  let added: string | undefined;
  if (image.dropEmpty && diffId === EMPTY_LAYER_DIFF_ID) {
    if (!deps.images.blobsInUse().has(diffId)) await deps.content.delete(diffId);
  } else {
    const blob = { digest: diffId, mediaType: MediaType.dockerLayer, size: stored.size };
    const chainId = chainIds([...baseDiffIds, diffId]).at(-1) ?? diffId;
    const unpacked = await unpackLayer(deps, blob, diffId, chainId, parentLayers.at(-1)?.chainId);
    layers = [...parentLayers, { diffId, chainId, blob, tarSize: stored.size }];
    size += unpacked.size;
    added = diffId;
  }
  const config = image.config(layers.map((l) => l.diffId), added);
  const { digest: id } = await deps.content.put(JSON.stringify(config));
  await deps.images.put({ id, layers, size });
  if (image.ref) await deps.retag(familiarString(image.ref), id);
  return id;
}

export async function importImage(
  deps: ImageDeps,
  body: Readable,
  opts: { repo: string; tag: string; changes: string[]; message: string; platform: string },
): Promise<string> {
  // validate the name before reading a possibly large body
  const ref = opts.repo === '' ? undefined : parseReference(opts.tag === '' ? opts.repo : `${opts.repo}:${opts.tag}`);
  const platform = opts.platform === '' ? hostPlatform() : parsePlatform(opts.platform);
  return storeLayerImage(deps, {
    tar: body,
    parent: undefined,
    dropEmpty: false,
    ref,
    config: (diffIds) => {
      const now = new Date().toISOString();
      return {
        architecture: platform.architecture,
        os: platform.os,
        ...(platform.variant ? { variant: platform.variant } : {}),
        created: now,
        comment: opts.message,
        config: applyChanges({}, opts.changes),
        rootfs: { type: 'layers', diff_ids: diffIds },
        history: [{ created: now, comment: opts.message === '' ? 'Imported from -' : opts.message }],
      };
    },
  });
}
