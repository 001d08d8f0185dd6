// GET /info: the fields docker CLI 20.10/28, docker-py, compose and testcontainers read
// (engine-api.md §1), filled the way rootless dockerd fills them.
import type { EngineRelease } from './engine-release.js';
import type { ContainerCounts, EngineFacts } from './facts.js';
import type { HostInfo } from './host-info.js';
import type { InfoBody } from './types.js';
import { cgroupWarnings, resourceSupport } from './cgroup-support.js';
import { buildRegistryConfig } from './registry-config.js';
import { securityOptions } from './security-options.js';

/** Numbers that change while the daemon runs, gathered per request. */
export interface InfoSnapshot {
  containers: ContainerCounts;
  images: number;
  openFiles: number;
  activeHandles: number;
  now: Date;
}

/** dockerd hides proxy credentials the same way (config.MaskCredentials). */
export function maskCredentials(url: string): string {
  return url.replace(/^([a-zA-Z][a-zA-Z0-9+.-]*:\/\/)[^@/]*@/, '$1xxxxx:xxxxx@');
}

export function buildInfoBody(facts: EngineFacts, host: HostInfo, release: EngineRelease, live: InfoSnapshot): InfoBody {
  const { running, paused, stopped } = live.containers;
  const support = resourceSupport(facts.cgroup);
  const runtimes: InfoBody['Runtimes'] = {};
  for (const [name, runtime] of Object.entries(facts.runtimes)) runtimes[name] = { path: runtime.path };
  const runtimeCommit = facts.runtimes[facts.defaultRuntime]?.version?.commit ?? 'N/A';
  const initCommit = facts.init?.version?.commit ?? 'N/A';
  return {
    ID: facts.id,
    Containers: running + paused + stopped,
    ContainersRunning: running,
    ContainersPaused: paused,
    ContainersStopped: stopped,
    Images: live.images,
    Driver: facts.storage.driver,
    DriverStatus: [['Backing Filesystem', facts.storage.backingFilesystem], ...facts.storage.status],
    Plugins: { Volume: ['local'], Network: ['bridge', 'host', 'null'], Authorization: null, Log: ['json-file'] },
    ...support,
    // RootlessKit's child enables forwarding inside its network namespace.
    IPv4Forwarding: true,
    Debug: facts.debug,
    NFd: live.openFiles,
    NGoroutines: live.activeHandles,
    SystemTime: live.now.toISOString(),
    LoggingDriver: 'json-file',
    CgroupDriver: facts.cgroup.driver,
    CgroupVersion: facts.cgroup.version,
    NEventsListener: 0,
    KernelVersion: host.kernelVersion,
    OperatingSystem: host.operatingSystem,
    OSVersion: host.osVersion,
    OSType: 'linux',
    Architecture: host.machine,
    IndexServerAddress: 'https://index.docker.io/v1/',
    RegistryConfig: buildRegistryConfig(facts.registry),
    NCPU: host.ncpu,
    MemTotal: host.memTotal,
    GenericResources: null,
    DockerRootDir: facts.dockerRootDir,
    HttpProxy: maskCredentials(facts.proxy.http),
    HttpsProxy: maskCredentials(facts.proxy.https),
    NoProxy: facts.proxy.no,
    Name: facts.name,
    Labels: [...facts.labels],
    ExperimentalBuild: facts.experimental,
    ServerVersion: release.version,
    Runtimes: runtimes,
    DefaultRuntime: facts.defaultRuntime,
    Swarm: { NodeID: '', NodeAddr: '', LocalNodeState: 'inactive', ControlAvailable: false, Error: '', RemoteManagers: null },
    LiveRestoreEnabled: facts.liveRestore,
    Isolation: '',
    InitBinary: facts.init?.binary ?? '',
    // Burrow runs containers through conmon and an OCI runtime; there is no containerd.
    ContainerdCommit: { ID: 'N/A', Expected: 'N/A' },
    RuncCommit: { ID: runtimeCommit, Expected: runtimeCommit },
    InitCommit: { ID: initCommit, Expected: initCommit },
    SecurityOptions: securityOptions(facts.security),
    Warnings: cgroupWarnings(facts.cgroup, support),
  };
}
