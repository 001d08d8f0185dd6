// Socket ownership and shutdown of the Engine API server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lstat, rename, writeFile } from 'node:fs/promises';
import { connect, createServer as createNetServer } from 'node:net';
import { ConflictError } from '../../../src/base/errors.js';
import { createRequestListener } from '../../../src/api/request-listener.js';
import { staticHeaders } from '../../../src/api/response-headers.js';
import { route } from '../../../src/api/router.js';
import { createEngineServer } from '../../../src/api/server.js';
import { ENGINE_RELEASE } from '../../../src/system/index.js';
import { KeepAliveClient, captureLogger, makeTestDir, request, startApi } from './wire.js';

async function modeOf(path: string): Promise<number> {
  return (await lstat(path)).mode & 0o777;
}

test('the socket gets mode 0660 by default, or the mode asked for', async () => {
  const run = await startApi();
  try {
    assert.equal(await modeOf(run.socketPath), 0o660);
    assert.ok((await lstat(run.socketPath)).isSocket());
  } finally {
    await run.stop();
  }
  const tmp = await makeTestDir();
  const api = createEngineServer(() => undefined, captureLogger([]));
  try {
    await api.listen(tmp.socketPath, 0o600);
    assert.equal(await modeOf(tmp.socketPath), 0o600);
  } finally {
    await api.close();
    await tmp.remove();
  }
});

test('listen refuses a socket another live process serves, and leaves it alone', async () => {
  const tmp = await makeTestDir();
  const other = createNetServer((s) => s.end());
  await new Promise<void>((resolve) => other.listen(tmp.socketPath, resolve));
  const api = createEngineServer(() => undefined, captureLogger([]));
  try {
    await assert.rejects(api.listen(tmp.socketPath), (err: unknown) =>
      err instanceof ConflictError && err.message === `another daemon is already serving ${tmp.socketPath}`);
    assert.equal(api.servers.length, 0);
    await new Promise<void>((resolve, reject) => {
      const probe = connect(tmp.socketPath, () => { probe.destroy(); resolve(); });
      probe.once('error', reject);
    });
  } finally {
    await new Promise((resolve) => other.close(resolve));
    await tmp.remove();
  }
});

test('listen refuses to replace something that is not a socket', async () => {
  const tmp = await makeTestDir();
  await writeFile(tmp.socketPath, 'precious');
  const api = createEngineServer(() => undefined, captureLogger([]));
  try {
    await assert.rejects(api.listen(tmp.socketPath), (err: unknown) =>
      err instanceof ConflictError && err.message === `${tmp.socketPath} exists and is not a socket; refusing to replace it`);
  } finally {
    await tmp.remove();
  }
});

test('listen replaces a stale socket left by a dead daemon', async () => {
  const tmp = await makeTestDir();
  // A socket file nobody listens on: move a live one aside, then stop its server.
  const dead = createNetServer();
  const aside = `${tmp.dir}/aside.sock`;
  await new Promise<void>((resolve) => dead.listen(aside, resolve));
  await rename(aside, tmp.socketPath);
  await new Promise((resolve) => dead.close(resolve));
  assert.ok((await lstat(tmp.socketPath)).isSocket());

  const listener = createRequestListener({
    routes: [route('GET', '/_ping', (ex) => { ex.text(200, 'OK'); })],
    release: ENGINE_RELEASE,
    headers: staticHeaders({ release: ENGINE_RELEASE, experimental: false }),
    logger: captureLogger([]),
  });
  const api = createEngineServer(listener, captureLogger([]));
  try {
    await api.listen(tmp.socketPath);
    assert.equal((await request(tmp.socketPath, 'GET', '/_ping')).body, 'OK');
  } finally {
    await api.close();
    await tmp.remove();
  }
});

test('close() ends idle keep-alive connections at once', async () => {
  const run = await startApi();
  const client = await KeepAliveClient.open(run.socketPath);
  assert.equal((await client.request('GET', '/_ping')).body, 'OK');
  const started = Date.now();
  await run.api.close();
  await client.closed;
  assert.ok(Date.now() - started < 1_000, `close took ${Date.now() - started} ms`);
  await run.remove();
});

