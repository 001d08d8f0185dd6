// `docker load`: a docker-save archive (manifest.json + <id>.json + layer tars), as written by any
// docker version including the OCI-layout flavour of docker ≥ 25 (its manifest.json still names
// files, under blobs/sha256/). Every regular file goes to the content store while streaming, since
// manifest.json may come last; what no image ends up using is deleted again.
import type { Readable } from 'node:stream';
import { readTar } from '../archive/index.js';
import { InvalidParameterError } from '../base/errors.js';
import { familiarString, parseReference } from '../reference/index.js';
import { chainIds } from './chain-id.js';
import { parseImageConfig } from './config.js';
import type { ImageDeps } from './deps.js';
import type { LayerRecord } from './image-store.js';
import type { JsonMessage } from './progress.js';
import { unpackLayer } from './pull.js';
import { MediaType } from '../registry/types.js';

interface SaveManifestEntry {
  Config: string;
  RepoTags?: string[] | null;
  Layers: string[];
}

function normalize(name: string): string {
  return name.replace(/^\.\//, '').replace(/\/+$/, '');
}

export async function loadImages(deps: ImageDeps, body: Readable, progress: (msg: JsonMessage) => void): Promise<string[]> {
  const files = new Map<string, { digest: string; size: number }>();
  for await (const entry of readTar(deps.decompress(body))) {
    if (entry.header.type !== 'file') {
      entry.body.resume();
      continue;
    }
    files.set(normalize(entry.header.name), await deps.content.ingest(entry.body));
  }
  const manifestFile = files.get('manifest.json');
  if (!manifestFile) throw new InvalidParameterError('invalid tar header: manifest.json not found in the archive (is it a `docker save` archive?)');
  const manifest = JSON.parse((await deps.content.read(manifestFile.digest)).toString('utf8')) as SaveManifestEntry[];
  const lines: string[] = [];
  for (const m of manifest) {
    const configFile = files.get(normalize(m.Config));
    if (!configFile) throw new InvalidParameterError(`invalid archive: ${m.Config} is missing`);
    const config = parseImageConfig(await deps.content.read(configFile.digest));
    const diffIds = config.rootfs.diff_ids;
    if (diffIds.length !== m.Layers.length) throw new InvalidParameterError(`invalid archive: ${m.Config} has ${diffIds.length} diff ids for ${m.Layers.length} layers`);
    const chains = chainIds(diffIds);
    const layers: LayerRecord[] = [];
    let size = 0;
    for (const [i, path] of m.Layers.entries()) {
      const file = files.get(normalize(path));
      if (!file) throw new InvalidParameterError(`invalid archive: layer ${path} is missing`);
      const blob = { digest: file.digest, mediaType: MediaType.dockerLayer, size: file.size };
      const diffId = diffIds[i] ?? '';
      const chainId = chains[i] ?? '';
      progress({ status: 'Loading layer', progressDetail: { current: file.size, total: file.size }, id: diffId.slice(7, 19) });
      const unpacked = await unpackLayer(deps, blob, diffId, chainId, chains[i - 1]);
      size += unpacked.size;
      layers.push({ diffId, chainId, blob, tarSize: unpacked.tarSize || file.size });
    }
    const id = configFile.digest;
    await deps.images.put({ ...(deps.images.get(id) ?? {}), id, layers, size });
    const tags = m.RepoTags ?? [];
    for (const t of tags) {
      const ref = familiarString(parseReference(t));
      const before = deps.images.target(ref);
      if (before !== undefined && before !== id) {
        lines.push(`The image ${ref} already exists, renaming the old one with ID ${before} to empty string`);
      }
      await deps.retag(ref, id);
      lines.push(`Loaded image: ${ref}`);
    }
    if (tags.length === 0) lines.push(`Loaded image ID: ${id}`);
  }
  const used = deps.images.blobsInUse();
  for (const f of files.values()) if (!used.has(f.digest)) await deps.content.delete(f.digest);
  return lines;
}
