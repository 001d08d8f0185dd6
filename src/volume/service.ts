// Named volumes of the local driver, laid out as dockerd's: <root>/<name>/_data holds the data,
// <root>/<name>/meta.json what dockerd keeps in its metadata db (labels, options, creation time).
import { randomBytes } from 'node:crypto';
import { lstat, mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { atomicWrite } from '../base/atomic-write.js';
import { errorMessage, InvalidParameterError, SystemError } from '../base/errors.js';
import type { Logger } from '../base/log.js';
import { HostPaths } from '../host/host-paths.js';
import { readMountinfo } from '../host/mountinfo.js';
import { boolFilter, labelsMatch, parseFilters, type Filters } from '../base/filters.js';
import { runChecked } from '../process/run.js';
import { noSuchVolume, pluginNotFound, pruneRunning, volumeInUse } from './errors.js';
import { needsMount, validateDriverOpts, validateVolumeName } from './local-options.js';

export interface VolumeServiceOptions {
  logger: Logger;
  /** <data-root>/volumes */
  root: string;
  /** Ids of containers using a volume (a volume in use is not removed). */
  usedBy: (name: string) => string[];
  /** Where /proc/self/mountinfo is read, to tell whether a volume with mount options is mounted. */
  host?: HostPaths;
}

/** POST /volumes/create, and what a container's -v or --mount asks for. */
export interface VolumeCreateRequest {
  Name?: string;
  Driver?: string;
  DriverOpts?: Record<string, string> | null;
  Labels?: Record<string, string> | null;
}

/** GET /volumes/{name}, in the field order of dockerd's answer. */
export interface VolumeView {
  CreatedAt: string;
  Driver: string;
  Labels: Record<string, string> | null;
  Mountpoint: string;
  Name: string;
  Options: Record<string, string> | null;
  Scope: 'local';
}

interface VolumeMeta {
  Name: string;
  CreatedAt: string;
  Labels: Record<string, string> | null;
  Options: Record<string, string> | null;
}

/** Set on volumes created without a name; prune removes only these unless asked for all. */
export const ANONYMOUS_LABEL = 'com.docker.volume.anonymous';
const DATA = '_data';
const META = 'meta.json';
const LIST_FILTERS = ['dangling', 'name', 'driver', 'label'];
const PRUNE_FILTERS = ['label', 'label!', 'all'];

/** Go's time.RFC3339, which has no fractional seconds. */
function rfc3339(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** filters.Args.Match: an exact value, or a regular expression found anywhere in the name. */
function nameMatches(patterns: readonly string[], name: string): boolean {
  return patterns.some((p) => {
    if (p === name) return true;
    try {
      return new RegExp(p).test(name);
    } catch {
      return false;
    }
  });
}

/** moby's directory.Size: bytes of everything but directories, each hard-linked inode once. */
async function dataSize(dir: string): Promise<number> {
  const seen = new Set<string>();
  let total = 0;
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isDirectory()) continue;
    const info = await lstat(join(entry.parentPath, entry.name)).catch(() => undefined);
    if (!info || seen.has(`${String(info.dev)}:${String(info.ino)}`)) continue;
    seen.add(`${String(info.dev)}:${String(info.ino)}`);
    total += info.size;
  }
  return total;
}

/** strconv.ParseBool, whose error text dockerd passes on. */
function parseGoBool(text: string): boolean {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(text)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(text)) return false;
  throw new InvalidParameterError(`invalid filter 'all': strconv.ParseBool: parsing "${text}": invalid syntax`);
}

export class VolumeService {
  private readonly volumes = new Map<string, VolumeMeta>();
  /** Work on one volume (create, remove, mount) runs one at a time. */
  private readonly busy = new Map<string, Promise<unknown>>();
  private readonly host: HostPaths;
  private pruning = false;

  constructor(readonly options: VolumeServiceOptions) {
    this.host = options.host ?? new HostPaths();
  }