test('close() gives a busy request a grace period, then cuts it off', async () => {
  const tmp = await makeTestDir();
  const listener = createRequestListener({
    routes: [route('GET', '/events', () => new Promise<void>(() => undefined))],
    release: ENGINE_RELEASE,
    headers: staticHeaders({ release: ENGINE_RELEASE, experimental: false }),
    logger: captureLogger([]),
  });
  const api = createEngineServer(listener, captureLogger([]), { closeGraceMs: 100 });
  await api.listen(tmp.socketPath);
  const client = await KeepAliveClient.open(tmp.socketPath);
  client.socket.write('GET /events HTTP/1.1\r\nHost: docker\r\n\r\n');
  await new Promise((resolve) => setTimeout(resolve, 20));
  const started = Date.now();
  await api.close();
  await client.closed;
  const took = Date.now() - started;
  assert.ok(took >= 90 && took < 1_000, `close took ${took} ms`);
  await tmp.remove();
});

test('a server error after listening is logged, not thrown', async () => {
  const tmp = await makeTestDir();
  const logs: string[] = [];
  const api = createEngineServer(() => undefined, captureLogger(logs));
  await api.listen(tmp.socketPath);
  try {
    api.servers[0]?.emit('error', Object.assign(new Error('accept EMFILE'), { code: 'EMFILE' }));
    assert.deepEqual(logs.map((l) => (JSON.parse(l) as { msg: string }).msg), ['API server error: accept EMFILE']);
  } finally {
    await api.close();
    await tmp.remove();
  }
});

test('close() removes its own socket, but not one another daemon has put at the path since', async () => {
  const tmp = await makeTestDir();
  const api = createEngineServer(() => undefined, captureLogger([]));
  await api.listen(tmp.socketPath);
  await api.close();
  await assert.rejects(lstat(tmp.socketPath), { code: 'ENOENT' });

  const old = createEngineServer(() => undefined, captureLogger([]));
  await old.listen(tmp.socketPath);
  // a daemon whose parent died still runs while the next one claims the path
  const next = createNetServer();
  const aside = `${tmp.dir}/next.sock`;
  await new Promise<void>((resolve) => next.listen(aside, resolve));
  await rename(aside, tmp.socketPath);
  try {
    await old.close(0);
    assert.ok((await lstat(tmp.socketPath)).isSocket(), 'the next daemon\'s socket is still there');
  } finally {
    await new Promise((resolve) => next.close(resolve));
    await tmp.remove();
  }
});

test('a client that resets an upgraded (hijacked) connection does not take the server down', async () => {
  const tmp = await makeTestDir();
  let wrote: () => void = () => undefined;
  const writing = new Promise<void>((resolve) => { wrote = resolve; });
  const listener = createRequestListener({
    routes: [
      route('GET', '/_ping', (ex) => { ex.text(200, 'OK'); }),
      route('POST', '/attach', async (ex) => {
        const socket = ex.req.socket;
        socket.write('HTTP/1.1 101 UPGRADED\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n');
        // keeps writing after the client is gone, as an attach stream does until the container exits
        for (let i = 0; i < 50; i++) {
          await new Promise((r) => setTimeout(r, 5));
          socket.write(Buffer.alloc(65536));
        }
        wrote();
      }),
    ],
    release: ENGINE_RELEASE,
    headers: staticHeaders({ release: ENGINE_RELEASE, experimental: false }),
    logger: captureLogger([]),
  });
  const api = createEngineServer(listener, captureLogger([]));
  await api.listen(tmp.socketPath);
  try {
    const client = connect(tmp.socketPath);
    client.write('POST /attach HTTP/1.1\r\nHost: docker\r\nConnection: Upgrade\r\nUpgrade: tcp\r\nContent-Length: 0\r\n\r\n');
    await new Promise((r) => client.once('data', r));
    client.destroy();
    await writing;
    assert.equal((await request(tmp.socketPath, 'GET', '/_ping')).body, 'OK');
  } finally {
    await api.close();
    await tmp.remove();
  }
});
