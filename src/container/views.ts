// What `docker ps` and `docker inspect` show of a container, in dockerd's shapes. Config is shown
// merged with the image's, as dockerd stores it after create (moby's daemon merge).
import type { ContainerConfigFields, ImageConfig } from '../image/config.js';
import { statusText } from './status-text.js';
import { networkSettingsView, portsSummary } from './network-views.js';
import type { ContainerRecord } from './service.js';

const MERGE_FIELDS = ['User', 'WorkingDir', 'StopSignal'] as const;

export function mergedConfig(rec: ContainerRecord, image: ContainerConfigFields): Record<string, unknown> {
  const c = rec.Config;
  const keys = new Set((c.Env ?? []).map((e) => e.split('=')[0]));
  const env = [...(c.Env ?? []), ...(image.Env ?? []).filter((e) => !keys.has(e.split('=')[0]))];
  const userEntrypoint = c.Entrypoint != null && c.Entrypoint.length > 0;
  const merged: Record<string, unknown> = {
    Hostname: c.Hostname !== undefined && c.Hostname !== '' ? c.Hostname : rec.Id.slice(0, 12),
    Domainname: c.Domainname ?? '',
    User: c.User ?? '',
    AttachStdin: c.AttachStdin === true,
    AttachStdout: c.AttachStdout === true,
    AttachStderr: c.AttachStderr === true,
    ...(image.ExposedPorts || c.ExposedPorts ? { ExposedPorts: { ...(image.ExposedPorts ?? {}), ...(c.ExposedPorts ?? {}) } } : {}),
    Tty: c.Tty === true,
    OpenStdin: c.OpenStdin === true,
    StdinOnce: c.StdinOnce === true,
    Env: env,
    Cmd: userEntrypoint || (c.Cmd != null && c.Cmd.length > 0) ? (c.Cmd ?? null) : (image.Cmd ?? null),
    Image: c.Image,
    Volumes: { ...(image.Volumes ?? {}), ...(c.Volumes ?? {}) },
    WorkingDir: c.WorkingDir ?? '',
    Entrypoint: c.Entrypoint ?? image.Entrypoint ?? null,
    OnBuild: image.OnBuild ?? null,
    Labels: c.Labels ?? {},
    ...(c.StopTimeout != null ? { StopTimeout: c.StopTimeout } : {}),
  };
  for (const f of MERGE_FIELDS) {
    const own = f === 'StopSignal' ? c.StopSignal : c[f];
    const value = own !== undefined && own !== '' ? own : image[f];
    if (value !== undefined && value !== '') merged[f] = value;
  }
  return merged;
}

/** The image's ExposedPorts with the container's own (`--expose`, `-p`). */
export function exposedPorts(rec: ContainerRecord, image: ContainerConfigFields | undefined): Record<string, unknown> {
  return { ...(image?.ExposedPorts ?? {}), ...(rec.Config.ExposedPorts ?? {}) };
}

function command(rec: ContainerRecord, image: ContainerConfigFields | undefined): string[] {
  const c = rec.Config;
  if (c.Entrypoint != null && c.Entrypoint.length > 0) return [...c.Entrypoint, ...(c.Cmd ?? [])];
  const cmd = c.Cmd != null && c.Cmd.length > 0 ? c.Cmd : image?.Cmd ?? [];
  return [...(c.Entrypoint ?? image?.Entrypoint ?? []), ...cmd];
}

function mounts(rec: ContainerRecord): Record<string, unknown>[] {
  return rec.MountPoints.map((m) => ({
    Type: m.Type,
    ...(m.Name !== undefined ? { Name: m.Name } : {}),
    Source: m.Source,
    Destination: m.Destination,
    ...(m.Driver !== undefined ? { Driver: m.Driver } : {}),
    Mode: m.Mode,
    RW: m.RW,
    Propagation: m.Propagation,
  }));
}

/** One entry of GET /containers/json. */
export function containerSummary(rec: ContainerRecord, image: ContainerConfigFields | undefined): Record<string, unknown> {
  return {
    Id: rec.Id,
    Names: [rec.Name],
    Image: rec.Config.Image,
    ImageID: rec.Image,
    Command: command(rec, image).join(' '),
    Created: Math.floor(Date.parse(rec.Created) / 1000),
    Ports: portsSummary(rec, exposedPorts(rec, image)),
    Labels: rec.Config.Labels ?? {},
    State: rec.State.Status,
    Status: statusText(rec.State),
    HostConfig: { NetworkMode: rec.HostConfig.NetworkMode ?? 'default' },
    NetworkSettings: { Networks: rec.NetworkSettings.Networks },
    Mounts: mounts(rec).map(({ Type, Name, Source, Destination, Driver, Mode, RW, Propagation }) => ({ Type, Name, Source, Destination, Driver, Mode, RW, Propagation })),
  };
}

/** GET /containers/{id}/json. */
export function containerInspect(rec: ContainerRecord, image: ImageConfig, paths: { dir: string; driver: string; layerDir: string; lowerDirs: string[] }): Record<string, unknown> {
  const argv = command(rec, image.config);
  const s = rec.State;
  return {
    Id: rec.Id,
    Created: rec.Created,
    Path: argv[0] ?? '',
    Args: argv.slice(1),
    State: {
      Status: s.Status,
      Running: s.Running || s.Status === 'restarting',
      Paused: false,
      Restarting: s.Status === 'restarting',
      OOMKilled: false,
      Dead: false,
      Pid: s.Pid,
      ExitCode: s.ExitCode,
      Error: '',
      StartedAt: s.StartedAt,
      FinishedAt: s.FinishedAt,
    },
    Image: rec.Image,
    ResolvConfPath: `${paths.dir}/resolv.conf`,
    HostnamePath: `${paths.dir}/hostname`,
    HostsPath: `${paths.dir}/hosts`,
    LogPath: rec.LogPath,
    Name: rec.Name,
    RestartCount: rec.RestartCount,
    Driver: paths.driver,
    Platform: 'linux',
    MountLabel: '',
    ProcessLabel: '',
    AppArmorProfile: '',
    ExecIDs: null,
    HostConfig: {
      NetworkMode: 'default',
      RestartPolicy: { Name: 'no', MaximumRetryCount: 0 },
      LogConfig: { Type: 'json-file', Config: {} },
      AutoRemove: false,
      Binds: null,
      ...rec.HostConfig,
    },
    GraphDriver: paths.driver === 'vfs'
      ? { Name: 'vfs', Data: null }
      : {
          Name: paths.driver,
          Data: {
            LowerDir: paths.lowerDirs.join(':'),
            UpperDir: `${paths.layerDir}/diff`,
            MergedDir: `${paths.layerDir}/merged`,
            WorkDir: `${paths.layerDir}/work`,
          },
        },
    Mounts: mounts(rec),
    Config: mergedConfig(rec, image.config ?? {}),
    NetworkSettings: networkSettingsView(rec, exposedPorts(rec, image.config)),
  };
}
