// The facts /version and /info report, found once at engine start from the host itself.
import { hostname } from 'node:os';
import { mkdir, readFile } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { atomicWrite } from '../base/atomic-write.js';
import { InvalidParameterError } from '../base/errors.js';
import { backingFs } from '../host/backing-fs.js';
import { findBinary } from '../host/binaries.js';
import { detectCgroupLayout, delegatedControllers } from '../host/cgroup.js';
import type { HostPaths } from '../host/host-paths.js';
import { chooseStorageDriver } from '../host/storage-driver.js';
import type { EngineFacts, RuntimeFacts } from '../system/index.js';
import type { EngineConfig } from './engine-config.js';

/** dockerd keeps its ID in <data-root>/engine-id so it survives restarts. */
async function engineId(dataRoot: string): Promise<string> {
  const file = join(dataRoot, 'engine-id');
  const existing = (await readFile(file, 'utf8').catch(() => '')).trim();
  if (existing !== '') return existing;
  const id = randomUUID();
  await mkdir(dataRoot, { recursive: true, mode: 0o710 });
  await atomicWrite(file, id);
  return id;
}

const DRIVERS = ['overlay2', 'fuse-overlayfs', 'vfs'] as const;

/** The user's --storage-driver when given (checked as dockerd does), else the best that works here. */
async function storageDriverFor(host: HostPaths, env: NodeJS.ProcessEnv, chosen: string | undefined): Promise<{ driver: (typeof DRIVERS)[number] }> {
  if (chosen === undefined) return chooseStorageDriver(host, env);
  const driver = DRIVERS.find((d) => d === chosen);
  if (!driver) throw new InvalidParameterError(`error initializing graphdriver: driver not supported: ${chosen} (Burrow has ${DRIVERS.join(', ')})`);
  return { driver };
}

export async function gatherEngineFacts(host: HostPaths, config: EngineConfig): Promise<EngineFacts> {
  const env = process.env;
  const id = await engineId(config.dataRoot);
  const [layout, controllers, storage, runc, crun, systemdDir, fsName, tini] = await Promise.all([
    detectCgroupLayout(host),
    delegatedControllers(host, config.uid),
    storageDriverFor(host, env, config.storageDriver),
    findBinary(host, env, 'runc'),
    findBinary(host, env, 'crun'),
    host.exists('/run/systemd/system'),
    backingFs(config.dataRoot),
    findBinary(host, env, 'tini'),
  ]);
  // dockerd's rootless rule: the systemd driver needs cgroup v2 and a running systemd; else none
  const cgroupDriver = layout === 'v2' && systemdDir ? 'systemd' : 'none';
  const runtimes: Record<string, RuntimeFacts> = {};
  if (runc) runtimes.runc = { path: runc };
  // crun 1.8 refuses hybrid cgroup hosts, so it is only offered where cgroups are pure v2
  if (crun && layout === 'v2') runtimes.crun = { path: crun };
  return {
    burrowVersion: config.version,
    id,
    name: hostname(),
    dockerRootDir: config.dataRoot,
    storage: {
      driver: storage.driver,
      backingFilesystem: fsName,
      status: storage.driver === 'overlay2' ? [['Supports d_type', 'true'], ['Native Overlay Diff', 'false'], ['userxattr', 'true']] : [],
    },
    cgroup: { driver: cgroupDriver, version: layout === 'v2' ? '2' : '1', controllers: controllers ?? [] },
    runtimes,
    defaultRuntime: runc ? 'runc' : Object.keys(runtimes)[0] ?? 'runc',
    ...(tini ? { init: { binary: 'docker-init' } } : {}),
    security: { seccompProfile: 'default', apparmor: false, selinux: false, cgroupnsPrivate: layout === 'v2' },
    rootless: { networkDriver: config.networkDriver, portDriver: config.portDriver, stateDir: config.stateDir },
    registry: { insecureRegistries: config.insecureRegistries, mirrors: config.registryMirrors },
    proxy: { http: env.HTTP_PROXY ?? env.http_proxy ?? '', https: env.HTTPS_PROXY ?? env.https_proxy ?? '', no: env.NO_PROXY ?? env.no_proxy ?? '' },
    labels: config.labels,
    liveRestore: false,
    debug: config.debug,
    experimental: config.experimental,
  };
}