  async open(): Promise<void> {
    await mkdir(this.options.root, { recursive: true, mode: 0o701 });
    for (const entry of await readdir(this.options.root, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      const meta = await this.load(entry.name);
      if (meta) this.volumes.set(meta.Name, meta);
    }
  }

  private async load(name: string): Promise<VolumeMeta | undefined> {
    const dir = join(this.options.root, name);
    const text = await readFile(join(dir, META), 'utf8').catch(() => undefined);
    if (text !== undefined) {
      try {
        return { ...(JSON.parse(text) as VolumeMeta), Name: name };
      } catch (err) {
        this.options.logger.warn('unreadable volume metadata, keeping the volume without labels or options', { volume: name, error: errorMessage(err) });
      }
    }
    // a directory with _data is a volume even without metadata (dockerd's isVolume)
    const data = await stat(join(dir, DATA)).catch(() => undefined);
    return data ? { Name: name, CreatedAt: rfc3339(data.ctime), Labels: null, Options: null } : undefined;
  }

  private serialize<T>(name: string, work: () => Promise<T>): Promise<T> {
    const before = this.busy.get(name) ?? Promise.resolve();
    const run = before.then(work, work);
    const settled = run.then(() => undefined, () => undefined);
    this.busy.set(name, settled);
    void settled.then(() => {
      if (this.busy.get(name) === settled) this.busy.delete(name);
    });
    return run;
  }

  dataPath(name: string): string {
    return join(this.options.root, name, DATA);
  }

  private view(meta: VolumeMeta): VolumeView {
    return { CreatedAt: meta.CreatedAt, Driver: 'local', Labels: meta.Labels, Mountpoint: this.dataPath(meta.Name), Name: meta.Name, Options: meta.Options, Scope: 'local' };
  }

  private meta(name: string): VolumeMeta {
    const meta = this.volumes.get(name);
    if (!meta) throw noSuchVolume(name);
    return meta;
  }

  /** Creating a name that exists returns the existing volume unchanged, as dockerd does. */
  create(req: VolumeCreateRequest): Promise<VolumeView> {
    const anonymous = (req.Name ?? '') === '';
    const name = anonymous ? randomBytes(32).toString('hex') : req.Name ?? '';
    const driver = (req.Driver ?? '') === '' ? 'local' : req.Driver ?? '';
    return this.serialize(name, async () => {
      if (driver !== 'local') throw pluginNotFound(name, driver);
      const existing = this.volumes.get(name);
      if (existing) return this.view(existing);
      validateVolumeName(name);
      validateDriverOpts(name, req.DriverOpts);
      const meta: VolumeMeta = {
        Name: name,
        CreatedAt: rfc3339(new Date()),
        Labels: anonymous ? { ...(req.Labels ?? {}), [ANONYMOUS_LABEL]: '' } : req.Labels ?? null,
        Options: req.DriverOpts ?? null,
      };
      const dir = join(this.options.root, name);
      try {
        await mkdir(dir, { mode: 0o701 });
        await mkdir(join(dir, DATA), { mode: 0o755 });
        await atomicWrite(join(dir, META), JSON.stringify(meta));
      } catch (err) {
        await rm(dir, { recursive: true, force: true });
        throw new SystemError(`create ${name}: error while creating volume path '${dir}': ${errorMessage(err)}`, { cause: err });
      }
      this.volumes.set(name, meta);
      return this.view(meta);
    });
  }

  inspect(name: string): VolumeView {
    return this.view(this.meta(name));
  }

  exists(name: string): boolean {
    return this.volumes.has(name);
  }

  private matches(meta: VolumeMeta, f: Filters): boolean {
    const drivers = f.get('driver');
    if (drivers && !drivers.includes('local')) return false;
    const names = f.get('name');
    if (names && !nameMatches(names, meta.Name)) return false;
    if (!labelsMatch(f.get('label'), meta.Labels)) return false;
    const notLabels = f.get('label!');
    if (notLabels && labelsMatch(notLabels, meta.Labels)) return false;
    const dangling = boolFilter(f.get('dangling'), 'dangling');
    return dangling === undefined || (this.options.usedBy(meta.Name).length === 0) === dangling;
  }

  /** GET /volumes */
  list(filters: string | null): { Volumes: VolumeView[]; Warnings: null } {
    const f = parseFilters(filters, LIST_FILTERS);
    return { Volumes: [...this.volumes.values()].filter((m) => this.matches(m, f)).map((m) => this.view(m)), Warnings: null };
  }

  /** DELETE /volumes/{name}; `force` only makes a missing volume no error, as in dockerd. */
  remove(name: string, force = false): Promise<void> {
    return this.serialize(name, async () => {
      if (!this.volumes.has(name)) {
        if (force) return;
        throw noSuchVolume(name);
      }
      const refs = this.options.usedBy(name);
      if (refs.length > 0) throw volumeInUse(name, refs);
      await this.unmount(name);
      await rm(join(this.options.root, name), { recursive: true, force: true }).catch((err: unknown) => {
        throw new SystemError(`remove ${name}: error removing volume path '${join(this.options.root, name)}': ${errorMessage(err)}`, { cause: err });
      });
      this.volumes.delete(name);
    });
  }

  /**
   * POST /volumes/prune: unused volumes without mount options; only anonymous ones unless the
   * `all` filter says otherwise (`allByDefault` for clients older than API 1.42).
   */
  async prune(filters: string | null, allByDefault: boolean): Promise<{ VolumesDeleted: string[]; SpaceReclaimed: number }> {
    if (this.pruning) throw pruneRunning();
    this.pruning = true;
    try {
      const f = parseFilters(filters, PRUNE_FILTERS);
      const all = [...(f.get('all') ?? []), ...(allByDefault ? ['true'] : [])];
      if (all.length > 1) throw new InvalidParameterError(`invalid filter 'all=[${all.join(' ')}]': only one value is expected`);
      if (!(all.length === 1 && parseGoBool(all[0] ?? ''))) f.set('label', [...(f.get('label') ?? []), ANONYMOUS_LABEL]);
      const candidates = [...this.volumes.values()].filter((m) => Object.keys(m.Options ?? {}).length === 0 && this.options.usedBy(m.Name).length === 0 && this.matches(m, f));
      const deleted: string[] = [];
      let space = 0;
      for (const meta of candidates) {
        const size = await dataSize(this.dataPath(meta.Name)).catch(() => 0);
        try {
          await this.remove(meta.Name);
        } catch (err) {
          this.options.logger.warn('Could not remove volume', { volume: meta.Name, error: errorMessage(err) });
          continue;
        }
        deleted.push(meta.Name);
        space += size;
      }
      return { VolumesDeleted: deleted, SpaceReclaimed: space };
    } finally {
      this.pruning = false;
    }
  }

  private async isMounted(path: string): Promise<boolean> {
    return (await readMountinfo(this.host)).some((m) => m.mountPoint === path);
  }

  /**
   * The host path a container mounts. A volume with mount options (type=tmpfs, o=bind) is
   * mounted on first use and stays mounted until it is removed; mountinfo, not memory, says
   * whether it is, so a restarted engine in the same mount namespace does not mount it twice.
   */
  mount(name: string): Promise<string> {
    return this.serialize(name, async () => {
      const meta = this.meta(name);
      const data = this.dataPath(name);
      const o = meta.Options ?? {};
      if (!needsMount(o) || (await this.isMounted(data))) return data;
      const args = ['--no-mtab', '-t', o.type ?? 'none', ...(o.o !== undefined && o.o !== '' ? ['-o', o.o] : []), o.device ?? 'none', data];
      await runChecked('mount', args).catch((err: unknown) => {
        throw new SystemError(`error while mounting volume '${data}': failed to mount local volume: ${errorMessage(err)}`, { cause: err });
      });
      return data;
    });
  }

  private async unmount(name: string): Promise<void> {
    const data = this.dataPath(name);
    if (needsMount(this.volumes.get(name)?.Options) && (await this.isMounted(data))) await runChecked('umount', ['--no-mtab', data]);
  }
}
