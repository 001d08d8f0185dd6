// dockerd's flag grammar (pflag): `--flag value`, `--flag=value`, `--bool`/`--bool=false`,
// repeatable `-H`; cobra's texts for mistakes. Only the flags Burrow implements are accepted.
import { InvalidParameterError } from '../base/errors.js';

export interface DaemonFlags {
  dataRoot?: string;
  debug?: boolean;
  logLevel?: string;
  logFormat?: string;
  hosts: string[];
  storageDriver?: string;
  insecureRegistries: string[];
  registryMirrors: string[];
  configFile?: string;
  bip?: string;
  iptables?: boolean;
  mtu?: string;
  tls?: boolean;
  tlsVerify?: boolean;
  tlsCaCert?: string;
  tlsCert?: string;
  tlsKey?: string;
  help: boolean;
}

type Kind = 'string' | 'bool' | 'list';
const FLAGS: Record<string, { key: keyof DaemonFlags; kind: Kind; short?: string }> = {
  'data-root': { key: 'dataRoot', kind: 'string' },
  debug: { key: 'debug', kind: 'bool', short: 'D' },
  'log-level': { key: 'logLevel', kind: 'string', short: 'l' },
  'log-format': { key: 'logFormat', kind: 'string' },
  host: { key: 'hosts', kind: 'list', short: 'H' },
  'storage-driver': { key: 'storageDriver', kind: 'string', short: 's' },
  'insecure-registry': { key: 'insecureRegistries', kind: 'list' },
  'registry-mirror': { key: 'registryMirrors', kind: 'list' },
  'config-file': { key: 'configFile', kind: 'string' },
  bip: { key: 'bip', kind: 'string' },
  iptables: { key: 'iptables', kind: 'bool' },
  mtu: { key: 'mtu', kind: 'string' },
  tls: { key: 'tls', kind: 'bool' },
  tlsverify: { key: 'tlsVerify', kind: 'bool' },
  tlscacert: { key: 'tlsCaCert', kind: 'string' },
  tlscert: { key: 'tlsCert', kind: 'string' },
  tlskey: { key: 'tlsKey', kind: 'string' },
  help: { key: 'help', kind: 'bool', short: 'h' },
};

export const DAEMON_USAGE = `Usage:  burrow daemon [OPTIONS]

A rootless container engine: the daemon and every container run as you, inside a user namespace.

Options:
      --bip string           Specify network bridge IP (default 172.17.0.1/16)
      --config-file string   Daemon configuration file (default "$XDG_CONFIG_HOME/docker/daemon.json")
      --data-root string     Root directory of persistent state (default "~/.local/share/docker")
  -D, --debug                Enable debug mode
  -H, --host list            Daemon socket(s) to connect to: unix:///path or tcp://host:port, repeatable
                             (default unix://$XDG_RUNTIME_DIR/docker.sock)
      --iptables             Enable addition of nftables rules in the daemon's network namespace (default true)
      --insecure-registry list  Enable insecure registry communication
      --registry-mirror list  Preferred registry mirror
      --mtu int              Set the containers network MTU (default: the network driver's)
  -s, --storage-driver string  Storage driver to use (overlay2, fuse-overlayfs, vfs)
      --tls                  Use TLS; implied by --tlsverify
      --tlscacert string     Trust certs signed only by this CA (default "$DOCKER_CERT_PATH/ca.pem", else ~/.docker/ca.pem)
      --tlscert string       Path to TLS certificate file (default "~/.docker/cert.pem")
      --tlskey string        Path to TLS key file (default "~/.docker/key.pem")
      --tlsverify            Use TLS and verify the remote (default: set when DOCKER_TLS_VERIFY is)
  -l, --log-level string     Set the logging level ("debug"|"info"|"warn"|"error"|"fatal") (default "info")
      --log-format string    Set the logging format ("text"|"json") (default "text")
  -h, --help                 Print usage

Environment: DOCKERD_ROOTLESS_ROOTLESSKIT_NET, _MTU, _PORT_DRIVER, _FLAGS, _DISABLE_HOST_LOOPBACK,
_SLIRP4NETNS_SANDBOX, _SLIRP4NETNS_SECCOMP, _DETACH_NETNS (as for dockerd-rootless.sh).
A tcp:// listener lives in the daemon's network namespace, as with dockerd-rootless.sh; Burrow
publishes its port on the host unless DOCKERD_ROOTLESS_ROOTLESSKIT_FLAGS already does (-p ...).
`;

function boolValue(text: string, flag: string): boolean {
  if (['1', 't', 'T', 'true', 'TRUE', 'True'].includes(text)) return true;
  if (['0', 'f', 'F', 'false', 'FALSE', 'False'].includes(text)) return false;
  throw new InvalidParameterError(`invalid argument "${text}" for "--${flag}" flag: strconv.ParseBool: parsing "${text}": invalid syntax`);
}

export function parseDaemonFlags(args: readonly string[]): DaemonFlags {
  const out: DaemonFlags = { hosts: [], insecureRegistries: [], registryMirrors: [], help: false };
  const set = (name: string, value: string | undefined, next: () => string | undefined): void => {
    const def = FLAGS[name];
    if (!def) throw new InvalidParameterError(`unknown flag: --${name}`);
    if (def.kind === 'bool') {
      (out as unknown as Record<string, unknown>)[def.key] = value === undefined ? true : boolValue(value, name);
      return;
    }
    const v = value ?? next();
    if (v === undefined) throw new InvalidParameterError(`flag needs an argument: --${name}`);
    if (def.kind === 'list') (out[def.key] as string[]).push(v);
    else (out as unknown as Record<string, unknown>)[def.key] = v;
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    const next = (): string | undefined => args[++i];
    const long = /^--([^=]+)(?:=(.*))?$/.exec(a);
    if (long?.[1]) {
      set(long[1], long[2], next);
      continue;
    }
    const short = /^-([A-Za-z])(?:=?(.+))?$/.exec(a);
    if (short?.[1]) {
      const name = Object.entries(FLAGS).find(([, d]) => d.short === short[1])?.[0];
      if (!name) throw new InvalidParameterError(`unknown shorthand flag: '${short[1]}' in ${a}`);
      set(name, short[2], next);
      continue;
    }
    throw new InvalidParameterError(`burrow daemon takes no arguments, got ${JSON.stringify(a)}`);
  }
  return out;
}
