// ~/.config/docker/daemon.json, validated as dockerd does: every key must be one dockerd knows,
// and a setting given both as a flag and in the file is an error. Keys Burrow does not act on yet
// are accepted so a file written for Docker still loads.
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
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

const schema = z.object({
  'data-root': z.string().min(1).optional(),
  debug: z.boolean().optional(),
  'log-level': z.string().optional(),
  'log-format': z.string().optional(),
  hosts: z.array(z.string()).optional(),
  'insecure-registries': z.array(z.string()).optional(),
  'registry-mirrors': z.array(z.string()).optional(),
  labels: z.array(z.string()).optional(),
  experimental: z.boolean().optional(),
}).loose();

export type DaemonJson = z.infer<typeof schema>;

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
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InvalidParameterError(`unable to configure the Docker daemon with file ${path}: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
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
