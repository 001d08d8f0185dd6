// The daemon's settings from flags, daemon.json and DOCKERD_ROOTLESS_* variables, combined and
// checked as dockerd does before anything starts.
import { isAbsolute, join } from 'node:path';
import { HostSetupError, InvalidParameterError } from '../base/errors.js';
import { parseLogLevel, type LogLevel } from '../base/log.js';
import { daemonJsonPath, defaultDataRoot } from '../host/docker-dirs.js';
import type { HostUser } from '../host/host-paths.js';
import { conflicts, readDaemonJson, type DaemonJson } from '../host/daemon-json.js';
import type { TlsMaterial } from '../api/server.js';
import type { DaemonFlags } from './flags.js';
import { loadTls, planListeners, type HostListener, type ListenerWarning } from './listeners.js';
import { readRootlessEnv, type RootlessEnv } from './rootless-env.js';

export interface DaemonConfig {
  xdgRuntimeDir: string;
  /** Every -H, in order; at least one. */
  listeners: HostListener[];
  /** The tcp:// listeners' TLS, when they serve it. */
  tls?: TlsMaterial;
  /** Said once the daemon is up (dockerd's warnings for unauthenticated tcp:// listeners). */
  warnings: ListenerWarning[];
  dataRoot: string;
  debug: boolean;
  logLevel: LogLevel;
  logFormat: 'text' | 'json';
  rootless: RootlessEnv;
  insecureRegistries: string[];
  registryMirrors: string[];
  storageDriver?: string;
  labels: string[];
  experimental: boolean;
  network: ContainerNetworkConfig;
}

/** dockerd's bridge settings: --bip, --iptables, --mtu, default-address-pools. */
export interface ContainerNetworkConfig {
  bip?: string;
  firewall: boolean;
  /** Unset: the network driver's MTU. */
  mtu?: number;
  defaultAddressPools?: { base: string; size: number }[];
}

export function xdgRuntimeDirError(): HostSetupError {
  return new HostSetupError('could not get XDG_RUNTIME_DIR', {
    code: 'BURROW_NO_XDG_RUNTIME_DIR',
    hint:
      'On a systemd host, log in through pam_systemd (ssh user@localhost, or `machinectl shell user@`): it sets\n' +
      'XDG_RUNTIME_DIR=/run/user/$UID. On a non-systemd host, create a private directory and set the path:\n' +
      '  export XDG_RUNTIME_DIR=$HOME/.docker/run\n  rm -rf $XDG_RUNTIME_DIR\n  mkdir -p -m 700 $XDG_RUNTIME_DIR',
  });
}

export async function loadDaemonConfig(flags: DaemonFlags, user: HostUser): Promise<DaemonConfig> {
  const xdg = user.env.XDG_RUNTIME_DIR;
  if (!xdg) throw xdgRuntimeDirError();
  const file = await readDaemonJson(flags.configFile ?? daemonJsonPath(user));
  conflicts([
    ['data-root', flags.dataRoot, file['data-root']],
    ['debug', flags.debug, file.debug],
    ['log-level', flags.logLevel, file['log-level']],
    ['log-format', flags.logFormat, file['log-format']],
    ['hosts', flags.hosts.length > 0 ? flags.hosts.join(',') : undefined, file.hosts],
    ['storage-driver', flags.storageDriver, file['storage-driver']],
    ['insecure-registries', flags.insecureRegistries.length > 0 ? flags.insecureRegistries.join(',') : undefined, file['insecure-registries']],
    ['registry-mirrors', flags.registryMirrors.length > 0 ? flags.registryMirrors.join(',') : undefined, file['registry-mirrors']],
    ['bip', flags.bip, file.bip],
    ['iptables', flags.iptables, file.iptables],
    ['mtu', flags.mtu, file.mtu],
    ['tls', flags.tls, file.tls],
    ['tlsverify', flags.tlsVerify, file.tlsverify],
    ['tlscacert', flags.tlsCaCert, file.tlscacert],
    ['tlscert', flags.tlsCert, file.tlscert],
    ['tlskey', flags.tlsKey, file.tlskey],
  ]);
  const debug = flags.debug ?? file.debug ?? false;
  const levelText = flags.logLevel ?? file['log-level'] ?? (debug ? 'debug' : 'info');
  const logLevel = parseLogLevel(levelText);
  if (!logLevel) throw new InvalidParameterError(`unable to parse logging level: ${levelText}`);
  const logFormat = flags.logFormat ?? file['log-format'] ?? 'text';
  if (logFormat !== 'text' && logFormat !== 'json') throw new InvalidParameterError(`unknown log format: ${logFormat}`);
  const hosts = flags.hosts.length > 0 ? flags.hosts : file.hosts ?? [];
  const plan = planListeners(hosts, {
    tls: flags.tls ?? file.tls,
    tlsVerify: flags.tlsVerify ?? file.tlsverify,
    caCert: flags.tlsCaCert ?? file.tlscacert,
    cert: flags.tlsCert ?? file.tlscert,
    key: flags.tlsKey ?? file.tlskey,
  }, user.env, user.home, join(xdg, 'docker.sock'));
  const dataRoot = flags.dataRoot ?? file['data-root'] ?? defaultDataRoot(user);
  if (!isAbsolute(dataRoot)) throw new InvalidParameterError(`data-root must be an absolute path, got ${JSON.stringify(dataRoot)}`);
  return {
    xdgRuntimeDir: xdg,
    listeners: plan.listeners,
    ...(plan.tls ? { tls: await loadTls(plan.tls) } : {}),
    warnings: plan.warnings,
    dataRoot,
    debug,
    logLevel,
    logFormat,
    rootless: readRootlessEnv(user.env),
    insecureRegistries: flags.insecureRegistries.length > 0 ? flags.insecureRegistries : file['insecure-registries'] ?? [],
    registryMirrors: flags.registryMirrors.length > 0 ? flags.registryMirrors : file['registry-mirrors'] ?? [],
    ...(flags.storageDriver ?? file['storage-driver'] ? { storageDriver: flags.storageDriver ?? file['storage-driver'] } : {}),
    labels: file.labels ?? [],
    experimental: file.experimental ?? false,
    network: networkConfig(flags, file),
  };
}

function networkConfig(flags: DaemonFlags, file: DaemonJson): ContainerNetworkConfig {
  const mtuText = flags.mtu ?? (file.mtu === undefined ? undefined : String(file.mtu));
  const mtu = mtuText === undefined ? undefined : Number(mtuText);
  if (mtu !== undefined && (!Number.isInteger(mtu) || mtu < 68 || mtu > 65535)) throw new InvalidParameterError(`invalid MTU ${JSON.stringify(mtuText)}: must be an integer from 68 to 65535`);
  const bip = flags.bip ?? file.bip;
  return {
    firewall: flags.iptables ?? file.iptables ?? true,
    ...(bip !== undefined ? { bip } : {}),
    ...(mtu !== undefined ? { mtu } : {}),
    ...(file['default-address-pools'] ? { defaultAddressPools: file['default-address-pools'] } : {}),
  };
}
