// `docker commit` (POST /commit): the container's changes as one more layer on its image, and a
// config built as dockerd's CreateImageFromContainer builds it: the request's config (or the
// container's) with the --change instructions applied, then completed from the container's.
import type { Readable } from 'node:stream';
import { InvalidParameterError, NotFoundError } from '../base/errors.js';
import { parseReference, type ImageReference } from '../reference/index.js';
import { applyChanges } from './changes.js';
import { parseImageConfig, type ContainerConfigFields, type ImageConfig } from './config.js';
import type { ImageDeps } from './deps.js';
import { storeLayerImage } from './import.js';

/** The whole of dockerd's container.Config, which a committed image keeps as its config. */
export interface ContainerConfig extends ContainerConfigFields {
  AttachStdin?: boolean;
  AttachStdout?: boolean;
  AttachStderr?: boolean;
  Tty?: boolean;
  OpenStdin?: boolean;
  StdinOnce?: boolean;
  NetworkDisabled?: boolean;
  MacAddress?: string;
  StopTimeout?: number | null;
}

export interface CommitRequest {
  container: { id: string; config: ContainerConfig };
  /** The id of the container's image. */
  image: string;
  /** The container's changes as a layer tar. */
  layer: Readable;
  /** The request body's config, when it sent one. */
  config: ContainerConfig | undefined;
  changes: string[];
  author: string;
  comment: string;
  repo: string;
  tag: string;
}

/** dockerd's RepoTagReference: no repo, no tag; a repo alone is tagged latest. */
export function commitReference(repo: string, tag: string): ImageReference | undefined {
  if (repo === '') return undefined;
  const named = parseReference(repo);
  if (named.digest !== undefined) throw new InvalidParameterError('cannot import digest reference');
  return tag === '' ? named : parseReference(`${repo}:${tag}`);
}

const isEmpty = (v: readonly unknown[] | Record<string, unknown> | null | undefined): boolean =>
  v === null || v === undefined || (Array.isArray(v) ? v.length === 0 : Object.keys(v).length === 0);

/** dockerd's merge (daemon/commit.go): `user` completed from `base`, which wins only where `user` is unset. */
export function mergeConfig(user: ContainerConfig, base: ContainerConfigFields): ContainerConfig {
  const out: ContainerConfig = { ...user };
  if ((out.User ?? '') === '') out.User = base.User ?? '';
  if (isEmpty(out.ExposedPorts)) out.ExposedPorts = base.ExposedPorts ?? null;
  else out.ExposedPorts = { ...(base.ExposedPorts ?? {}), ...out.ExposedPorts };
  if (isEmpty(out.Env)) out.Env = base.Env ?? null;
  else {
    const keys = new Set((out.Env ?? []).map((e) => e.split('=')[0]));
    out.Env = [...(out.Env ?? []), ...(base.Env ?? []).filter((e) => !keys.has(e.split('=')[0]))];
  }
  out.Labels = { ...(base.Labels ?? {}), ...(out.Labels ?? {}) };
  if (isEmpty(out.Entrypoint)) {
    if (isEmpty(out.Cmd)) out.Cmd = base.Cmd ?? null;
    if (out.Entrypoint === undefined || out.Entrypoint === null) out.Entrypoint = base.Entrypoint ?? null;
  }
  if (base.Healthcheck !== undefined) out.Healthcheck = { ...base.Healthcheck, ...definedOnly(out.Healthcheck) };
  if ((out.WorkingDir ?? '') === '') out.WorkingDir = base.WorkingDir ?? '';
  if (isEmpty(out.Volumes)) out.Volumes = base.Volumes ?? null;
  else out.Volumes = { ...out.Volumes, ...(base.Volumes ?? {}) };
  if ((out.StopSignal ?? '') === '') {
    if (base.StopSignal !== undefined) out.StopSignal = base.StopSignal;
    else delete out.StopSignal;
  }
  return out;
}

