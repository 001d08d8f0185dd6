// Where the Engine API listens: dockerd's -H grammar (unix:///path, tcp://host:port, a bare
// host:port meaning tcp) and its TLS flags. A tcp:// listener lives in the daemon's network
// namespace, as dockerd's does under RootlessKit, and reaches the host through the port driver.
import { readFile } from 'node:fs/promises';
import { isIPv4 } from 'node:net';
import { join } from 'node:path';
import { createSecureContext } from 'node:tls';
import { InvalidParameterError, errorMessage } from '../base/errors.js';
import type { TlsMaterial } from '../api/server.js';
import type { PortSpec } from '../rootless/port/spec.js';

export interface UnixListener {
  kind: 'unix';
  path: string;
}

export interface TcpListener {
  kind: 'tcp';
  /** As the user wrote it, normalised: tcp://0.0.0.0:2376. */
  url: string;
  host: string;
  port: number;
  /** Inside the daemon's network namespace: the wildcard stays one, any other address becomes loopback, where the port driver delivers. */
  bindHost: string;
}

export type HostListener = UnixListener | TcpListener;

/** The TLS choice as flags and daemon.json give it; undefined means "not said". */
export interface TlsChoice {
  tls?: boolean;
  tlsVerify?: boolean;
  caCert?: string;
  cert?: string;
  key?: string;
}

export interface TlsPaths {
  verify: boolean;
  ca?: string;
  cert: string;
  key: string;
}

export interface ListenerWarning {
  msg: string;
  host: string;
}

export interface ListenerPlan {
  listeners: HostListener[];
  /** Set when any tcp:// listener serves TLS. */
  tls?: TlsPaths;
  /** dockerd's loud warnings, for listeners anyone who reaches them may use. */
  warnings: ListenerWarning[];
}

const DEFAULT_PORT = { tls: 2376, plain: 2375 };

function parseTcp(text: string, address: string, tls: boolean): TcpListener {
  const m = /^([^:/]*)(?::(\d*))?\/?$/.exec(address);
  if (!m) throw new InvalidParameterError(`invalid bind address format: ${text}`);
  const named = m[1] ?? '';
  const host = named === '' || named === 'localhost' ? '127.0.0.1' : named;
  if (!isIPv4(host)) {
    throw new InvalidParameterError(`invalid -H ${JSON.stringify(text)}: Burrow listens on IPv4 addresses (0.0.0.0, 127.0.0.1, an address of this host), not ${JSON.stringify(named)}`);
  }
  const portText = m[2] ?? '';
  const port = portText === '' ? (tls ? DEFAULT_PORT.tls : DEFAULT_PORT.plain) : Number(portText);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new InvalidParameterError(`invalid -H ${JSON.stringify(text)}: port must be 1-65535`);
  return { kind: 'tcp', url: `tcp://${host}:${port}`, host, port, bindHost: host === '0.0.0.0' ? host : '127.0.0.1' };
}

/** One -H value. `defaultSocket` serves `unix://` with no path, as dockerd's default does. */
export function parseHost(text: string, defaultSocket: string, tls: boolean): HostListener {
  const sep = text.indexOf('://');
  const proto = sep < 0 ? 'tcp' : text.slice(0, sep);
  const address = sep < 0 ? text : text.slice(sep + 3);
  switch (proto) {
    case 'unix':
      if (address === '') return { kind: 'unix', path: defaultSocket };
      if (!address.startsWith('/')) throw new InvalidParameterError(`invalid -H ${JSON.stringify(text)}: a unix socket needs an absolute path (unix:///run/user/1000/docker.sock)`);
      return { kind: 'unix', path: address };
    case 'tcp':
      return parseTcp(text, address, tls);
    case 'fd':
      throw new InvalidParameterError(`invalid -H ${JSON.stringify(text)}: systemd socket activation is not supported; Burrow's unit listens on unix://$XDG_RUNTIME_DIR/docker.sock itself`);
    default:
      throw new InvalidParameterError(`invalid -H ${JSON.stringify(text)}: unsupported protocol ${JSON.stringify(proto)} (unix:// or tcp://)`);
  }
}

const INSECURE = [
  'Binding to IP address without --tlsverify is insecure and gives root access on this machine to everyone who has access to your network.',
  'Binding to an IP address, even on localhost, can also give access to scripts run in a browser. Be safe out there!',
];

/**
 * Every -H with the TLS settings resolved as dockerd resolves them: --tlsverify (or
 * DOCKER_TLS_VERIFY) turns TLS on, files default to $DOCKER_CERT_PATH or ~/.docker. A tcp://
 * listener without client verification needs an explicit --tls=false or --tlsverify=false: dockerd
 * only warns (and waits 15 s) unless the address is loopback; Burrow refuses, loopback included,
 * since on a shared host any local user could otherwise drive this user's daemon.
 */
