// The image service the Engine API calls: names → images, list/inspect/history, tag, remove and
// prune. Pull, push, save, load and import live in their own modules and share ImageDeps.
import { ConflictError, InvalidParameterError, NotFoundError } from '../base/errors.js';
import { familiarName, familiarString, parseReference, type ImageReference } from '../reference/index.js';
import { layerKey } from './chain-id.js';
import { parseImageConfig, type ImageConfig } from './config.js';
import type { ImageDeps } from './deps.js';
import { boolFilter, globMatch, labelsMatch, parseFilters } from '../base/filters.js';
import type { ImageRecord } from './image-store.js';
import { imageHistory, imageInspect, imageSummary, type HistoryItem, type ImageSummary } from './views.js';

export type DeleteItem = { Untagged: string } | { Deleted: string };

/** Which container (if any) uses an image; the containers issue provides it. */
export type ImageUsers = (imageId: string) => string | undefined;

export interface Lookup {
  record: ImageRecord;
  /** The ref `name` matched, when it was a name rather than an id. */
  ref?: string;
}

export class ImageService {
  constructor(
    private readonly deps: ImageDeps,
    private readonly graphDriver: (rec: ImageRecord) => { Name: string; Data: Record<string, string> | null },
    private readonly usedBy: ImageUsers = () => undefined,
  ) {}

  count(): number {
    return this.deps.images.list().length;
  }

  /** dockerd's GetImage: a name (tag added when missing), else an id or id prefix. */
  lookup(name: string): Lookup {
    let ref: ImageReference | undefined;
    const fullId = /^(sha256:)?[a-f0-9]{64}$/.test(name);
    if (!fullId) ref = parseReference(name);
    if (ref) {
      const familiar = familiarString(ref);
      const id = this.deps.images.target(familiar);
      const record = id === undefined ? undefined : this.deps.images.get(id);
      if (record) return { record, ref: familiar };
    }
    const record = this.deps.images.byIdPrefix(name);
    if (record) return { record };
    throw new NotFoundError(`No such image: ${ref ? familiarString(ref) : name}`);
  }

  async config(rec: ImageRecord): Promise<ImageConfig> {
    return parseImageConfig(await this.deps.content.read(rec.id));
  }

  async list(filtersRaw: string | null): Promise<ImageSummary[]> {
    const filters = parseFilters(filtersRaw, ['dangling', 'label', 'reference', 'before', 'since']);
    const dangling = boolFilter(filters.get('dangling'), 'dangling');
    const refPatterns = filters.get('reference');
    const createdOf = async (n: string): Promise<number> => Date.parse((await this.config(this.lookup(n).record)).created ?? '') || 0;
    const before = await Promise.all((filters.get('before') ?? []).map(createdOf));
    const since = await Promise.all((filters.get('since') ?? []).map(createdOf));
    const out: ImageSummary[] = [];
    for (const rec of this.deps.images.list()) {
      const refs = this.deps.images.refsOf(rec.id);
      if (dangling !== undefined && (refs.tags.length === 0) !== dangling) continue;
      const config = await this.config(rec);
      if (!labelsMatch(filters.get('label'), config.config?.Labels)) continue;
      const created = Date.parse(config.created ?? '') || 0;
      if (before.some((b) => created >= b) || since.some((t) => created <= t)) continue;
      if (refPatterns) {
        // as dockerd: only the names that match are listed, and an image with none is left out
        const matching = (r: string): boolean => refPatterns.some((p) => this.refMatches(p, r));
        const shown = { tags: refs.tags.filter(matching), digests: refs.digests.filter(matching) };
        if (shown.tags.length + shown.digests.length === 0) continue;
        out.push(imageSummary(rec, config, shown));
        continue;
      }
      out.push(imageSummary(rec, config, refs));
    }
    return out.sort((a, b) => b.Created - a.Created);
  }

  /** `reference=busybox` matches busybox:latest; `reference=busy*:1.*` matches name and tag. */
  private refMatches(pattern: string, ref: string): boolean {
    const at = ref.indexOf('@');
    const name = at >= 0 ? ref.slice(0, at) : ref.replace(/:[^:/]+$/, '');
    return globMatch(pattern, ref) || globMatch(pattern, name);
  }

  async inspect(name: string): Promise<Record<string, unknown>> {
    const { record } = this.lookup(name);
    return imageInspect(record, await this.config(record), this.deps.images.refsOf(record.id), this.graphDriver(record));
  }

  async history(name: string): Promise<HistoryItem[]> {
    const { record } = this.lookup(name);
    const sizes = await Promise.all(record.layers.map((l) => this.deps.layers.size(layerKey(l.chainId))));
    return imageHistory(record, await this.config(record), sizes, this.deps.images.refsOf(record.id).tags);
  }