/** A healthcheck's set fields: dockerd fills only the zero ones (empty Test, 0 durations and retries) from the base. */
function definedOnly(h: object | undefined): Record<string, unknown> {
  return Object.fromEntries(Object.entries(h ?? {}).filter(([, v]) => v !== 0 && v !== null && v !== undefined && !(Array.isArray(v) && v.length === 0)));
}

/** The config in dockerd's field order, with Go's zero values where its JSON always has the field. */
export function configJson(c: ContainerConfig): ContainerConfig {
  return {
    Hostname: c.Hostname ?? '',
    Domainname: c.Domainname ?? '',
    User: c.User ?? '',
    AttachStdin: c.AttachStdin ?? false,
    AttachStdout: c.AttachStdout ?? false,
    AttachStderr: c.AttachStderr ?? false,
    ...(isEmpty(c.ExposedPorts) ? {} : { ExposedPorts: c.ExposedPorts }),
    Tty: c.Tty ?? false,
    OpenStdin: c.OpenStdin ?? false,
    StdinOnce: c.StdinOnce ?? false,
    Env: c.Env ?? null,
    Cmd: c.Cmd ?? null,
    ...(c.Healthcheck !== undefined ? { Healthcheck: c.Healthcheck } : {}),
    ...(c.ArgsEscaped === true ? { ArgsEscaped: true } : {}),
    Image: c.Image ?? '',
    Volumes: c.Volumes ?? null,
    WorkingDir: c.WorkingDir ?? '',
    Entrypoint: c.Entrypoint ?? null,
    ...(c.NetworkDisabled === true ? { NetworkDisabled: true } : {}),
    ...((c.MacAddress ?? '') !== '' ? { MacAddress: c.MacAddress } : {}),
    OnBuild: c.OnBuild ?? null,
    Labels: c.Labels ?? {},
    ...((c.StopSignal ?? '') !== '' ? { StopSignal: c.StopSignal } : {}),
    ...(c.StopTimeout !== undefined && c.StopTimeout !== null ? { StopTimeout: c.StopTimeout } : {}),
    ...(c.Shell !== undefined && c.Shell.length > 0 ? { Shell: c.Shell } : {}),
  };
}

/**
 * The committed image's config and the container config it records. dockerd's container.Config
 * is the create request merged with the image's config at create, so the same merge runs first.
 */
export function commitConfigs(
  containerConfig: ContainerConfig,
  imageConfig: ContainerConfigFields | undefined,
  body: ContainerConfig | undefined,
  changes: readonly string[],
): { config: ContainerConfig; containerConfig: ContainerConfig } {
  const container = mergeConfig(containerConfig, imageConfig ?? {});
  const config = mergeConfig(applyChanges(body ?? container, changes), container);
  return { config: configJson(config), containerConfig: configJson(container) };
}

export async function commitImage(deps: ImageDeps, req: CommitRequest): Promise<string> {
  const ref = commitReference(req.repo, req.tag);
  const parent = deps.images.get(req.image);
  if (!parent) throw new NotFoundError(`No such image: ${req.image}`);
  const parentConfig = parseImageConfig(await deps.content.read(parent.id));
  const { config, containerConfig } = commitConfigs(req.container.config, parentConfig.config, req.config, req.changes);
  return storeLayerImage(deps, {
    tar: req.layer,
    parent,
    dropEmpty: true,
    ref,
    config: (diffIds, added): ImageConfig => {
      const created = new Date().toISOString();
      return {
        architecture: parentConfig.architecture ?? '',
        ...(parentConfig.variant !== undefined ? { variant: parentConfig.variant } : {}),
        os: parentConfig.os ?? 'linux',
        created,
        ...(req.author !== '' ? { author: req.author } : {}),
        config,
        container: req.container.id,
        container_config: containerConfig,
        rootfs: { type: 'layers', diff_ids: diffIds },
        history: [
          ...(parentConfig.history ?? []),
          {
            created,
            ...(req.author !== '' ? { author: req.author } : {}),
            created_by: (containerConfig.Cmd ?? []).join(' '),
            ...(req.comment !== '' ? { comment: req.comment } : {}),
            ...(added === undefined ? { empty_layer: true } : {}),
          },
        ],
      };
    },
  });
}
