// Manifests as JSON: what kind a body is (from its own mediaType, else the Content-Type, else its
// shape, as distribution's UnmarshalManifest sniffs), and the parts pulling needs, checked strictly:
// digests become file names, sizes become read limits.
import { SystemError } from '../base/errors.js';
import { isDigest } from '../reference/index.js';
import { platformRank } from './platform.js';
import { MediaType, type Descriptor, type ImageManifest, type Platform } from './types.js';

export type ManifestKind = 'image' | 'index' | 'schema1';

export interface IndexEntry {
  descriptor: Descriptor;
  platform?: Platform;
}

const KINDS = new Map<string, ManifestKind>([
  [MediaType.dockerManifest, 'image'],
  [MediaType.ociManifest, 'image'],
  [MediaType.dockerManifestList, 'index'],
  [MediaType.ociIndex, 'index'],
  [MediaType.dockerSchema1, 'schema1'],
  [MediaType.dockerSchema1Signed, 'schema1'],
]);

function invalid(detail: string): SystemError {
  return new SystemError(`invalid manifest: ${detail}`);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function parseManifestJson(bytes: Buffer): Record<string, unknown> {
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch (err) {
    throw invalid(err instanceof Error ? err.message : String(err));
  }
  if (!isObject(json)) throw invalid('not a JSON object');
  return json;
}

export function classifyManifest(contentType: string | undefined, json: Record<string, unknown>): { kind: ManifestKind; mediaType: string } {
  const declared = typeof json['mediaType'] === 'string' ? json['mediaType'] : undefined;
  const served = contentType?.split(';')[0]?.trim().toLowerCase();
  for (const mediaType of [declared, served]) {
    const kind = mediaType !== undefined ? KINDS.get(mediaType) : undefined;
    if (kind !== undefined && mediaType !== undefined) return { kind, mediaType };
  }
  if (json['schemaVersion'] === 1) return { kind: 'schema1', mediaType: MediaType.dockerSchema1Signed };
  if (Array.isArray(json['manifests'])) return { kind: 'index', mediaType: MediaType.ociIndex };
  if (isObject(json['config']) && Array.isArray(json['layers'])) return { kind: 'image', mediaType: MediaType.ociManifest };
  throw new SystemError(`unsupported manifest media type and no default available: ${served ?? ''}`);
}

function descriptor(value: unknown, where: string): Descriptor {
  if (!isObject(value)) throw invalid(`${where} is not an object`);
  const { mediaType, digest, size } = value;
  if (typeof mediaType !== 'string') throw invalid(`${where} has no mediaType`);
  if (typeof digest !== 'string' || !isDigest(digest)) throw invalid(`${where} has an invalid digest`);
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) throw invalid(`${where} has an invalid size`);
  return { mediaType, digest, size };
}

export function parseImageManifest(json: Record<string, unknown>): ImageManifest {
  if (json['schemaVersion'] !== 2) throw invalid('schemaVersion is not 2');
  const layers = json['layers'];
  if (!Array.isArray(layers)) throw invalid('layers is not a list');
  return {
    config: descriptor(json['config'], 'config'),
    layers: layers.map((layer: unknown, i) => descriptor(layer, `layer ${i}`)),
  };
}

function platformOf(value: unknown): Platform | undefined {
  if (!isObject(value)) return undefined;
  const { os, architecture, variant } = value;
  if (typeof os !== 'string' || typeof architecture !== 'string') return undefined;
  return { os, architecture, ...(typeof variant === 'string' && variant !== '' ? { variant } : {}) };
}

export function parseIndex(json: Record<string, unknown>): IndexEntry[] {
  const manifests = json['manifests'];
  if (!Array.isArray(manifests)) throw invalid('manifests is not a list');
  return manifests.map((entry: unknown, i) => {
    const platform = isObject(entry) ? platformOf(entry['platform']) : undefined;
    return { descriptor: descriptor(entry, `manifest ${i}`), ...(platform ? { platform } : {}) };
  });
}

/** The image manifest entry that suits `want` best; entries without a platform never match. */
export function selectFromIndex(entries: IndexEntry[], want: Platform): IndexEntry | undefined {
  let best: { entry: IndexEntry; rank: number } | undefined;
  for (const entry of entries) {
    if (!entry.platform || KINDS.get(entry.descriptor.mediaType) === 'index') continue;
    const rank = platformRank(want, entry.platform);
    if (rank >= 0 && (best === undefined || rank < best.rank)) best = { entry, rank };
  }
  return best?.entry;
}
