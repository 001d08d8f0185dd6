// The contract every network driver meets (RootlessKit's pkg/network/network.go): attach a
// user-mode network stack to the holder's network namespace and say how it is addressed.
import type { Disposable } from '../../base/owner.js';

export interface NetworkConfig {
  mtu: number;
  /** false: the namespace reaches the host's 127.0.0.1 as the gateway (10.0.2.2). */
  disableHostLoopback: boolean;
  sandbox: 'auto' | 'true' | 'false';
  seccomp: 'auto' | 'true' | 'false';
}

export interface NetworkInfo {
  driver: string;
  ifname?: string;
  ip?: string;
  netmask?: number;
  gateway?: string;
  dns: string[];
  mtu: number;
}

export interface AttachedNetwork extends Disposable {
  info: NetworkInfo;
}

export interface NetworkDriver {
  readonly name: string;
  /** The MTU used when DOCKERD_ROOTLESS_ROOTLESSKIT_MTU is not set. */
  readonly defaultMtu: number;
  attach(holderPid: number, config: NetworkConfig): Promise<AttachedNetwork>;
}

/** slirp4netns' and pasta's shared addressing, so containers see the same layout with either. */
export const USERMODE_ADDRESSING = { ifname: 'tap0', ip: '10.0.2.100', netmask: 24, gateway: '10.0.2.2', dns: ['10.0.2.3'] } as const;
