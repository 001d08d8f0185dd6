// A forwarded TCP connection's bytes. Node copies them while they are few (requests and
// responses: one process serving every connection answers them fastest); a connection that turns
// out to be a bulk transfer is handed to socat, whose read/write loop moves ~2.5× what a node pipe
// does (22 vs 9 Gbit/s through a loopback relay on the CI machine), so a published port is no
// longer capped by the engine's JavaScript.
import type { Socket } from 'node:net';
import type { Logger } from '../../../base/log.js';
import { findBinary } from '../../../host/binaries.js';
import { HostPaths } from '../../../host/host-paths.js';
import { spawnOwned, type OwnedProcess } from '../../../process/spawn-owned.js';

/** Bytes a connection carries through node before it is treated as bulk. */
export const BULK_BYTES = 4 * 1024 * 1024;

/** socat's read size: 256 KiB moved 16, 1 MiB 18.7 Gbit/s ctr->host through a published port here. */
const MOVER_BUFFER = String(1024 * 1024);

/** How socat is started: its path and the options for each socket. */
interface Mover {
  path: string;
  socketOptions: string;
}

/**
 * socat's options for both sockets. nonblock=0: the descriptors come from node, non-blocking, and
 * socat answers EAGAIN by sleeping, so a write larger than the send buffer stalled a transfer
 * to under 1 Gbit/s. sndbuf: where the host lets a socket ask for more than TCP autotuning would
 * grow to (net.core.wmem_max × 2 > tcp_wmem's maximum), asking for it moved ctr->host from 19 to
 * 23 Gbit/s here; elsewhere autotuning is left alone, since a fixed small buffer would cap a
 * distant client's throughput.
 */
export async function moverSocketOptions(host: HostPaths): Promise<string> {
  const max = Number(await host.readTrim('/proc/sys/net/core/wmem_max'));
  const autotuned = Number((await host.readTrim('/proc/sys/net/ipv4/tcp_wmem'))?.split(/\s+/)[2]);
  return max * 2 > autotuned ? `,nonblock=0,sndbuf=${max}` : ',nonblock=0';
}

/** libuv's stream handle under a net.Socket: the only way to stop reading without node starting again. */
interface StreamHandle {
  readStop(): number;
}

function handleOf(socket: Socket): StreamHandle | undefined {
  return (socket as unknown as { _handle?: StreamHandle | null })._handle ?? undefined;
}

/** Resolves once everything written to `socket` so far has reached the kernel. */
function flushed(socket: Socket): Promise<void> {
  if (socket.writableFinished || socket.destroyed) return Promise.resolve();
  if (socket.writableEnded) return new Promise((resolve) => socket.once('finish', resolve).once('close', resolve));
  return new Promise((resolve) => {
    socket.write(Buffer.alloc(0), () => { resolve(); });
  });
}

export class TcpRelays {
  private readonly sockets = new Set<Socket>();
  private readonly movers = new Set<OwnedProcess>();
  private socat: Promise<Mover | undefined> | undefined;

  constructor(private readonly logger: Logger, private readonly bulkBytes = BULK_BYTES) {}

  /** How to start socat, looked up once; without it every connection stays with node, only slower. */
  private mover(): Promise<Mover | undefined> {
    this.socat ??= (async () => {
      const host = new HostPaths();
      const path = await findBinary(host, process.env, 'socat');
      if (path === undefined) {
        this.logger.info('socat not found: published ports relay bulk transfers in node, at about half the speed (apt-get install socat)');
        return undefined;
      }
      return { path, socketOptions: await moverSocketOptions(host) };
    })();
    return this.socat;
  }

  /** Copies between a client's connection and the one dialled in the namespace, half-close aware. */
  relay(outer: Socket, inner: Socket): void {
    // sockets that arrive over IPC are made without allowHalfOpen; a container that closes its
    // sending side must still receive the rest of the client's data
    inner.allowHalfOpen = true;
    this.sockets.add(outer).add(inner);
    const done = (): void => {
      outer.destroy();
      inner.destroy();
      this.sockets.delete(outer);
      this.sockets.delete(inner);
    };
    outer.on('error', done).on('close', done);
    inner.on('error', done).on('close', done);
    outer.pipe(inner);
    inner.pipe(outer);
    let bulk = false;
    const measure = (): void => {
      if (bulk || outer.bytesRead + inner.bytesRead < this.bulkBytes) return;
      bulk = true;
      void this.handOff(outer, inner).catch((err: unknown) => {
        this.logger.debug('handing a connection to socat failed', { error: (err as Error).message });
        done();
      });
    };
    outer.on('data', measure);
    inner.on('data', measure);
    outer.resume();
    inner.resume();
  }

  /**
   * Stops node reading both sockets (the kernel keeps what arrives next), writes out what node
   * had already read, waits until it is all in the kernel, then gives both descriptors to socat.
   * readStop is called on the handles directly: Socket.pause() alone lets node read on until its
   * buffer is full, and a read restarted later would put bytes out of order.
   */
  private async handOff(outer: Socket, inner: Socket): Promise<void> {
    const socat = await this.mover();
    const handles = [handleOf(outer), handleOf(inner)];
    if (socat === undefined || handles.some((h) => h === undefined)) return;
    // node only restarts a read when its handle says it is not reading, and this leaves that mark set
    for (const h of handles) h?.readStop();
    outer.unpipe(inner);
    inner.unpipe(outer);
    outer.pause();
    inner.pause();
    for (const [from, to] of [[outer, inner], [inner, outer]] as const) {
      for (let chunk = from.read() as Buffer | null; chunk !== null; chunk = from.read() as Buffer | null) to.write(chunk);
    }
    await Promise.all([flushed(outer), flushed(inner)]);
    if (outer.destroyed || inner.destroyed) return;
    // shut-down: an EOF read on one side becomes shutdown(SHUT_WR) on the other (socat does
    // nothing for a bare FD otherwise, and the peer would wait forever); -t: after one side's EOF,
    // wait for the other direction as long as it lasts (the default 0.5 s would cut a slow reply)
    const sides = [`FD:3,shut-down${socat.socketOptions}`, `FD:4,shut-down${socat.socketOptions}`];
    const mover = spawnOwned(socat.path, ['-b', MOVER_BUFFER, '-t', '86400', ...sides], {
      name: 'socat',
      stdio: ['ignore', 'ignore', 'pipe', outer, inner],
      graceMs: 1_000,
    });
    this.movers.add(mover);
    void mover.exited.then(() => { this.movers.delete(mover); });
    // socat holds its own copies now; closing node's does not touch the connection
    outer.destroy();
    inner.destroy();
  }

  /** Ends every connection, node's and socat's. */
  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await Promise.all([...this.movers].map(async (m) => { await m.dispose(); }));
  }
}
