// Containers, first cut (#5): create, start, wait, output, remove — what `docker run` needs. Each
// container runs under conmon (so it outlives this process) with runc, on an overlay (or vfs copy)
// of its image's layers, in a network namespace of its own joined to bridges (networking.ts).
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { constants } from 'node:fs';
import { constants as osConstants } from 'node:os';
import { mkdir, open, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { atomicWrite } from '../base/atomic-write.js';
import { ConflictError, errorMessage, InvalidParameterError, NotFoundError } from '../base/errors.js';
import type { Logger } from '../base/log.js';
import type { ImageConfig } from '../image/config.js';
import { runChecked } from '../process/run.js';
import { createContainer, deleteContainer, forwardStdin, killContainer, parseLogLine, readExitCode, startContainer, waitExit, type LogRecord, type RuntimeRef, type StdinForward } from '../runtime/index.js';
import { ExecService } from './execs.js';
import { ContainerRootfs } from './rootfs.js';
import type { EventLog } from '../events/event-log.js';
import { labelsMatch, parseFilters } from '../base/filters.js';
import { findBinary } from '../host/binaries.js';
import { HostPaths } from '../host/host-paths.js';
import { listContainers, type ListQuery } from './list.js';
import { parseTimestamp } from './timestamps.js';
import { containerInspect, containerSummary, exposedPorts } from './views.js';
import { nextRestart, restartsWithDaemon, validateRestartPolicy, type RestartPolicy } from './restart-policy.js';
import type { ContainerFsView, MountPlanner, MountPoint, MountRequest, MountSpec } from './mount-types.js';
import { buildSpec, resolveUser, type CreateConfig, type CreateHostConfig } from './spec/index.js';
import type { EndpointConfig, PortPublisher } from '../network/index.js';
import { ContainerNetworking, type ContainerNetworkState, type NetworkDirectory, type PreparedNetwork } from './networking.js';
import { hostsFile, resolvConf } from './etc-files.js';

export interface ContainerImage {
  id: string;
  config: ImageConfig;
  /** Overlay lower dirs, top first, or a full tree to copy (vfs). */
  rootfs: { kind: 'overlay'; lowerDirs: string[] } | { kind: 'copy'; dir: string };
}

export interface ContainerDeps {
  logger: Logger;
  dataRoot: string;
  storageDriver: 'overlay2' | 'fuse-overlayfs' | 'vfs';
  runtime: RuntimeRef;
  /** Where conmon keeps per-container state (tmpfs under the runtime dir). */
  runDir: string;
  /** The engine's network namespace (the holder's), where the bridges are and host-mode containers run. */
  netnsPath: string;
  /** The resolver on networks without the embedded DNS (the network driver's). */
  dns: string;
  networks: NetworkDirectory;
  /** Absent without a port driver. */
  ports: PortPublisher | undefined;
  image(name: string): Promise<ContainerImage>;
  mounts: MountPlanner;
  events?: EventLog;
}

export interface CreateBody extends CreateConfig {
  Image?: string;
  Volumes?: Record<string, unknown> | null;
  User?: string;
  Labels?: Record<string, string> | null;
  OpenStdin?: boolean;
  StdinOnce?: boolean;
  AttachStdin?: boolean;
  AttachStdout?: boolean;
  AttachStderr?: boolean;
  StopSignal?: string;
  StopTimeout?: number | null;
  HostConfig?: CreateHostConfig & {
    Init?: boolean | null; RestartPolicy?: RestartPolicy; AutoRemove?: boolean; GroupAdd?: string[] | null; NetworkMode?: string; Binds?: string[] | null; Mounts?: MountSpec[] | null; VolumeDriver?: string;
    PortBindings?: Record<string, { HostIp?: string; HostPort?: string }[] | null> | null; PublishAllPorts?: boolean;
    Dns?: string[] | null; DnsSearch?: string[] | null; DnsOptions?: string[] | null; ExtraHosts?: string[] | null;
  };
  ExposedPorts?: Record<string, unknown> | null;
  NetworkingConfig?: { EndpointsConfig?: Record<string, EndpointConfig | null> | null } | null;
}

export interface ContainerRecord {
  Id: string;
  Name: string;
  Created: string;
  Image: string;
  Config: CreateBody & { Image: string };
  HostConfig: NonNullable<CreateBody['HostConfig']>;
  State: { Status: 'created' | 'running' | 'restarting' | 'exited'; Running: boolean; ExitCode: number; Pid: number; StartedAt: string; FinishedAt: string };
  LogPath: string;
  MountPoints: MountPoint[];
  RestartCount: number;
  /** docker stop/kill: the restart policy leaves it down (until the daemon restarts, for `always`). */
  HasBeenManuallyStopped: boolean;
  /** The monitor's pid, to tell after a reboot that a "running" container is gone. */
  ConmonPid: number;
  NetworkSettings: ContainerNetworkState;
}

const ZERO_TIME = '0001-01-01T00:00:00Z';
/** The engine's namespace address (slirp4netns' and pasta's), a host-mode container's own. */
const HOST_MODE_ADDRESS = '10.0.2.100';
/** --add-host x:host-gateway: the host as containers reach it through the network driver. */
const HOST_GATEWAY = '10.0.2.2';

interface EtcFiles { hosts: string; resolvConf: string; hostname: string }

/** How long a removal waits for readers of the container's log to reach its end. */
const LOG_DRAIN_MS = 2000;

/** The container's user: the one given at create, else the image's (the CLI sends "" for none). */
function configuredUser(rec: ContainerRecord, image: ContainerImage): string {
  const own = rec.Config.User ?? '';
  return own !== '' ? own : image.config.config?.User ?? '';
}

/** What can serve as docker-init, in order: dockerd's own name, then the static builds Debian ships. */
const INIT_BINARIES = ['docker-init', 'tini-static', 'catatonit'];

/** A signal as dockerd's kill event carries it: its number. */
function signalNumber(signal: string): string {
  const numbers: Partial<Record<string, number>> = osConstants.signals;
  return /^\d+$/.test(signal) ? signal : String(numbers[`SIG${signal.toUpperCase().replace(/^SIG/, '')}`] ?? signal);
}

/** A record as an older Burrow may have written it. */
/** Not dockerd's config.v2.json, which dockerd would try to load (and Burrow would load dockerd's). */
const RECORD_FILE = 'burrow.json';

type StoredRecord = Omit<ContainerRecord, 'MountPoints' | 'RestartCount' | 'HasBeenManuallyStopped' | 'ConmonPid' | 'NetworkSettings'> & Partial<ContainerRecord>;

export class ContainerService {
  private readonly records = new Map<string, ContainerRecord>();
  private readonly exitWaiters = new Map<string, ((code: number) => void)[]>();
  private readonly restartTimers = new Map<string, NodeJS.Timeout>();
  private readonly restartDelays = new Map<string, number>();
  /** Restarts under way: a stop, kill or rm waits for one, or would miss the container it starts. */
  private readonly launches = new Map<string, Promise<void>>();
  private readonly removedWaiters = new Map<string, (() => void)[]>();
  private readonly root: string;
  private readonly rootfs: ContainerRootfs;
  /** docker exec's instances. */
  readonly execs: ExecService;
  private readonly images = new Map<string, Promise<ContainerImage>>();
  private init: Promise<string | undefined> | undefined;
  private readonly startWaiters = new Map<string, (() => void)[]>();
  /** Log readers under way: a --rm container's log stays until they have read its last lines. */
  private readonly logReaders = new Map<string, Set<Promise<void>>>();
  /** Networks as containers see them: connect, disconnect, endpoints, names for the DNS. */
  readonly networking: ContainerNetworking;

  constructor(private readonly deps: ContainerDeps) {
    this.root = join(deps.dataRoot, 'containers');
    this.rootfs = new ContainerRootfs(deps.dataRoot, deps.storageDriver);
    this.execs = new ExecService({
      get: (name) => this.get(name),
      emit: (rec, action, extra) => { this.emit(rec, action, extra); },
      runtime: deps.runtime,
      bundleDir: (id) => join(this.root, id, 'bundle'),
      rootfsDir: (id) => this.rootfs.merged(id),
      stateDir: (id) => join(deps.runDir, id),
    });
    this.networking = new ContainerNetworking({
      logger: deps.logger,
      networks: deps.networks,
      ports: deps.ports,
      engineNetns: deps.netnsPath,
      container: (name) => this.get(name),
      containers: () => this.list(),
      save: (rec) => this.save(rec as ContainerRecord),
      ...(deps.events ? { events: deps.events } : {}),
      exposedPorts: async (rec) => {
        const own = this.get(rec.Id);
        return exposedPorts(own, (await this.image(own.Image)).config.config);
      },
    });
  }

  async open(): Promise<void> {
    await mkdir(this.root, { recursive: true, mode: 0o710 });
    for (const id of await readdir(this.root)) {
      const rec = await this.load(id);
      if (!rec) continue;
      // a record from before networks: the networks its NetworkMode names
      const networks = rec.NetworkSettings ?? this.plannedNetworks(rec.Id, rec.HostConfig);
      this.records.set(rec.Id, { RestartCount: 0, HasBeenManuallyStopped: false, ConmonPid: 0, ...rec, MountPoints: rec.MountPoints ?? [], NetworkSettings: networks });
    }
  }

  list(): ContainerRecord[] {
    return [...this.records.values()];
  }

  /** The init `--init` bind-mounts as /sbin/docker-init: a static one, since it runs in the image's filesystem. */
  private async initBinary(): Promise<string> {
    this.init ??= (async () => {
      const host = new HostPaths();
      for (const name of INIT_BINARIES) {
        const found = await findBinary(host, process.env, name);
        if (found !== undefined) return found;
      }
      return undefined;
    })();
    const found = await this.init;
    if (found === undefined) throw new InvalidParameterError(`--init needs a static init on the host: none of ${INIT_BINARIES.join(', ')} was found (apt-get install catatonit)`);
    return found;
  }

  /** A container event with dockerd's attributes: image, name, the labels, and `extra`. */
  private emit(rec: ContainerRecord, action: string, extra: Record<string, string> = {}): void {
    this.deps.events?.emit('container', action, rec.Id, { ...(rec.Config.Labels ?? {}), image: rec.Config.Image, name: rec.Name.slice(1), ...extra });
  }

  /** GET /containers/json */
  async listView(q: ListQuery): Promise<Record<string, unknown>[]> {
    const shown = await listContainers(this.list(), q, {
      imageId: (ref) => this.deps.image(ref).then((i) => i.id, () => undefined),
      container: (ref) => this.get(ref),
    });
    return Promise.all(shown.map(async (r) => containerSummary(r, (await this.image(r.Image).catch(() => undefined))?.config.config)));
  }

  /** GET /containers/{id}/json */
  async inspect(name: string): Promise<Record<string, unknown>> {
    const rec = this.get(name);
    const image = await this.image(rec.Image);
    return containerInspect(rec, image.config, {
      dir: join(this.root, rec.Id),
      driver: this.deps.storageDriver,
      layerDir: this.rootfs.dir(rec.Id),
      lowerDirs: image.rootfs.kind === 'overlay' ? image.rootfs.lowerDirs : [],
    });
  }

  /** An image by id; images are immutable and in use while a container has them, so this caches. */
  private image(id: string): Promise<ContainerImage> {
    let cached = this.images.get(id);
    if (!cached) {
      cached = this.deps.image(id);
      this.images.set(id, cached);
      cached.catch(() => this.images.delete(id));
    }
    return cached;
  }

  async rename(name: string, newName: string): Promise<void> {
    const rec = this.get(name);
    const clean = newName.replace(/^\//, '');
    if (!/^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/.test(clean)) throw new InvalidParameterError(`Invalid container name (${clean}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed`);
    if (`/${clean}` === rec.Name) throw new InvalidParameterError('Renaming a container with the same name as its current name');
    const taken = this.list().find((r) => r.Name === `/${clean}`);
    if (taken) throw new ConflictError(`Conflict. The container name "/${clean}" is already in use by container "${taken.Id}". You have to remove (or rename) that container to be able to reuse that name.`);
    const oldName = rec.Name;
    rec.Name = `/${clean}`;
    await this.save(rec);
    this.emit(rec, 'rename', { oldName });
  }

  /** POST /containers/prune: stopped containers, by label and age. */
  async prune(filtersRaw: string | null): Promise<{ ContainersDeleted: string[] | null; SpaceReclaimed: number }> {
    const f = parseFilters(filtersRaw, ['until', 'label', 'label!']);
    const until = f.get('until')?.map(parseTimestamp);
    const deleted: string[] = [];
    let space = 0;
    for (const rec of this.list()) {
      if (rec.State.Running || rec.State.Status === 'restarting') continue;
      if (!labelsMatch(f.get('label'), rec.Config.Labels)) continue;
      if (f.get('label!')?.some((l) => labelsMatch([l], rec.Config.Labels)) === true) continue;
      if (until?.some((t) => Date.parse(rec.Created) >= t) === true) continue;
      space += await this.sizeRw(rec.Id);
      await this.remove(rec.Id, { force: false });
      deleted.push(rec.Id);
    }
    return { ContainersDeleted: deleted.length > 0 ? deleted : null, SpaceReclaimed: space };
  }

  /** Bytes in the container's own layer (`docker ps -s`, prune). */
  async sizeRw(id: string): Promise<number> {
    if (this.deps.storageDriver === 'vfs') return 0;
    const out = await runChecked('du', ['-sb', join(this.rootfs.dir(id), 'diff')]).catch(() => '0');
    return Number(out.split('\t')[0]) || 0;
  }

  /** Ids of the containers that mount a volume. */
  usingVolume(name: string): string[] {
    return this.list().filter((r) => r.MountPoints.some((m) => m.Type === 'volume' && m.Name === name)).map((r) => r.Id);
  }

  usesImage(imageId: string): string | undefined {
    return this.list().find((r) => r.Image === imageId)?.Id;
  }

  get(name: string): ContainerRecord {
    const clean = name.replace(/^\//, '');
    const found = this.records.get(clean) ?? this.list().find((r) => r.Name === `/${clean}`) ?? this.byPrefix(clean);
    if (!found) throw new NotFoundError(`No such container: ${name}`);
    return found;
  }

  private byPrefix(prefix: string): ContainerRecord | undefined {
    if (!/^[a-f0-9]+$/.test(prefix)) return undefined;
    const matches = this.list().filter((r) => r.Id.startsWith(prefix));
    if (matches.length > 1) throw new InvalidParameterError(`multiple IDs found with provided prefix: ${prefix}`);
    return matches[0];
  }

  async create(name: string | null, body: CreateBody): Promise<{ Id: string; Warnings: string[] }> {
    if (!body.Image) throw new InvalidParameterError('No image specified');
    if (name !== null && name !== '' && !/^\/?[a-zA-Z0-9][a-zA-Z0-9_.-]+$/.test(name)) {
      throw new InvalidParameterError(`Invalid container name (${name}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed`);
    }
    const image = await this.deps.image(body.Image);
    const id = randomBytes(32).toString('hex');
    const finalName = `/${name !== null && name !== '' ? name.replace(/^\//, '') : `burrow_${id.slice(0, 8)}`}`;
    const taken = this.list().find((r) => r.Name === finalName);
    if (taken) throw new ConflictError(`Conflict. The container name "${finalName}" is already in use by container "${taken.Id}". You have to remove (or rename) that container to be able to reuse that name.`);
    const hc = body.HostConfig ?? {};
    validateRestartPolicy(hc.RestartPolicy, hc.AutoRemove === true);
    const request: MountRequest = { Binds: hc.Binds ?? null, Mounts: hc.Mounts ?? null, Volumes: body.Volumes ?? null, Tmpfs: hc.Tmpfs ?? null, ...(hc.VolumeDriver !== undefined ? { VolumeDriver: hc.VolumeDriver } : {}) };
    const networkSettings = this.networking.plan(id, hc, body.NetworkingConfig?.EndpointsConfig);
    const mountPoints = await this.deps.mounts.plan(request, image.config, id);
    const dir = join(this.root, id);
    await mkdir(dir, { recursive: true, mode: 0o710 });
    const rec: ContainerRecord = {
      Id: id,
      Name: finalName,
      Created: new Date().toISOString(),
      Image: image.id,
      Config: { ...body, Image: body.Image, Labels: { ...(image.config.config?.Labels ?? {}), ...(body.Labels ?? {}) } },
      HostConfig: body.HostConfig ?? {},
      State: { Status: 'created', Running: false, ExitCode: 0, Pid: 0, StartedAt: ZERO_TIME, FinishedAt: ZERO_TIME },
      LogPath: join(dir, `${id}-json.log`),
      MountPoints: mountPoints,
      RestartCount: 0,
      HasBeenManuallyStopped: false,
      ConmonPid: 0,
      NetworkSettings: networkSettings,
    };
    await this.save(rec);
    this.records.set(id, rec);
    this.emit(rec, 'create');
    return { Id: id, Warnings: [] };
  }

  private plannedNetworks(id: string, hc: ContainerRecord['HostConfig']): ContainerNetworkState {
    try {
      return this.networking.plan(id, hc, undefined);
    } catch (err) {
      this.deps.logger.warn('a container\'s networks are unknown', { id, error: errorMessage(err) });
      return { Networks: {}, Ports: [], Veths: {} };
    }
  }

  /**
   * A container's record, from Burrow's own file. Docker rootless keeps its containers beside
   * Burrow's in the same default data root, in config.v2.json: those are dockerd's (always with
   * its StreamConfig) and left alone; a config.v2.json without it is one an older Burrow wrote.
   */
  private async load(id: string): Promise<StoredRecord | undefined> {
    const read = (file: string): Promise<StoredRecord | undefined> => readFile(join(this.root, id, file), 'utf8').then((t) => JSON.parse(t) as StoredRecord, () => undefined);
    const rec = (await read(RECORD_FILE)) ?? (await read('config.v2.json'));
    return rec && !('StreamConfig' in rec) ? rec : undefined;
  }

  private async save(rec: ContainerRecord): Promise<void> {
    await atomicWrite(join(this.root, rec.Id, RECORD_FILE), JSON.stringify(rec));
  }

  /** /etc/hosts, /etc/resolv.conf and /etc/hostname as bind mounts, where no mount of the user's covers them. */
  private async etcMounts(rec: ContainerRecord): Promise<MountPoint[]> {
    const dir = join(this.root, rec.Id);
    const files = ['hosts', 'resolv.conf', 'hostname'].filter((f) => !rec.MountPoints.some((m) => m.Destination === `/etc/${f}`));
    const present = await Promise.all(files.map((f) => stat(join(dir, f)).then(() => true, () => false)));
    return files.filter((_, i) => present[i]).map((f) => ({ Type: 'bind', Source: join(dir, f), Destination: `/etc/${f}`, Mode: '', RW: true, Propagation: 'rprivate' }));
  }

  /** The container's filesystem for cp, export, diff and commit; release() when done. */
  async fsView(name: string): Promise<ContainerFsView> {
    const rec = this.get(name);
    const image = await this.image(rec.Image);
    const rootfs = await this.rootfs.acquire(rec.Id, image);
    let released = false;
    return {
      rootfs,
      upperDir: this.deps.storageDriver === 'vfs' ? undefined : join(this.rootfs.dir(rec.Id), 'diff'),
      lowerDirs: image.rootfs.kind === 'overlay' ? image.rootfs.lowerDirs : [],
      // cp reads and writes the files the engine manages, as dockerd's does, not the image's
      mounts: [...rec.MountPoints, ...await this.etcMounts(rec)],
      running: rec.State.Running,
      release: async () => {
        if (released) return;
        released = true;
        await this.rootfs.release(rec.Id);
      },
    };
  }

  /** docker start: also lifts a docker stop's hold on the restart policy. */
  async start(name: string): Promise<void> {
    const rec = this.get(name);
    if (rec.State.Running) return;
    this.cancelRestart(rec.Id);
    rec.HasBeenManuallyStopped = false;
    try {
      await this.run(rec);
    } catch (err) {
      // `docker run --rm` waits for the removal after a failed start, as dockerd does it then
      if (rec.HostConfig.AutoRemove === true) await this.remove(rec.Id, { force: true, volumes: true }).catch(() => undefined);
      throw err;
    }
  }

  private async run(rec: ContainerRecord): Promise<void> {
    const image = await this.image(rec.Image);
    const rootfs = await this.rootfs.acquire(rec.Id, image);
    try {
      await this.launch(rec, image, rootfs);
    } catch (err) {
      await this.rootfs.release(rec.Id);
      throw err;
    }
    this.watchExit(rec);
    this.emit(rec, 'start');
    for (const notify of this.startWaiters.get(rec.Id) ?? []) notify();
    this.startWaiters.delete(rec.Id);
  }

  /** Resolves once the container is running (at once if it is). */
  started(name: string): Promise<void> {
    const rec = this.get(name);
    if (rec.State.Running) return Promise.resolve();
    return new Promise((resolve) => { this.startWaiters.set(rec.Id, [...(this.startWaiters.get(rec.Id) ?? []), resolve]); });
  }

  private async launch(rec: ContainerRecord, image: ContainerImage, rootfs: string): Promise<void> {
    const dir = join(this.root, rec.Id);
    const hostname = rec.Config.Hostname !== undefined && rec.Config.Hostname !== '' ? rec.Config.Hostname : rec.Id.slice(0, 12);
    const etcFiles = { hosts: join(dir, 'hosts'), resolvConf: join(dir, 'resolv.conf'), hostname: join(dir, 'hostname') };
    const net = this.networking.prepare(rec);
    try {
      await this.launchPrepared(rec, image, rootfs, hostname, etcFiles, net);
    } catch (err) {
      await this.networking.release(rec);
      throw err;
    }
  }

  private async launchPrepared(rec: ContainerRecord, image: ContainerImage, rootfs: string, hostname: string, etcFiles: EtcFiles, net: PreparedNetwork): Promise<void> {
    const dir = join(this.root, rec.Id);
    const hc = rec.HostConfig;
    await Promise.all([
      writeFile(etcFiles.hosts, hostsFile({ hostname, ip: net.ip ?? (net.namespace !== 'none' && net.namespace.host === true ? HOST_MODE_ADDRESS : undefined), hostGateway: HOST_GATEWAY, extraHosts: hc.ExtraHosts ?? [] })),
      writeFile(etcFiles.resolvConf, resolvConf({
        embedded: net.embeddedDns,
        nameservers: hc.Dns && hc.Dns.length > 0 ? hc.Dns : [this.deps.dns],
        search: hc.DnsSearch ?? [],
        options: hc.DnsOptions ?? [],
      })),
      writeFile(etcFiles.hostname, `${hostname}\n`),
    ]);
    const user = await resolveUser(configuredUser(rec, image), rootfs, hc.GroupAdd ?? []);
    const network = net.namespace;
    const spec = buildSpec({
      image: image.config,
      config: { ...rec.Config, Hostname: hostname },
      hostConfig: hc,
      rootfs,
      mounts: await this.deps.mounts.prepare(rec.MountPoints, rootfs),
      etcFiles,
      network,
      user,
      ...(hc.Init === true ? { init: await this.initBinary() } : {}),
    });
    const bundle = join(dir, 'bundle');
    await mkdir(bundle, { recursive: true });
    await writeFile(join(bundle, 'config.json'), JSON.stringify(spec));
    const stateDir = join(this.deps.runDir, rec.Id);
    await rm(stateDir, { recursive: true, force: true });
    await mkdir(stateDir, { recursive: true });
    // appended to across restarts, as dockerd's json-file log is
    await writeFile(rec.LogPath, '', { flag: 'a' });
    const created = await createContainer({
      id: rec.Id,
      bundle,
      runtime: this.deps.runtime.runtime,
      runtimeRoot: this.deps.runtime.runtimeRoot,
      stateDir,
      logPath: rec.LogPath,
      tty: rec.Config.Tty === true,
      stdin: rec.Config.OpenStdin === true,
      leaveStdinOpen: rec.Config.OpenStdin === true && rec.Config.StdinOnce !== true,
    });
    try {
      await this.networking.attach(rec, created.pid);
    } catch (err) {
      await deleteContainer(this.deps.runtime, rec.Id, true).catch(() => undefined);
      throw err;
    }
    await startContainer(this.deps.runtime, rec.Id);
    rec.State = { ...rec.State, Status: 'running', Running: true, Pid: created.pid, StartedAt: new Date().toISOString(), FinishedAt: ZERO_TIME };
    rec.ConmonPid = created.conmonPid;
    await this.save(rec);
  }

  /** A tty's new size, through conmon's control FIFO (message type 1). */
  async resize(name: string, height: number, width: number): Promise<void> {
    const rec = this.get(name);
    if (!rec.State.Running) throw new ConflictError(`Container ${rec.Id} is not running`);
    if (rec.Config.Tty !== true) return;
    const fifo = await open(join(this.root, rec.Id, 'bundle', 'ctl'), constants.O_WRONLY | constants.O_NONBLOCK);
    try {
      await fifo.write(`1 ${height} ${width}\n`);
    } finally {
      await fifo.close();
    }
  }

  /** An attach, for `docker events` (the stream itself is the handler's). */
  attached(name: string): void {
    this.emit(this.get(name), 'attach');
  }

  /** A client's stdin into the container, from its start on (attach comes before start in `docker run -i`). */
  async attachStdin(name: string, input: Readable): Promise<StdinForward | undefined> {
    const rec = this.get(name);
    if (rec.Config.OpenStdin !== true) return undefined;
    input.pause();
    await this.started(rec.Id);
    return forwardStdin(join(this.root, rec.Id, 'bundle'), input);
  }

  private watchExit(rec: ContainerRecord): void {
    void waitExit(join(this.deps.runDir, rec.Id), rec.Id).then((code) => this.exited(rec, code), (err: unknown) => {
      this.deps.logger.error('lost track of a container', { id: rec.Id, error: String(err) });
    });
  }

  /** Records an exit, tells the waiters, and applies --rm or the restart policy. */
  private async exited(rec: ContainerRecord, code: number): Promise<void> {
    const finished = new Date();
    const ranMs = finished.getTime() - Date.parse(rec.State.StartedAt);
    rec.State = { ...rec.State, Status: 'exited', Running: false, ExitCode: code, Pid: 0, FinishedAt: finished.toISOString() };
    await this.networking.release(rec);
    await deleteContainer(this.deps.runtime, rec.Id, true).catch(() => undefined);
    await this.rootfs.release(rec.Id);
    const delay = rec.HostConfig.AutoRemove === true ? undefined : nextRestart(rec.HostConfig.RestartPolicy, {
      exitCode: code, restartCount: rec.RestartCount, manuallyStopped: rec.HasBeenManuallyStopped, ranMs, previousDelayMs: this.restartDelays.get(rec.Id) ?? 0,
    });
    if (delay !== undefined) rec.State.Status = 'restarting';
    await this.save(rec).catch(() => undefined);
    for (const notify of this.exitWaiters.get(rec.Id) ?? []) notify(code);
    this.exitWaiters.delete(rec.Id);
    this.emit(rec, 'die', { exitCode: String(code) });
    if (rec.HostConfig.AutoRemove === true) {
      await this.remove(rec.Id, { force: true, volumes: true }).catch((err: unknown) => { this.deps.logger.warn('auto-remove failed', { id: rec.Id, error: String(err) }); });
    } else if (delay !== undefined) {
      this.scheduleRestart(rec, delay);
    }
  }

  private scheduleRestart(rec: ContainerRecord, delayMs: number): void {
    this.restartDelays.set(rec.Id, delayMs);
    this.restartTimers.set(rec.Id, setTimeout(() => {
      this.restartTimers.delete(rec.Id);
      if (rec.HasBeenManuallyStopped) return;
      rec.RestartCount++;
      const launch = this.run(rec).catch(async (err: unknown) => {
        this.deps.logger.error('restart failed', { id: rec.Id, error: String(err) });
        rec.State = { ...rec.State, Status: 'exited' };
        await this.save(rec).catch(() => undefined);
      }).finally(() => { this.launches.delete(rec.Id); });
      this.launches.set(rec.Id, launch);
    }, delayMs));
  }

  private cancelRestart(id: string): void {
    clearTimeout(this.restartTimers.get(id));
    this.restartTimers.delete(id);
    const rec = this.records.get(id);
    if (rec?.State.Status === 'restarting') rec.State.Status = 'exited';
  }

  /** Resolves with the exit code once the container has exited (next-exit / not-running), or been removed. */
  async wait(name: string, condition: string): Promise<number> {
    const rec = this.get(name);
    const active = rec.State.Running || rec.State.Status === 'created';
    if (condition === 'removed') {
      // a created container may be removed without ever running: its removal ends the wait too
      const removed = this.records.has(rec.Id) ? new Promise<void>((r) => { this.removedWaiters.set(rec.Id, [...(this.removedWaiters.get(rec.Id) ?? []), r]); }) : Promise.resolve();
      const code = active ? await Promise.race([this.nextExit(rec), removed.then(() => rec.State.ExitCode)]) : rec.State.ExitCode;
      await removed;
      return code;
    }
    if (condition === 'next-exit' || active) return this.nextExit(rec);
    return rec.State.ExitCode;
  }

  /** The container's next exit from now on. */
  private nextExit(rec: ContainerRecord): Promise<number> {
    return new Promise((resolve) => { this.exitWaiters.set(rec.Id, [...(this.exitWaiters.get(rec.Id) ?? []), resolve]); });
  }

  /** The container's output as conmon logged it, following until the container exits; `fromEnd` skips what is logged already (attach). */
  async *output(name: string, follow: boolean, fromEnd = false): AsyncGenerator<LogRecord> {
    const rec = this.get(name);
    const readers = this.logReaders.get(rec.Id) ?? new Set<Promise<void>>();
    this.logReaders.set(rec.Id, readers);
    let finished = (): void => undefined;
    const reading = new Promise<void>((r) => { finished = r; });
    readers.add(reading);
    try {
      yield* this.readLog(rec, follow, fromEnd);
    } finally {
      readers.delete(reading);
      finished();
    }
  }

  private async *readLog(rec: ContainerRecord, follow: boolean, fromEnd: boolean): AsyncGenerator<LogRecord> {
    let offset = fromEnd ? await stat(rec.LogPath).then((s) => s.size, () => 0) : 0;
    let pending = '';
    // an attach ends with the run it attached to, even if the restart policy starts another
    let exitedNow = false;
    if (fromEnd) void this.nextExit(rec).then(() => { exitedNow = true; });
    for (;;) {
      const done = !follow || (fromEnd ? exitedNow : rec.State.Status === 'exited');
      const size = await stat(rec.LogPath).then((s) => s.size, () => 0);
      if (size > offset) {
        const chunks: Buffer[] = [];
        for await (const c of createReadStream(rec.LogPath, { start: offset, end: size - 1 })) chunks.push(c as Buffer);
        offset = size;
        const text = pending + Buffer.concat(chunks).toString('utf8');
        const lines = text.split('\n');
        pending = lines.pop() ?? '';
        for (const line of lines) if (line !== '') yield parseLogLine(line);
        continue;
      }
      if (done) return;
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  async kill(name: string, signal = 'KILL'): Promise<void> {
    const rec = this.get(name);
    await this.launches.get(rec.Id);
    if (!rec.State.Running) throw new ConflictError(`Container ${rec.Id} is not running`);
    await this.markStopped(rec);
    await killContainer(this.deps.runtime, rec.Id, signal.replace(/^SIG/, ''));
    this.emit(rec, 'kill', { signal: signalNumber(signal) });
  }

  private async markStopped(rec: ContainerRecord): Promise<void> {
    this.cancelRestart(rec.Id);
    rec.HasBeenManuallyStopped = true;
    await this.save(rec);
  }

  /** The stop signal, then SIGKILL after the timeout (the request's, else the container's StopTimeout, else 10 s). */
  /** False when there was nothing to stop (neither running nor waiting to restart): dockerd's 304. */
  async stop(name: string, timeoutSec?: number): Promise<boolean> {
    const rec = this.get(name);
    const active = rec.State.Running || rec.State.Status === 'restarting' || this.launches.has(rec.Id);
    const exited = this.nextExit(rec);
    // the mark first: a restart timer that fires from here on does nothing; one that fired before is awaited
    await this.markStopped(rec);
    await this.launches.get(rec.Id);
    if (!rec.State.Running) return active;
    const signal = (rec.Config.StopSignal ?? (await this.image(rec.Image)).config.config?.StopSignal ?? 'TERM').replace(/^SIG/, '');
    await killContainer(this.deps.runtime, rec.Id, signal).catch(() => undefined);
    this.emit(rec, 'kill', { signal: signalNumber(signal) });
    const seconds = timeoutSec ?? rec.Config.StopTimeout ?? 10;
    // a negative timeout waits for ever, as dockerd's does
    if (seconds < 0) {
      await exited;
      return true;
    }
    const timer = new Promise<'timeout'>((r) => setTimeout(() => { r('timeout'); }, seconds * 1000));
    if ((await Promise.race([exited, timer])) === 'timeout') {
      await killContainer(this.deps.runtime, rec.Id, 'KILL').catch(() => undefined);
      this.emit(rec, 'kill', { signal: '9' });
      await exited;
    }
    this.emit(rec, 'stop');
    return true;
  }

  async restart(name: string, timeoutSec?: number): Promise<void> {
    await this.stop(name, timeoutSec);
    await this.start(name);
    this.emit(this.get(name), 'restart');
  }

  async remove(name: string, opts: { force: boolean; volumes?: boolean }): Promise<void> {
    const rec = this.get(name);
    this.cancelRestart(rec.Id);
    await this.launches.get(rec.Id);
    if (rec.State.Running) {
      if (!opts.force) throw new ConflictError(`You cannot remove a running container ${rec.Id}. Stop the container before attempting removal or force remove`);
      const exited = this.nextExit(rec);
      rec.HasBeenManuallyStopped = true;
      await killContainer(this.deps.runtime, rec.Id, 'KILL').catch(() => undefined);
      await exited;
    }
    await deleteContainer(this.deps.runtime, rec.Id, true).catch(() => undefined);
    await this.rootfs.drop(rec.Id);
    this.records.delete(rec.Id);
    this.restartDelays.delete(rec.Id);
    this.execs.forget(rec.Id);
    // the container is gone either way; a volume that could not go stays for `docker volume rm`
    await this.deps.mounts.release(rec.MountPoints, opts.volumes === true).catch((err: unknown) => {
      this.deps.logger.warn('removing the container\'s volumes failed', { id: rec.Id, error: errorMessage(err) });
    });
    // `docker run --rm` attaches and the container may be gone before the reader's next poll
    const readers = [...(this.logReaders.get(rec.Id) ?? [])];
    await Promise.race([Promise.all(readers), new Promise((r) => setTimeout(r, LOG_DRAIN_MS).unref())]);
    this.logReaders.delete(rec.Id);
    await rm(join(this.root, rec.Id), { recursive: true, force: true });
    await rm(this.rootfs.dir(rec.Id), { recursive: true, force: true });
    await rm(join(this.deps.runDir, rec.Id), { recursive: true, force: true });
    this.emit(rec, 'destroy');
    this.exitWaiters.delete(rec.Id);
    for (const r of this.removedWaiters.get(rec.Id) ?? []) r();
    this.removedWaiters.delete(rec.Id);
  }

  /**
   * After an engine start: keeps watching containers still running under their conmon, records
   * the exits that happened meanwhile (conmon wrote them; a monitor gone without one, as after a
   * reboot, counts as 255), and starts what the restart policies want running.
   */
  async recover(): Promise<void> {
    for (const rec of this.list()) {
      if (rec.State.Running) {
        const code = await readExitCode(join(this.deps.runDir, rec.Id), rec.Id) ?? (await this.monitorAlive(rec) ? undefined : 255);
        this.rootfs.adopt(rec.Id);
        if (code === undefined) {
          await this.networking.adopt(rec);
          this.watchExit(rec);
        } else await this.exited(rec, code);
      } else if (rec.State.Status === 'restarting' || (rec.State.Status === 'exited' && restartsWithDaemon(rec.HostConfig.RestartPolicy, rec.HasBeenManuallyStopped))) {
        rec.HasBeenManuallyStopped = false;
        this.scheduleRestart(rec, 0);
      }
    }
  }

  private async monitorAlive(rec: ContainerRecord): Promise<boolean> {
    if (rec.ConmonPid <= 0) return true;
    const comm = await readFile(`/proc/${rec.ConmonPid}/comm`, 'utf8').catch(() => '');
    return comm.trim() === 'conmon';
  }
}
