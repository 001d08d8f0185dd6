// What a container mounts besides its image, in dockerd's order (registerMountPoints, then
// createContainerVolumesOS): -v binds, then --mount, then anonymous volumes for Config.Volumes and
// the image's VOLUMEs wherever nothing else is mounted yet.
import { mkdir, readdir, stat } from 'node:fs/promises';
import { classOf, errnoCode, errorMessage, InvalidParameterError, SystemError } from '../../base/errors.js';
import { pathExists } from '../../base/path-exists.js';
import type { ImageConfig } from '../../image/config.js';
import { copyTree } from '../../storage/index.js';
import type { VolumeService } from '../../volume/index.js';
import type { MountPlanner, MountPoint, MountRequest } from '../mount-types.js';
import type { OciMount } from '../spec/index.js';
import { resolveInRoot } from '../spec/scoped-path.js';
import { mergeTmpfsOptions } from '../spec/tmpfs-options.js';
import { cleanPath, destinationError, parseBind, parseMountSpec, type ParsedMount } from './parse.js';

function duplicateMountPoint(destination: string): InvalidParameterError {
  return new InvalidParameterError(`Duplicate mount point: ${destination}`);
}

/** os.Stat as moby's fileInfo: only "not there" is a no; any other failure is the error. */
async function sourceExists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (err) {
    if (errnoCode(err) === 'ENOENT' || errnoCode(err) === 'ENOTDIR') return false;
    throw new InvalidParameterError(`invalid mount config for type "bind": ${errorMessage(err)}`, { cause: err });
  }
}

/** The -v, --mount and VOLUME entries of a create request, validated, before any volume exists. */
export async function parseRequest(request: MountRequest, image: ImageConfig): Promise<{ mount: ParsedMount; fromConfig: boolean }[]> {
  const parsed: { mount: ParsedMount; fromConfig: boolean }[] = [];
  const taken = new Set<string>();
  for (const raw of request.Binds ?? []) {
    const mount = await parseBind(raw, request.VolumeDriver ?? '');
    if (taken.has(mount.destination)) throw duplicateMountPoint(mount.destination);
    taken.add(mount.destination);
    parsed.push({ mount, fromConfig: false });
  }
  for (const spec of request.Mounts ?? []) {
    const mount = await parseMountSpec(spec, sourceExists);
    if (taken.has(mount.destination)) throw duplicateMountPoint(spec.Target ?? '');
    taken.add(mount.destination);
    parsed.push({ mount, fromConfig: false });
  }
  // --tmpfs mounts are added to the runtime spec elsewhere, but take their destination all the same
  for (const spec of Object.keys(request.Tmpfs ?? {})) {
    const destination = cleanPath(spec);
    if (taken.has(destination)) throw duplicateMountPoint(spec);
    taken.add(destination);
  }
  // not an error when something is mounted there already: the VOLUME may well come from the image
  for (const spec of [...Object.keys(request.Volumes ?? {}), ...Object.keys(image.config?.Volumes ?? {})]) {
    const bad = destinationError(spec);
    if (bad !== undefined) throw new InvalidParameterError(`invalid mount config for type "volume": ${bad}`);
    const destination = cleanPath(spec);
    if (taken.has(destination)) continue;
    taken.add(destination);
    parsed.push({ mount: { type: 'volume', source: '', destination, rw: true, mode: '', propagation: '', driver: request.VolumeDriver ?? '', noCopy: false }, fromConfig: true });
  }
  return parsed;
}

/** Copies the image's content at `destination` into an empty volume (dockerd's copy-up). */
async function copyUp(data: string, rootfs: string, destination: string): Promise<void> {
  if ((await readdir(data)).length > 0) return;
  const source = await resolveInRoot(rootfs, destination);
  const info = await stat(source).catch(() => undefined);
  if (info?.isDirectory() !== true) return;
  // cp -aT into the empty directory also gives it the image directory's owner and mode, as
  // dockerd's copyOwnership does
  await copyTree(source, data);
}

