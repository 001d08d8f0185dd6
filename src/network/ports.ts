// Published ports (`-p`, `-P`): what a container asks for, turned into forwards the port driver
// opens on the host through the rootless API, straight to the container's bridge address (one
// copy instead of dockerd's two: rootlesskit's listener plus docker-proxy in the namespace).
import { isIP } from 'node:net';
import { InvalidParameterError, classOf, errorMessage } from '../base/errors.js';
import type { PortSpec, PortStatus } from '../rootless/port/spec.js';

export interface PortBinding {
  HostIp?: string;
  HostPort?: string;
}

/** One forward wanted: container port and protocol, where on the host. */
export interface WantedPort {
  /** "80/tcp" */
  key: string;
  containerPort: number;
  proto: 'tcp' | 'udp';
  hostIp: string;
  /** 0: any free port, as dockerd's allocator picks one. */
  hostPortFrom: number;
  hostPortTo: number;
}

/** A forward that is open. */
export interface PublishedPort {
  key: string;
  id: number;
  hostIp: string;
  hostPort: number;
}

/** The rootless API's port calls (RootlessApiClient). */
export interface PortForwarder {
  addPort(spec: PortSpec): Promise<PortStatus>;
  removePort(id: number): Promise<void>;
}

/** dockerd's range for ports it picks (portallocator's defaults). */
const EPHEMERAL = { from: 49153, to: 60999 };

export function parsePortKey(key: string): { port: number; proto: 'tcp' | 'udp' } {
  const m = /^(\d+)(?:\/(\w+))?$/.exec(key);
  const port = Number(m?.[1]);
  const proto = (m?.[2] ?? 'tcp').toLowerCase();
  if (!m || port < 1 || port > 65535) throw new InvalidParameterError(`invalid port specification: "${key}"`);
  if (proto === 'sctp') throw new InvalidParameterError(`SCTP port ${key} cannot be published: rootless mode's port drivers forward TCP and UDP only`);
  if (proto !== 'tcp' && proto !== 'udp') throw new InvalidParameterError(`invalid proto: ${proto}`);
  return { port, proto };
}

function hostRange(text: string | undefined, key: string): [number, number] {
  if (text === undefined || text === '' || text === '0') return [0, 0];
  const m = /^(\d+)(?:-(\d+))?$/.exec(text);
  const from = Number(m?.[1]);
  const to = m?.[2] === undefined ? from : Number(m[2]);
  if (!m || from < 1 || to > 65535 || to < from) throw new InvalidParameterError(`invalid hostPort: ${text} (for ${key})`);
  return [from, to];
}

/** PortBindings, plus ExposedPorts on free ports with -P, as the forwards to open. */
export function wantedPorts(
  bindings: Record<string, PortBinding[] | null> | null | undefined,
  exposed: Record<string, unknown> | null | undefined,
  publishAll: boolean,
): WantedPort[] {
  const out: WantedPort[] = [];
  const keys = new Set([...Object.keys(bindings ?? {}), ...(publishAll ? Object.keys(exposed ?? {}) : [])]);
  for (const key of keys) {
    const { port, proto } = parsePortKey(key);
    const list = bindings?.[key] ?? [];
    for (const b of list.length > 0 ? list : [{}]) {
      const hostIp = b.HostIp === undefined || b.HostIp === '' ? '0.0.0.0' : b.HostIp;
      if (isIP(hostIp) === 0) throw new InvalidParameterError(`invalid IP address: ${hostIp}`);
      const [from, to] = hostRange(b.HostPort, key);
      out.push({ key: `${port}/${proto}`, containerPort: port, proto, hostIp, hostPortFrom: from, hostPortTo: to });
    }
  }
  return out;
}

function inUse(err: unknown): boolean {
  const kind = classOf(err)?.kind;
  return kind === 'conflict' || /address already in use|conflict with ID/.test(errorMessage(err));
}

/** Opens forwards to one container; a port of its own is tried in its range, a free one otherwise. */
export class PortPublisher {
  private cursor = EPHEMERAL.from;

  constructor(private readonly forwarder: PortForwarder) {}

  async publish(containerIp: string, wanted: readonly WantedPort[]): Promise<PublishedPort[]> {
    const done: PublishedPort[] = [];
    try {
      for (const w of wanted) done.push(await this.open(containerIp, w));
      return done;
    } catch (err) {
      await this.unpublish(done);
      throw err;
    }
  }

  async unpublish(ports: readonly PublishedPort[]): Promise<void> {
    await Promise.all(ports.map((p) => this.forwarder.removePort(p.id).catch(() => undefined)));
  }

  private async open(containerIp: string, w: WantedPort): Promise<PublishedPort> {
    const proto = isIP(w.hostIp) === 6 ? (w.proto === 'tcp' ? 'tcp6' : 'udp6') : (w.proto === 'tcp' ? 'tcp4' : 'udp4');
    const fixed = w.hostPortFrom !== 0;
    const span = fixed ? w.hostPortTo - w.hostPortFrom + 1 : EPHEMERAL.to - EPHEMERAL.from + 1;
    let last: unknown;
    for (let i = 0; i < span; i++) {
      const port = fixed ? w.hostPortFrom + i : this.nextEphemeral();
      try {
        const status = await this.forwarder.addPort({ proto, parentIP: w.hostIp, parentPort: port, childIP: containerIp, childPort: w.containerPort });
        return { key: w.key, id: status.id, hostIp: w.hostIp, hostPort: port };
      } catch (err) {
        // a busy port moves on to the next one in the range; anything else (a privileged port) is final
        if (!inUse(err)) throw err;
        last = err;
      }
    }
    throw last instanceof Error ? last : new InvalidParameterError(`no free host port for ${w.key}`);
  }

  private nextEphemeral(): number {
    const port = this.cursor;
    this.cursor = port >= EPHEMERAL.to ? EPHEMERAL.from : port + 1;
    return port;
  }
}
