import type { ImageConfig } from '../../image/config.js';
import type { OciMount } from './oci-types.js';

// The create options buildSpec reads, in Engine API shape (POST /containers/create body).
// Labels, StopSignal, OpenStdin and NetworkMode do not reach the runtime spec: the engine
// acts on them itself (NetworkMode arrives resolved as SpecInput.network), and User and
// GroupAdd arrive as SpecInput.user, from resolveUser.
export interface CreateConfig {
  Cmd?: string[] | null;
  Entrypoint?: string[] | null;
  Env?: string[] | null;
  WorkingDir?: string;
  Tty?: boolean;
  Hostname?: string;
  Domainname?: string;
}

export interface Ulimit {
  Name: string;
  Soft: number;
  Hard: number;
}

export interface CreateHostConfig {
  CapAdd?: string[] | null;
  CapDrop?: string[] | null;
  Privileged?: boolean;
  ReadonlyRootfs?: boolean;
  Tmpfs?: Record<string, string> | null;
  ShmSize?: number;
  Ulimits?: Ulimit[] | null;
  SecurityOpt?: string[] | null;
  Sysctls?: Record<string, string> | null;
}

export interface ResolvedUser {
  uid: number;
  gid: number;
  additionalGids: number[];
  home?: string;
}

// 'none' gets a fresh one (loopback only, until the engine adds interfaces), anything else is
// the path of a namespace to join: the engine's own for --network host.
export type NetworkNamespace = 'none' | { path: string; host?: boolean };

export interface SpecInput {
  image: ImageConfig;
  config: CreateConfig;
  hostConfig: CreateHostConfig;
  rootfs: string;
  // Bind mounts, volumes and --mount tmpfs, already resolved to host paths by the caller.
  mounts: OciMount[];
  etcFiles: { hosts: string; resolvConf: string; hostname: string };
  network: NetworkNamespace;
  user: ResolvedUser;
  // Host path of tini/catatonit; the caller sets it when HostConfig.Init (or the daemon's
  // --init default) asks for one, as the choice depends on what the host has installed.
  init?: string;
  // Set only where the engine has a cgroup to put the container in; absent means no cgroups.
  cgroupsPath?: string;
}
