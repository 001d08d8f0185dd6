// What the composition root knows about this engine and hands to the system service; the API never
// discovers any of it. Host measurements (kernel, CPUs, memory, OS) are in host-info.ts.

export type CgroupDriver = 'none' | 'systemd';
export type CgroupVersion = '1' | '2';

export interface ToolVersion {
  version: string;
  commit?: string;
}

export interface RuntimeFacts {
  path: string;
  /** Shown as a /version component and as RuncCommit when this is the default runtime. */
  version?: ToolVersion;
}

export interface EngineFacts {
  burrowVersion: string;
  gitCommit?: string;
  buildTime?: string;
  /** Stable across restarts (dockerd keeps it in an engine-id file under the data root). */
  id: string;
  /** The host name, shown as `Name`. */
  name: string;
  dockerRootDir: string;
  storage: {
    driver: 'overlay2' | 'fuse-overlayfs' | 'vfs';
    backingFilesystem: string;
    /** Driver specifics after "Backing Filesystem", e.g. ["Native Overlay Diff", "false"]. */
    status: [string, string][];
  };
  cgroup: {
    driver: CgroupDriver;
    version: CgroupVersion;
    /** Controllers delegated to us (cgroup.controllers); only meaningful with the systemd driver. */
    controllers: string[];
  };
  runtimes: Record<string, RuntimeFacts>;
  defaultRuntime: string;
  /** The init injected by `--init`; absent when none is installed. */
  init?: { binary: string; version?: ToolVersion };
  security: {
    /** undefined when the kernel has no seccomp. */
    seccompProfile?: string;
    apparmor: boolean;
    selinux: boolean;
    /** Containers get a private cgroup namespace by default (cgroup v2). */
    cgroupnsPrivate: boolean;
  };
  rootless: {
    networkDriver: string;
    networkDriverVersion?: ToolVersion;
    portDriver: string;
    stateDir: string;
  };
  registry: {
    /** CIDRs and host[:port] names from --insecure-registry, as configured. */
    insecureRegistries: string[];
    mirrors: string[];
  };
  /** Proxy settings the daemon uses for pulls, as dockerd reports them. */
  proxy: { http: string; https: string; no: string };
  labels: string[];
  liveRestore: boolean;
  debug: boolean;
  experimental: boolean;
}

export interface ContainerCounts {
  running: number;
  paused: number;
  stopped: number;
}

/** Live numbers owned by the container and image stores; they implement this later. */
export interface EngineCounters {
  containers(): ContainerCounts | Promise<ContainerCounts>;
  images(): number | Promise<number>;
}

export const ZERO_COUNTERS: EngineCounters = {
  containers: () => ({ running: 0, paused: 0, stopped: 0 }),
  images: () => 0,
};
