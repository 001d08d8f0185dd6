// `docker save`: the docker-save archive (manifest.json, repositories, <id>.json, <diff>/layer.tar)
// that every docker version loads. Layers are the stored blobs decompressed on the fly: their
// bytes are the exact tars whose digests are the diff ids, and tarSize gives the header sizes.
import type { Readable } from 'node:stream';
import { packTar, type TarInput } from '../archive/index.js';
import { InvalidParameterError } from '../base/errors.js';
import { familiarName, parseReference } from '../reference/index.js';
import type { ImageDeps } from './deps.js';
import type { ImageRecord } from './image-store.js';
import type { ImageService } from './service.js';

function hex(digest: string): string {
  return digest.replace(/^sha256:/, '');
}

export function saveImages(deps: ImageDeps, service: ImageService, names: string[]): Readable {
  if (names.length === 0) throw new InvalidParameterError('no images specified');
  const chosen = new Map<string, { record: ImageRecord; tags: string[] }>();
  for (const name of names) {
    const { record, ref } = service.lookup(name);
    const entry = chosen.get(record.id) ?? { record, tags: [] };
    if (ref !== undefined && !ref.includes('@') && !entry.tags.includes(ref)) entry.tags.push(ref);
    chosen.set(record.id, entry);
  }
  const manifest = [...chosen.values()].map(({ record, tags }) => ({
    Config: `${hex(record.id)}.json`,
    RepoTags: tags.length > 0 ? tags : null,
    Layers: record.layers.map((l) => `${hex(l.diffId)}/layer.tar`),
  }));
  const repositories: Record<string, Record<string, string>> = {};
  for (const { record, tags } of chosen.values()) {
    for (const t of tags) {
      const ref = parseReference(t);
      (repositories[familiarName(ref)] ??= {})[ref.tag ?? 'latest'] = hex(record.id);
    }
  }
  const mtime = 0;
  async function* entries(): AsyncGenerator<TarInput> {
    const seen = new Set<string>();
    for (const { record } of chosen.values()) {
      for (const l of record.layers) {
        if (seen.has(l.diffId)) continue;
        seen.add(l.diffId);
        yield { header: { name: `${hex(l.diffId)}/`, type: 'dir', mode: 0o755, mtime } };
        yield { header: { name: `${hex(l.diffId)}/VERSION`, type: 'file', mode: 0o644, mtime }, body: Buffer.from('1.0') };
        yield {
          header: { name: `${hex(l.diffId)}/layer.tar`, type: 'file', mode: 0o644, mtime, size: l.tarSize },
          body: deps.decompress(deps.content.stream(l.blob.digest)),
        };
      }
      yield { header: { name: `${hex(record.id)}.json`, type: 'file', mode: 0o644, mtime }, body: await deps.content.read(record.id) };
    }
    yield { header: { name: 'manifest.json', type: 'file', mode: 0o644, mtime }, body: Buffer.from(JSON.stringify(manifest)) };
    if (Object.keys(repositories).length > 0) {
      yield { header: { name: 'repositories', type: 'file', mode: 0o644, mtime }, body: Buffer.from(JSON.stringify(repositories)) };
    }
  }
  return packTar(entries());
}
