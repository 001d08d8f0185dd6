// The builtin port driver's parent: listens on the host and, per connection, has the child dial
// the target inside the namespace and hand the socket back; bytes are then relayed between the
// two sockets (tcp-relay.ts), half-close aware. Listening happens in the host's user namespace, so host rules
// for privileged ports apply, and a refusal gets the reference's explanation.
import { createSocket, type Socket as DgramSocket } from 'node:dgram';
import { createServer } from 'node:net';
import { isIPv6 } from 'node:net';
import { ConflictError, NotFoundError, errnoCode } from '../../../base/errors.js';
import type { Logger } from '../../../base/log.js';
import type { PortDriver } from '../driver.js';
import { privilegedPortError } from '../privileged-port.js';
import { validatePortSpec, type PortSpec, type PortStatus, type Proto } from '../spec.js';
import type { Dialer } from './dialer.js';
import { TcpRelays } from './tcp-relay.js';

interface Forward {
  status: PortStatus;
  close(): Promise<void>;
}

export interface BuiltinOptions {
  dialer: Dialer;
  logger: Logger;
  /** Reads /proc/sys/net/ipv4/ip_unprivileged_port_start when a bind is refused. */
  unprivilegedPortStart: () => Promise<number>;
}

/** A UDP flow with no datagram either way for this long is dropped, as conntrack does. */
const UDP_IDLE_MS = 60_000;

function listenNetwork(spec: PortSpec): string {
  const family = spec.proto.endsWith('6') || (!spec.proto.endsWith('4') && isIPv6(spec.parentIP)) ? '6' : '4';
  return `${spec.proto.startsWith('udp') ? 'udp' : 'tcp'}${family}`;
}

export class BuiltinPortDriver implements PortDriver {
  readonly name = 'builtin';
  readonly protos: readonly Proto[] = ['tcp', 'tcp4', 'tcp6', 'udp', 'udp4', 'udp6'];
  private readonly forwards = new Map<number, Forward>();
  private nextId = 1;
  private readonly relays: TcpRelays;

  constructor(private readonly opts: BuiltinOptions) {
    this.relays = new TcpRelays(opts.logger);
  }

  async add(spec: PortSpec): Promise<PortStatus> {
    validatePortSpec(spec);
    for (const f of this.forwards.values()) {
      const s = f.status.spec;
      if (s.proto === spec.proto && s.parentIP === spec.parentIP && s.parentPort === spec.parentPort) {
        throw new ConflictError(`conflict with ID ${f.status.id}`);
      }
    }
    const childHost = spec.childIP ?? (isIPv6(spec.parentIP) || spec.proto.endsWith('6') ? '::1' : '127.0.0.1');
    const close = await (spec.proto.startsWith('udp') ? this.forwardUdp(spec, childHost) : this.forwardTcp(spec, childHost)).catch(async (err: unknown) => {
      throw await this.listenError(spec, err);
    });
    const status: PortStatus = { id: this.nextId++, spec: { ...spec } };
    this.forwards.set(status.id, { status, close });
    this.opts.logger.debug('port forward added', { id: status.id, parent: `${spec.parentIP}:${spec.parentPort}/${spec.proto}`, child: `${childHost}:${spec.childPort}` });
    return status;
  }

  /** The reference's explanation for a refused bind, with dockerd's "listen tcp4 ip:port" form. */
  private async listenError(spec: PortSpec, err: unknown): Promise<unknown> {
    const where = `listen ${listenNetwork(spec)} ${isIPv6(spec.parentIP) ? `[${spec.parentIP}]` : spec.parentIP}:${spec.parentPort}`;
    const code = errnoCode(err);
    if (code === 'EACCES' || code === 'EPERM') {
      const start = await this.opts.unprivilegedPortStart();
      if (spec.parentPort < start) return privilegedPortError(spec.parentPort, start, `${where}: bind: permission denied`);
      return new ConflictError(`${where}: bind: permission denied`);
    }
    if (code === 'EADDRINUSE') return new ConflictError(`${where}: bind: address already in use`);
    return err;
  }

