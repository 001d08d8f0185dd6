// ~/.config/docker/daemon.json, validated as dockerd does: every key must be one dockerd knows,
// and a setting given both as a flag and in the file is an error. Keys Burrow does not act on yet
// are accepted so a file written for Docker still loads.
import { readFile } from 'node:fs/promises';
import { InvalidParameterError, errnoCode } from '../base/errors.js';

const DOCKERD_KEYS = new Set([
  'allow-nondistributable-artifacts', 'api-cors-header', 'authorization-plugins', 'bip', 'bridge', 'builder', 'cdi-spec-dirs',
  'cgroup-parent', 'containerd', 'containerd-namespace', 'containerd-plugin-namespace', 'data-root', 'debug', 'default-address-pools',
  'default-cgroupns-mode', 'default-gateway', 'default-gateway-v6', 'default-ipc-mode', 'default-network-opts', 'default-runtime',
  'default-shm-size', 'default-ulimits', 'dns', 'dns-opts', 'dns-search', 'exec-opts', 'exec-root', 'experimental', 'features',
  'fixed-cidr', 'fixed-cidr-v6', 'group', 'host-gateway-ip', 'hosts', 'icc', 'init', 'init-path', 'insecure-registries', 'ip',
  'ip-forward', 'ip-masq', 'ip6tables', 'iptables', 'ipv6', 'labels', 'live-restore', 'log-driver', 'log-format', 'log-level',
  'log-opts', 'max-concurrent-downloads', 'max-concurrent-uploads', 'max-download-attempts', 'mtu', 'no-new-privileges',
  'node-generic-resources', 'oom-score-adjust', 'pidfile', 'proxies', 'raw-logs', 'registry-mirrors', 'runtimes', 'seccomp-profile',
  'selinux-enabled', 'shutdown-timeout', 'storage-driver', 'storage-opts', 'tls', 'tlscacert', 'tlscert', 'tlskey', 'tlsverify',
  'userland-proxy', 'userland-proxy-path', 'userns-remap',
]);

// zod was the first choice (dependencies.md), but loading it cost ~140 ms of every daemon start on
// this hardware; the few typed keys are checked by hand instead.
export interface DaemonJson {
  'data-root'?: string;
  debug?: boolean;
  'log-level'?: string;
  'log-format'?: string;
  hosts?: string[];
  'insecure-registries'?: string[];
  'registry-mirrors'?: string[];
  'storage-driver'?: string;
  labels?: string[];
  experimental?: boolean;
  bip?: string;
  iptables?: boolean;
  mtu?: number;
  'default-address-pools'?: { base: string; size: number }[];
  tls?: boolean;
  tlsverify?: boolean;
  tlscacert?: string;
  tlscert?: string;
  tlskey?: string;
}

const TYPED: Record<keyof DaemonJson, 'string' | 'boolean' | 'number' | 'string[]' | 'pools'> = {
  'data-root': 'string',
  debug: 'boolean',
  'log-level': 'string',
  'log-format': 'string',
  hosts: 'string[]',
  'insecure-registries': 'string[]',
  'registry-mirrors': 'string[]',
  'storage-driver': 'string',
  labels: 'string[]',
  experimental: 'boolean',
  bip: 'string',
  iptables: 'boolean',
  mtu: 'number',
  'default-address-pools': 'pools',
  tls: 'boolean',
  tlsverify: 'boolean',
  tlscacert: 'string',
  tlscert: 'string',
  tlskey: 'string',
};

const TYPE_CHECKS: Record<(typeof TYPED)[keyof DaemonJson], (v: unknown) => boolean> = {
  string: (v) => typeof v === 'string',
  boolean: (v) => typeof v === 'boolean',
  number: (v) => typeof v === 'number',
  'string[]': (v) => Array.isArray(v) && v.every((x) => typeof x === 'string'),
  pools: (v) => Array.isArray(v) && v.every((x) => typeof x === 'object' && x !== null && typeof (x as { base?: unknown }).base === 'string' && typeof (x as { size?: unknown }).size === 'number'),
};
const TYPE_NAMES: Record<(typeof TYPED)[keyof DaemonJson], string> = {
  string: 'a string', boolean: 'a boolean', number: 'a number', 'string[]': 'an array of strings', pools: 'an array of {"base": "a.b.c.d/n", "size": n}',
};

function typeError(raw: object): string | undefined {
  const fields = raw as Record<string, unknown>;
  for (const [key, want] of Object.entries(TYPED)) {
    const v = fields[key];
    if (v === undefined) continue;
    if (!TYPE_CHECKS[want](v)) return `${key}: expected ${TYPE_NAMES[want]}`;
  }
  return undefined;
}

export function parseDaemonJson(text: string, path: string): DaemonJson {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new InvalidParameterError(`unable to configure the Docker daemon with file ${path}: ${(err as Error).message}`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new InvalidParameterError(`unable to configure the Docker daemon with file ${path}: the file must hold a JSON object`);
  }
  const unknown = Object.keys(raw).filter((k) => !DOCKERD_KEYS.has(k));
  if (unknown.length > 0) {
    throw new InvalidParameterError(`unable to configure the Docker daemon with file ${path}: the following directives don't match any configuration option: ${unknown.join(', ')}`);
  }
  const problem = typeError(raw);
  if (problem) throw new InvalidParameterError(`unable to configure the Docker daemon with file ${path}: ${problem}`);
  return raw;
}

export async function readDaemonJson(path: string): Promise<DaemonJson> {
  try {
    return parseDaemonJson(await readFile(path, 'utf8'), path);
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') return {};
    throw err;
  }
}

/** dockerd's refusal when one setting comes from both places. */
export function conflicts(pairs: readonly [string, unknown, unknown][]): void {
  const both = pairs.filter(([, flag, file]) => flag !== undefined && file !== undefined);
  if (both.length > 0) {
    throw new InvalidParameterError(
      `the following directives are specified both as a flag and in the configuration file: ${both
        .map(([k, flag, file]) => `${k}: (from flag: ${String(flag)}, from file: ${String(file)})`)
        .join(', ')}`,
    );
  }
}
