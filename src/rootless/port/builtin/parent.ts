// The builtin port driver's parent: listens on the host and, per connection, has the child dial
// the target inside the namespace and hand the socket back; bytes are then copied between the two
// sockets here, half-close aware. Listening happens in the host's user namespace, so host rules
// for privileged ports apply, and a refusal gets the reference's explanation.
import { createServer, type Server, type Socket } from 'node:net';
import { isIPv6 } from 'node:net';
import { ConflictError, NotFoundError, NotImplementedError, errnoCode } from '../../../base/errors.js';
import type { Logger } from '../../../base/log.js';
import type { PortDriver } from '../driver.js';
import { privilegedPortError } from '../privileged-port.js';
import { validatePortSpec, type PortSpec, type PortStatus, type Proto } from '../spec.js';
import type { Dialer } from './dialer.js';

interface Forward {
  status: PortStatus;
  server: Server;
  conns: Set<Socket>;
}

export interface BuiltinOptions {
  dialer: Dialer;
  logger: Logger;
  /** Reads /proc/sys/net/ipv4/ip_unprivileged_port_start when a bind is refused. */
  unprivilegedPortStart: () => Promise<number>;
}

function listenNetwork(spec: PortSpec): string {
  if (spec.proto === 'tcp4' || spec.proto === 'tcp6') return spec.proto;
  return isIPv6(spec.parentIP) ? 'tcp6' : 'tcp4';
}

function splice(outer: Socket, inner: Socket, conns: Set<Socket>): void {
  // sockets that arrive over IPC are made without allowHalfOpen; a container that closes its
  // sending side must still receive the rest of the client's data
  inner.allowHalfOpen = true;
  conns.add(outer).add(inner);
  const done = (): void => {
    outer.destroy();
    inner.destroy();
    conns.delete(outer);
    conns.delete(inner);
  };
  outer.on('error', done).on('close', done);
  inner.on('error', done).on('close', done);
  outer.pipe(inner);
  inner.pipe(outer);
  outer.resume();
  inner.resume();
}

export class BuiltinPortDriver implements PortDriver {
  readonly name = 'builtin';
  readonly protos: readonly Proto[] = ['tcp', 'tcp4', 'tcp6'];
  private readonly forwards = new Map<number, Forward>();
  private nextId = 1;

  constructor(private readonly opts: BuiltinOptions) {}

  async add(spec: PortSpec): Promise<PortStatus> {
    validatePortSpec(spec);
    if (!this.protos.includes(spec.proto)) {
      throw new NotImplementedError(`proto ${spec.proto} is not supported by the builtin port driver yet (supported: ${this.protos.join(', ')})`);
    }
    for (const f of this.forwards.values()) {
      const s = f.status.spec;
      if (s.proto === spec.proto && s.parentIP === spec.parentIP && s.parentPort === spec.parentPort) {
        throw new ConflictError(`conflict with ID ${f.status.id}`);
      }
    }
    const conns = new Set<Socket>();
    const childHost = spec.childIP ?? (isIPv6(spec.parentIP) || spec.proto === 'tcp6' ? '::1' : '127.0.0.1');
    const server = createServer({ allowHalfOpen: true, pauseOnConnect: true }, (outer) => {
      this.opts.dialer.dial(childHost, spec.childPort).then(
        (inner) => { splice(outer, inner, conns); },
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
    }).catch(async (err: unknown) => {
      const net = listenNetwork(spec);
      const where = `listen ${net} ${isIPv6(spec.parentIP) ? `[${spec.parentIP}]` : spec.parentIP}:${spec.parentPort}`;
      const code = errnoCode(err);
      if (code === 'EACCES' || code === 'EPERM') {
        const start = await this.opts.unprivilegedPortStart();
        if (spec.parentPort < start) throw privilegedPortError(spec.parentPort, start, `${where}: bind: permission denied`);
        throw new ConflictError(`${where}: bind: permission denied`);
      }
      if (code === 'EADDRINUSE') throw new ConflictError(`${where}: bind: address already in use`);
      throw err;
    });
    const status: PortStatus = { id: this.nextId++, spec: { ...spec } };
    this.forwards.set(status.id, { status, server, conns });
    this.opts.logger.debug('port forward added', { id: status.id, parent: `${spec.parentIP}:${spec.parentPort}`, child: `${childHost}:${spec.childPort}` });
    return status;
  }

  list(): PortStatus[] {
    return [...this.forwards.values()].map((f) => f.status);
  }

  async remove(id: number): Promise<void> {
    const f = this.forwards.get(id);
    if (!f) throw new NotFoundError(`no such port: ${id}`);
    this.forwards.delete(id);
    for (const c of f.conns) c.destroy();
    await new Promise<void>((resolve) => f.server.close(() => { resolve(); }));
  }

  async dispose(): Promise<void> {
    await Promise.all([...this.forwards.keys()].map((id) => this.remove(id)));
  }
}