  private async forwardTcp(spec: PortSpec, childHost: string): Promise<() => Promise<void>> {
    const server = createServer({ allowHalfOpen: true, pauseOnConnect: true }, (outer) => {
      this.opts.dialer.dial(childHost, spec.childPort, outer.remoteAddress ?? '').then(
        (inner) => { this.relays.relay(outer, inner); },
        (err: unknown) => {
          this.opts.logger.debug('port forward dial failed', { port: spec.parentPort, error: (err as Error).message });
          outer.destroy();
        },
      );
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host: spec.parentIP, port: spec.parentPort, ipv6Only: spec.proto === 'tcp6' }, () => {
        server.off('error', reject);
        resolve();
      });
    });
    // only the listener closes: connections already made carry on until they end, as with
    // RootlessKit, so a container that writes a reply and exits (which unpublishes its ports)
    // does not have the reply's tail cut off; the listening socket itself is gone at once
    return () => {
      server.close();
      return Promise.resolve();
    };
  }

  /**
   * One socket on the host; per client address and port, a socket in the namespace (from the
   * child, bound to the client's alias) whose replies go back to that client.
   */
  private async forwardUdp(spec: PortSpec, childHost: string): Promise<() => Promise<void>> {
    const outer = createSocket({ type: isIPv6(spec.parentIP) || spec.proto === 'udp6' ? 'udp6' : 'udp4', ipv6Only: spec.proto === 'udp6' });
    const flows = new Map<string, { inner: Promise<DgramSocket>; timer: NodeJS.Timeout }>();
    const drop = (key: string): void => {
      const flow = flows.get(key);
      flows.delete(key);
      if (flow) {
        clearTimeout(flow.timer);
        void flow.inner.then((s) => { s.close(); }, () => undefined);
      }
    };
    const touch = (key: string): void => {
      const flow = flows.get(key);
      if (flow) flow.timer.refresh();
    };
    outer.on('message', (msg, peer) => {
      const key = `${peer.address}|${peer.port}`;
      let flow = flows.get(key);
      if (!flow) {
        const inner = this.opts.dialer.udp(childHost, spec.childPort, peer.address).then((s) => {
          s.on('message', (reply, from) => {
            if (from.address !== childHost || from.port !== spec.childPort) return;
            touch(key);
            outer.send(reply, peer.port, peer.address);
          });
          s.on('error', () => { drop(key); });
          return s;
        });
        flow = { inner, timer: setTimeout(() => { drop(key); }, UDP_IDLE_MS).unref() };
        flows.set(key, flow);
        inner.catch((err: unknown) => {
          this.opts.logger.debug('udp forward failed', { port: spec.parentPort, error: (err as Error).message });
          drop(key);
        });
      }
      touch(key);
      void flow.inner.then((s) => { s.send(msg, spec.childPort, childHost); }, () => undefined);
    });
    await new Promise<void>((resolve, reject) => {
      outer.once('error', reject);
      outer.bind({ address: spec.parentIP, port: spec.parentPort, exclusive: true }, () => {
        outer.off('error', reject);
        outer.on('error', (err) => { this.opts.logger.debug('udp forward socket error', { port: spec.parentPort, error: err.message }); });
        resolve();
      });
    });
    return async () => {
      for (const key of [...flows.keys()]) drop(key);
      await new Promise<void>((resolve) => outer.close(() => { resolve(); }));
    };
  }

  list(): PortStatus[] {
    return [...this.forwards.values()].map((f) => f.status);
  }

  async remove(id: number): Promise<void> {
    const f = this.forwards.get(id);
    if (!f) throw new NotFoundError(`no such port: ${id}`);
    this.forwards.delete(id);
    await f.close();
  }

  async dispose(): Promise<void> {
    await Promise.all([...this.forwards.keys()].map((id) => this.remove(id)));
    await this.relays.close();
  }
}
