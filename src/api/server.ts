// The HTTP server behind the Engine API socket. Timeouts follow dockerd: no request deadline (an
// upload for `docker load` or `docker cp` may take longer than Node's 300 s default) and generous
// keep-alive, since the docker CLI and docker-py reuse connections.
import { createServer, ServerResponse, type IncomingMessage, type RequestListener, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { chmod, lstat, rename, rm } from 'node:fs/promises';
import { errorMessage } from '../base/errors.js';
import type { Logger } from '../base/log.js';
import { claimSocketPath } from './unix-socket.js';

export interface EngineServer {
  readonly server: Server;
  /** Listens on a unix socket, refusing one another live daemon serves; chmods it to `mode`. */
  listen(socketPath: string, mode?: number): Promise<void>;
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
  const server = createServer({ requestTimeout: 0, keepAliveTimeout: options.keepAliveTimeoutMs ?? 30_000 }, listener);
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
  const closeGraceMs = options.closeGraceMs ?? 5_000;
  // Every socket, including ones later hijacked for attach/exec, which http.Server no longer tracks
  // but which would still keep close() waiting.
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });

  let listening: { path: string; ino: number } | undefined;
  const close = async (graceMs = closeGraceMs): Promise<void> => {
    // another daemon may have taken the path over since (after this one lost its parent): its socket stays
    if (listening) {
      const { path, ino } = listening;
      listening = undefined;
      if ((await lstat(path).catch(() => undefined))?.ino === ino) await rm(path, { force: true });
    }
    if (!server.listening) return;
    const closed = new Promise<void>((resolve) => server.close(() => { resolve(); }));
    server.closeIdleConnections();
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
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(bound, () => {
        server.off('error', reject);
        resolve();
      });
    });
    // Later errors (accept failing with EMFILE, …) must not kill the daemon through an unhandled 'error'.
    server.on('error', (err) => { logger.error(`API server error: ${errorMessage(err)}`); });
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

  return { server, listen, close };
}