export function createMountPlanner(volumes: VolumeService): MountPlanner {
  const copies = new Map<string, Promise<void>>();

  /** One copy-up per volume at a time: two containers starting on one empty volume copy once. */
  async function copyOnce(name: string, data: string, rootfs: string, destination: string): Promise<void> {
    const before = copies.get(name) ?? Promise.resolve();
    const run = before.then(() => copyUp(data, rootfs, destination), () => copyUp(data, rootfs, destination));
    copies.set(name, run);
    try {
      await run;
    } finally {
      if (copies.get(name) === run) copies.delete(name);
    }
  }

  async function toPoint({ mount: m, fromConfig }: { mount: ParsedMount; fromConfig: boolean }): Promise<MountPoint> {
    const common = { Destination: m.destination, RW: m.rw };
    switch (m.type) {
      case 'bind':
        return { Type: 'bind', Source: m.source, ...common, Mode: m.mode, Propagation: m.propagation };
      case 'tmpfs':
        return { Type: 'tmpfs', Source: '', ...common, Mode: '', Propagation: '', TmpfsOptions: m.tmpfsOptions ?? [] };
      case 'volume': {
        const v = await volumes.create({ Name: m.source, Driver: m.driver, DriverOpts: m.driverOpts ?? null, Labels: m.labels ?? null });
        return {
          Type: 'volume',
          Name: v.Name,
          Source: v.Mountpoint,
          ...common,
          Driver: v.Driver,
          // dockerd's setBindModeIfNull, for -v and --mount volumes but not Config.Volumes
          Mode: m.mode === '' && !fromConfig ? 'z' : m.mode,
          Propagation: '',
          ...(m.source === '' ? { Anonymous: true } : {}),
          ...(m.noCopy ? { NoCopy: true } : {}),
        };
      }
    }
  }

  async function removeAnonymous(points: readonly MountPoint[]): Promise<string[]> {
    const failures: string[] = [];
    for (const p of points) {
      if (p.Type !== 'volume' || p.Anonymous !== true || p.Name === undefined) continue;
      await volumes.remove(p.Name).catch((err: unknown) => {
        // still used by another container (--volumes-from style sharing): not an error, as in dockerd
        const kind = classOf(err)?.kind;
        if (kind !== 'conflict' && kind !== 'not-found') failures.push(errorMessage(err));
      });
    }
    return failures;
  }

  return {
    async plan(request, image) {
      const parsed = await parseRequest(request, image);
      const points: MountPoint[] = [];
      try {
        for (const entry of parsed) points.push(await toPoint(entry));
      } catch (err) {
        await removeAnonymous(points);
        throw err;
      }
      return points;
    },

    async prepare(points, rootfs) {
      const mounts: OciMount[] = [];
      for (const p of points) {
        const ro = p.RW ? [] : ['ro'];
        switch (p.Type) {
          case 'bind':
            // dockerd creates a missing host directory for a bind (the user's, as root of the namespace)
            if (!(await pathExists(p.Source))) {
              await mkdir(p.Source, { recursive: true, mode: 0o755 }).catch((err: unknown) => {
                throw new SystemError(`error while creating mount source path '${p.Source}': ${errorMessage(err)}`, { cause: err });
              });
            }
            mounts.push({ destination: p.Destination, type: 'bind', source: p.Source, options: ['rbind', ...ro, p.Propagation === '' ? 'rprivate' : p.Propagation] });
            break;
          case 'volume': {
            const name = p.Name ?? '';
            const data = await volumes.mount(name);
            if (p.NoCopy !== true) await copyOnce(name, data, rootfs, p.Destination);
            mounts.push({ destination: p.Destination, type: 'bind', source: data, options: ['rbind', ...ro, 'rprivate'] });
            break;
          }
          case 'tmpfs':
            mounts.push({ destination: p.Destination, type: 'tmpfs', source: 'tmpfs', options: mergeTmpfsOptions(['noexec', 'nosuid', 'nodev', 'rprivate', ...(p.TmpfsOptions ?? [])]) });
            break;
        }
      }
      return mounts;
    },

    async release(points, removeVolumes) {
      if (!removeVolumes) return;
      const failures = await removeAnonymous(points);
      if (failures.length > 0) throw new SystemError(failures.join('\n'));
    },
  };
}
