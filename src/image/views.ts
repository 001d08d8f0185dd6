// The JSON bodies of GET /images/json, /images/{name}/json and /images/{name}/history, as dockerd
// shapes them (docs: engine-api.md §2; the CLI and SDKs read these field by field).
import type { ImageConfig } from './config.js';
import type { ImageRecord } from './image-store.js';

export interface ImageSummary {
  Id: string;
  ParentId: string;
  RepoTags: string[];
  RepoDigests: string[];
  Created: number;
  Size: number;
  VirtualSize: number;
  SharedSize: number;
  Labels: Record<string, string>;
  Containers: number;
}

function unixSeconds(iso: string | undefined): number {
  const t = iso ? Date.parse(iso) : NaN;
  return Number.isNaN(t) ? 0 : Math.floor(t / 1000);
}

/** dockerd lists an image without any name as <none>:<none> / <none>@<none>. */
function names(refs: { tags: string[]; digests: string[] }): { RepoTags: string[]; RepoDigests: string[] } {
  if (refs.tags.length === 0 && refs.digests.length === 0) return { RepoTags: ['<none>:<none>'], RepoDigests: ['<none>@<none>'] };
  return { RepoTags: refs.tags, RepoDigests: refs.digests };
}

export function imageSummary(rec: ImageRecord, config: ImageConfig, refs: { tags: string[]; digests: string[] }): ImageSummary {
  return {
    Id: rec.id,
    ParentId: '',
    ...names(refs),
    Created: unixSeconds(config.created),
    Size: rec.size,
    VirtualSize: rec.size,
    SharedSize: -1,
    Labels: config.config?.Labels ?? {},
    Containers: -1,
  };
}

const EMPTY_CONTAINER_CONFIG = {
  Hostname: '', Domainname: '', User: '', AttachStdin: false, AttachStdout: false, AttachStderr: false,
  Tty: false, OpenStdin: false, StdinOnce: false, Env: null, Cmd: null, Image: '', Volumes: null,
  WorkingDir: '', Entrypoint: null, OnBuild: null, Labels: null,
};

export function imageInspect(
  rec: ImageRecord,
  config: ImageConfig,
  refs: { tags: string[]; digests: string[] },
  graphDriver: { Name: string; Data: Record<string, string> | null },
): Record<string, unknown> {
  return {
    Id: rec.id,
    RepoTags: refs.tags,
    RepoDigests: refs.digests,
    Parent: '',
    Comment: config.comment ?? '',
    Created: config.created ?? '0001-01-01T00:00:00Z',
    Container: config.container ?? '',
    ContainerConfig: { ...EMPTY_CONTAINER_CONFIG, ...config.container_config },
    DockerVersion: config.docker_version ?? '',
    Author: config.author ?? '',
    Config: { ...EMPTY_CONTAINER_CONFIG, ...config.config },
    Architecture: config.architecture ?? '',
    ...(config.variant ? { Variant: config.variant } : {}),
    Os: config.os ?? '',
    Size: rec.size,
    VirtualSize: rec.size,
    GraphDriver: graphDriver,
    RootFS: { Type: 'layers', Layers: rec.layers.map((l) => l.diffId) },
    Metadata: { LastTagTime: rec.lastTagTime ?? '0001-01-01T00:00:00Z' },
  };
}

export interface HistoryItem {
  Id: string;
  Created: number;
  CreatedBy: string;
  Tags: string[] | null;
  Size: number;
  Comment: string;
}

/** Newest first; only the top entry carries the image id, the rest are "<missing>" as for pulled images. */
export function imageHistory(rec: ImageRecord, config: ImageConfig, layerSizes: readonly number[], tags: string[]): HistoryItem[] {
  const items: HistoryItem[] = [];
  let layer = 0;
  for (const h of config.history ?? []) {
    const size = h.empty_layer ? 0 : (layerSizes[layer++] ?? 0);
    items.push({ Id: '<missing>', Created: unixSeconds(h.created), CreatedBy: h.created_by ?? '', Tags: null, Size: size, Comment: h.comment ?? '' });
  }
  items.reverse();
  const top = items[0];
  if (top) {
    top.Id = rec.id;
    top.Tags = tags.length > 0 ? tags : null;
  }
  return items;
}