export function planListeners(hosts: readonly string[], choice: TlsChoice, env: NodeJS.ProcessEnv, home: string, defaultSocket: string): ListenerPlan {
  const verify = choice.tlsVerify ?? (env.DOCKER_TLS_VERIFY !== undefined && env.DOCKER_TLS_VERIFY !== '');
  const tls = choice.tlsVerify !== undefined || verify || (choice.tls ?? false);
  const listeners = (hosts.length > 0 ? hosts : [`unix://${defaultSocket}`]).map((h) => parseHost(h, defaultSocket, tls));
  const seen = new Set<string>();
  for (const l of listeners) {
    const key = l.kind === 'unix' ? l.path : `:${l.port}`;
    if (seen.has(key)) throw new InvalidParameterError(`-H lists ${l.kind === 'unix' ? l.path : `port ${l.port}`} twice`);
    seen.add(key);
  }
  const tcp = listeners.filter((l): l is TcpListener => l.kind === 'tcp');
  const warnings: ListenerWarning[] = [];
  if (tcp.length > 0 && !verify) {
    if (choice.tls === undefined && choice.tlsVerify === undefined) {
      throw new InvalidParameterError(
        `refusing to listen on ${tcp.map((l) => l.url).join(', ')} without TLS client verification: anyone who can connect would control this daemon, and with it everything your user can do`,
        {
          hint: 'Serve TLS and require client certificates signed by your CA, as the reference\'s "Expose Docker API socket through TCP" does:\n' +
            '  burrow daemon -H tcp://0.0.0.0:2376 --tlsverify --tlscacert=ca.pem --tlscert=cert.pem --tlskey=key.pem\n' +
            'or reach the daemon over SSH (docker -H ssh://user@host), or accept the risk explicitly with --tls=false or --tlsverify=false.',
        },
      );
    }
    for (const l of tcp) warnings.push(...INSECURE.map((msg) => ({ msg, host: l.url })));
  }
  if (!tls || tcp.length === 0) return { listeners, warnings };
  const dir = env.DOCKER_CERT_PATH || join(home, '.docker');
  return {
    listeners,
    warnings,
    tls: {
      verify,
      cert: choice.cert ?? join(dir, 'cert.pem'),
      key: choice.key ?? join(dir, 'key.pem'),
      ...(verify || choice.caCert !== undefined ? { ca: choice.caCert ?? join(dir, 'ca.pem') } : {}),
    },
  };
}

async function readPem(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    throw new InvalidParameterError(`could not read ${what} "${path}": ${errorMessage(err)}`, {
      hint: 'give the file with --tlscacert/--tlscert/--tlskey (or daemon.json "tlscacert"/"tlscert"/"tlskey"), or put ca.pem, cert.pem and key.pem in $DOCKER_CERT_PATH (default ~/.docker)',
    });
  }
}

/** The PEM files, read and checked (a key that does not match its certificate fails here, not at the first client). */
export async function loadTls(paths: TlsPaths): Promise<TlsMaterial> {
  const [cert, key, ca] = await Promise.all([
    readPem(paths.cert, 'TLS certificate'),
    readPem(paths.key, 'TLS key'),
    paths.ca === undefined ? undefined : readPem(paths.ca, 'CA certificate'),
  ]);
  const material: TlsMaterial = { cert, key, verify: paths.verify, ...(ca !== undefined ? { ca } : {}) };
  try {
    createSecureContext({ cert, key, ...(ca !== undefined ? { ca } : {}) });
  } catch (err) {
    throw new InvalidParameterError(`invalid TLS configuration: ${errorMessage(err)} (certificate ${paths.cert}, key ${paths.key}${paths.ca ? `, CA ${paths.ca}` : ''})`);
  }
  return material;
}

/**
 * The port-driver specs that bring tcp:// listeners to the host: the reference asks for
 * DOCKERD_ROOTLESS_ROOTLESSKIT_FLAGS="-p 0.0.0.0:2376:2376/tcp"; a listener no such spec covers is
 * published on its own address, since a listener the host cannot reach is never what was meant.
 */
export function apiPortSpecs(listeners: readonly HostListener[], published: readonly PortSpec[]): PortSpec[] {
  return listeners
    .filter((l): l is TcpListener => l.kind === 'tcp')
    .filter((l) => !published.some((p) => p.proto.startsWith('tcp') && p.childPort === l.port))
    .map((l) => ({ proto: 'tcp', parentIP: l.host, parentPort: l.port, childPort: l.port }));
}
