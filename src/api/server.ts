// The HTTP server behind the Engine API socket. Timeouts follow dockerd: no request deadline (an
// upload for `docker load` or `docker cp` may take longer than Node's 300 s default) and generous
// keep-alive, since the docker CLI and docker-py reuse connections.
import { createServer, ServerResponse, type IncomingMessage, type RequestListener, type Server } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { Server as NetServer, Socket } from 'node:net';
import { chmod, lstat, rename, rm } from 'node:fs/promises';
import { errorMessage } from '../base/errors.js';
import type { Logger } from '../base/log.js';
import { claimSocketPath } from './unix-socket.js';

/** A TCP listener's TLS: PEM texts. `verify` requires a client certificate signed by `ca` (--tlsverify). */
export interface TlsMaterial {
  cert: string;
  key: string;
  ca?: string;
  verify: boolean;
}

export interface EngineServer {
  /** One per listener, in the order they were added. */
  readonly servers: readonly Server[];
  /** Listens on a unix socket, refusing one another live daemon serves; chmods it to `mode`. */
  listen(socketPath: string, mode?: number): Promise<void>;
  /** Serves on a TCP socket bound elsewhere (in the daemon's network namespace), with TLS when given. */
  serveBound(bound: NetServer, tls?: TlsMaterial): Promise<void>;
  /** Stops listening and removes the socket (if it is still ours); idle connections end now, busy ones after `closeGraceMs`. */
  close(graceMs?: number): Promise<void>;
}

const upgradeBodies = new WeakMap<IncomingMessage, Buffer>();

/** A request's body: the stream, or for an upgraded request what came before the raw stream. */
export function requestBody(req: IncomingMessage): AsyncIterable<Buffer> | Iterable<Buffer> {
  const body = upgradeBodies.get(req);
  return body === undefined ? (req as AsyncIterable<Buffer>) : [body];
}

/** The first `length` bytes after the headers; the rest goes back on the socket for the handler. */
function takeBody(socket: Socket, head: Buffer, length: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    let got = head;
    const settle = (): boolean => {
      if (got.length < length) return false;
      socket.off('data', onData).off('error', reject).off('end', onEnd);
      socket.pause();
      if (got.length > length) socket.unshift(got.subarray(length));
      resolve(got.subarray(0, length));
      return true;
    };
    const onData = (chunk: Buffer): void => {
      got = Buffer.concat([got, chunk]);
      settle();
    };
    const onEnd = (): void => { reject(new Error('connection ended inside the request body')); };
    if (settle()) return;
    socket.on('data', onData).on('error', reject).on('end', onEnd);
  });
}

export interface EngineServerOptions {
  keepAliveTimeoutMs?: number;
  closeGraceMs?: number;
}

export function createEngineServer(listener: RequestListener, logger: Logger, options: EngineServerOptions = {}): EngineServer {
  const closeGraceMs = options.closeGraceMs ?? 5_000;
  const servers: Server[] = [];
  // Every socket, including ones later hijacked for attach/exec, which http.Server no longer tracks
  // but which would still keep close() waiting.
  const sockets = new Set<Socket>();

  const makeServer = (tls?: TlsMaterial): Server => {
    const settings = { requestTimeout: 0, keepAliveTimeout: options.keepAliveTimeoutMs ?? 30_000 };
    // allowHalfOpen: for TLS the client's close_notify (Go's CloseWrite) plays the part of FIN, and
    // without it Node's TLS socket would end itself there, before an attach stream's output is out
    const server: Server = tls
      ? createTlsServer({ ...settings, allowHalfOpen: true, cert: tls.cert, key: tls.key, ...(tls.ca ? { ca: tls.ca } : {}), requestCert: tls.verify, rejectUnauthorized: tls.verify }, listener)
      : createServer(settings, listener);
    // A client that half-closes (the docker CLI shuts its write side down once stdin is done, or at
    // once without -i) must still get the rest of an attach stream: Node's http.Server ends the
    // socket on the client's FIN unless this (long-standing, undocumented) switch is on, in which
    // case the socket lives until the response in flight is finished.
    (server as Server & { httpAllowHalfOpen: boolean }).httpAllowHalfOpen = true;
    // attach and exec ask to upgrade: once Node sees that, it stops parsing the connection, so what
    // the client sends next (its stdin) reaches the handler instead of failing as a bad request.
    // Node leaves the request body (exec start's JSON) on the socket too; it is taken off first.
    // The request runs through the same pipeline; a reply that is not a hijack ends the connection.
    server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
      // Node drops its own error handler from an upgraded socket: without this, a client that goes
      // away mid-stream (EPIPE, ECONNRESET) would be an uncaught error and take the engine down
      socket.on('error', () => { socket.destroy(); });
      void takeBody(socket, head, Number(req.headers['content-length'] ?? '0') || 0).then((body) => {
        upgradeBodies.set(req, body);
        const res = new ServerResponse(req);
        res.shouldKeepAlive = false;
        res.assignSocket(socket);
        res.on('finish', () => { socket.end(); });
        listener(req, res);
      }, () => { socket.destroy(); });
    });
    server.on('connection', (socket: Socket) => {
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
    });
    // a client failing the TLS handshake (no or a foreign certificate) is its own problem, not the daemon's
    server.on('tlsClientError', (err: Error, socket: Socket) => {
      logger.debug('TLS handshake refused', { error: err.message, client: socket.remoteAddress ?? '' });
    });
    return server;
  };

  /** Listens with `start`, then keeps later errors (accept failing with EMFILE, …) from killing the daemon. */
  const start = async (server: Server, begin: (done: () => void) => void): Promise<void> => {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      begin(() => {
        server.off('error', reject);
        resolve();
      });
    });
    server.on('error', (err) => { logger.error(`API server error: ${errorMessage(err)}`); });
    servers.push(server);
  };

  let listening: { path: string; ino: number } | undefined;
  const close = async (graceMs = closeGraceMs): Promise<void> => {
    // another daemon may have taken the path over since (after this one lost its parent): its socket stays
    if (listening) {
      const { path, ino } = listening;
      listening = undefined;
      if ((await lstat(path).catch(() => undefined))?.ino === ino) await rm(path, { force: true });
    }
    const open = servers.filter((s) => s.listening);
    if (open.length === 0) return;
    const closed = Promise.all(open.map((server) => new Promise<void>((resolve) => server.close(() => { resolve(); }))));
    for (const server of open) server.closeIdleConnections();
    const timer = setTimeout(() => {
      for (const socket of sockets) socket.destroy();
    }, graceMs);
    timer.unref();
    await closed;
    clearTimeout(timer);
  };

  const listen = async (socketPath: string, mode = 0o660): Promise<void> => {
    await claimSocketPath(socketPath);
    // Bound under a name of its own and renamed into place: Node unlinks the path it listened on
    // when the server closes, which must not take away a socket another daemon has put there since.
    const bound = `${socketPath}.${process.pid}`;
    await rm(bound, { force: true });
    const server = makeServer();
    await start(server, (done) => server.listen(bound, done));
    try {
      await chmod(bound, mode);
      const { ino } = await lstat(bound);
      await rename(bound, socketPath);
      listening = { path: socketPath, ino };
    } catch (err) {
      await close();
      throw err;
    }
  };

  // Node takes over the bound socket's handle (net.Server.listen(handle)); the binder's own object goes unused.
  const serveBound = async (boundServer: NetServer, tls?: TlsMaterial): Promise<void> => {
    const server = makeServer(tls);
    await start(server, (done) => server.listen(boundServer, done));
  };

  return { servers, listen, serveBound, close };
}
