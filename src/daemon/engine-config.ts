// What the parent tells the engine child over their IPC channel, so the engine never re-reads
// flags or files that the parent already validated.
import type { TlsMaterial } from '../api/server.js';
import type { ContainerNetworkConfig } from './config.js';

export type EngineListener =
  | { kind: 'unix'; path: string; mode: number }
  | { kind: 'tcp'; url: string; bindHost: string; port: number; tls?: TlsMaterial };

export interface EngineConfig {
  version: string;
  /** Where the Engine API listens, in -H order. */
  listeners: EngineListener[];
  dataRoot: string;
  debug: boolean;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  logFormat: 'text' | 'json';
  uid: number;
  stateDir: string;
  /** The namespace holder, whose network namespace containers join for now. */
  holderPid: number;
  networkDriver: string;
  portDriver: string;
  insecureRegistries: string[];
  registryMirrors: string[];
  /** --storage-driver / daemon.json, when the user chose one. */
  storageDriver?: string;
  /** Where per-registry CAs and client certificates live (Docker rootless: ~/.config/docker/certs.d). */
  certsDir: string;
  labels: string[];
  experimental: boolean;
  /** The bridges' settings, with the MTU resolved (flag, daemon.json, DOCKERD_ROOTLESS_ROOTLESSKIT_MTU, driver). */
  network: ContainerNetworkConfig & { mtu: number };
}