  async tag(name: string, repo: string, tag: string): Promise<void> {
    const { record } = this.lookup(name);
    if (repo === '') throw new InvalidParameterError('repository name must have at least one component');
    const ref = parseReference(tag === '' ? repo : `${repo}:${tag}`);
    if (ref.digest !== undefined) throw new InvalidParameterError('refusing to create a tag with a digest reference');
    await this.deps.retag(familiarString(ref), record.id);
  }

  async remove(name: string, opts: { force: boolean; noprune: boolean }): Promise<DeleteItem[]> {
    const { record, ref } = this.lookup(name);
    const refs = this.deps.images.refsOf(record.id);
    const user = this.usedBy(record.id);
    const items: DeleteItem[] = [];
    if (ref !== undefined) {
      const remainingTags = refs.tags.filter((t) => t !== ref);
      if (user !== undefined && !opts.force && remainingTags.length === 0) {
        throw new ConflictError(`conflict: unable to remove repository reference "${name}" (must force) - container ${user.slice(0, 12)} is using its referenced image ${record.id.slice(7, 19)}`);
      }
      await this.deps.images.removeRef(ref);
      items.push({ Untagged: ref });
      if (remainingTags.length > 0) return items;
      // the last tag gone: its digest refs go too, and then the image
      for (const d of refs.digests.filter((x) => x !== ref)) {
        await this.deps.images.removeRef(d);
        items.push({ Untagged: d });
      }
    } else {
      const repos = new Set([...refs.tags, ...refs.digests].map((r) => familiarName(parseReference(r))));
      if (repos.size > 1 && !opts.force) {
        throw new ConflictError(`conflict: unable to delete ${record.id.slice(7, 19)} (must be forced) - image is referenced in multiple repositories`);
      }
      if (user !== undefined && !opts.force) {
        throw new ConflictError(`conflict: unable to delete ${record.id.slice(7, 19)} (cannot be forced) - image is being used by running container ${user.slice(0, 12)}`);
      }
      for (const r of [...refs.tags, ...refs.digests]) {
        await this.deps.images.removeRef(r);
        items.push({ Untagged: r });
      }
    }
    if (user !== undefined) return items;
    items.push(...(await this.deleteImage(record)));
    return items;
  }

  /** Removes the record, then every layer and blob no other image uses. */
  async deleteImage(record: ImageRecord): Promise<DeleteItem[]> {
    const items: DeleteItem[] = [{ Deleted: record.id }];
    await this.deps.images.delete(record.id);
    const usedLayers = this.deps.images.layersInUse();
    const usedBlobs = this.deps.images.blobsInUse();
    for (const l of [...record.layers].reverse()) {
      if (usedLayers.has(l.chainId)) continue;
      await this.deps.layers.remove(layerKey(l.chainId));
      items.push({ Deleted: l.chainId });
    }
    const blobs = [record.id, ...(record.manifest ? [record.manifest.digest] : []), ...record.layers.map((l) => l.blob.digest)];
    for (const b of blobs) if (!usedBlobs.has(b)) await this.deps.content.delete(b);
    return items;
  }

  async prune(filtersRaw: string | null): Promise<{ ImagesDeleted: DeleteItem[] | null; SpaceReclaimed: number }> {
    const filters = parseFilters(filtersRaw, ['dangling', 'label', 'label!', 'until']);
    const danglingOnly = boolFilter(filters.get('dangling'), 'dangling') ?? true;
    const until = filters.get('until')?.[0];
    const untilMs = until === undefined ? undefined : parseUntil(until);
    const deleted: DeleteItem[] = [];
    let reclaimed = 0;
    for (const rec of this.deps.images.list()) {
      const refs = this.deps.images.refsOf(rec.id);
      if (danglingOnly && refs.tags.length > 0) continue;
      if (this.usedBy(rec.id) !== undefined) continue;
      const config = await this.config(rec);
      if (!labelsMatch(filters.get('label'), config.config?.Labels)) continue;
      if (filters.get('label!')?.some((l) => labelsMatch([l], config.config?.Labels))) continue;
      if (untilMs !== undefined && (Date.parse(config.created ?? '') || 0) >= untilMs) continue;
      for (const r of [...refs.tags, ...refs.digests]) {
        await this.deps.images.removeRef(r);
        deleted.push({ Untagged: r });
      }
      reclaimed += rec.size;
      deleted.push(...(await this.deleteImage(rec)));
    }
    return { ImagesDeleted: deleted.length > 0 ? deleted : null, SpaceReclaimed: reclaimed };
  }
}

/** `until` is a duration back from now (`24h`, `10m`) or a timestamp (unix seconds or RFC 3339). */
export function parseUntil(value: string): number {
  const m = /^(\d+)(h|m|s)$/.exec(value);
  if (m) return Date.now() - Number(m[1]) * ({ h: 3600, m: 60, s: 1 }[m[2] as 'h' | 'm' | 's']) * 1000;
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value) * 1000;
  const t = Date.parse(value);
  if (Number.isNaN(t)) throw new InvalidParameterError(`failed to parse value as time or duration: "${value}"`);
  return t;
}
