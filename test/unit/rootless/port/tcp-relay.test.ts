// The relay of a forwarded TCP connection on real loopback sockets, with a bulk threshold low
// enough that the hand-over to socat happens while bytes are in flight both ways: nothing may be
// lost, duplicated or reordered, EOF must cross in both directions, and close() must end
// connections socat has taken over.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '../../../../src/base/log.js';
import { HostPaths } from '../../../../src/host/host-paths.js';
import { TcpRelays, moverSocketOptions } from '../../../../src/rootless/port/builtin/tcp-relay.js';

const logger = createLogger({ level: 'error', write: () => undefined });

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => { resolve((server.address() as { port: number }).port); }));
}

/** An echo server behind a relay; returns the relay's port. */
async function relayedEcho(relays: TcpRelays): Promise<{ port: number; close(): void }> {
  const echo = createServer({ allowHalfOpen: true }, (c) => c.pipe(c));
  const echoPort = await listen(echo);
  const front = createServer({ allowHalfOpen: true, pauseOnConnect: true }, (outer) => {
    const inner = connect({ host: '127.0.0.1', port: echoPort, allowHalfOpen: true });
    inner.once('connect', () => { relays.relay(outer, inner); });
  });
  const port = await listen(front);
  return { port, close: () => { front.close(); echo.close(); } };
}

function collect(socket: Socket): Promise<Buffer> {
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('end', () => { resolve(Buffer.concat(chunks)); });
    socket.on('error', reject);
  });
}

async function echoesWhole(relays: TcpRelays): Promise<void> {
  const server = await relayedEcho(relays);
  try {
    const sent = randomBytes(3 * 1024 * 1024);
    const client = connect({ host: '127.0.0.1', port: server.port, allowHalfOpen: true });
    const echoed = collect(client);
    // small writes spread over time, so node has data read but not yet written when it hands off
    for (let at = 0; at < sent.length; at += 16 * 1024) {
      if (!client.write(sent.subarray(at, at + 16 * 1024))) await new Promise((r) => client.once('drain', r));
    }
    client.end();
    const back = await echoed;
    assert.equal(back.length, sent.length);
    assert.ok(back.equals(sent), 'the echo differs from what was sent');
  } finally {
    await relays.close();
    server.close();
  }
}

test('a connection handed to socat mid-stream keeps every byte in order, and EOF crosses both ways', async () => {
  await echoesWhole(new TcpRelays(logger, 1000));
});

test('without socat on PATH, a bulk connection stays with node and still arrives whole', async () => {
  const path = process.env.PATH;
  process.env.PATH = '/nonexistent';
  try {
    await echoesWhole(new TcpRelays(logger, 1000));
  } finally {
    process.env.PATH = path;
  }
});

test('close() ends connections that socat carries', async () => {
  const relays = new TcpRelays(logger, 1000);
  const server = await relayedEcho(relays);
  try {
    const client = connect({ host: '127.0.0.1', port: server.port });
    let echoed = 0;
    const moved = new Promise<void>((resolve) => {
      client.on('data', (c: Buffer) => { echoed += c.length; if (echoed >= 64 * 1024) resolve(); });
    });
    const closed = new Promise<void>((resolve) => { client.once('close', () => { resolve(); }); });
    client.on('error', () => undefined);
    client.write(randomBytes(64 * 1024));
    await moved;
    await relays.close();
    await closed;
    assert.ok(client.destroyed);
  } finally {
    server.close();
  }
});

async function hostWith(wmemMax: string | undefined, tcpWmem: string | undefined): Promise<HostPaths> {
  const root = await mkdtemp(join(tmpdir(), 'relay-host-'));
  await mkdir(join(root, 'proc/sys/net/core'), { recursive: true });
  await mkdir(join(root, 'proc/sys/net/ipv4'), { recursive: true });
  if (wmemMax !== undefined) await writeFile(join(root, 'proc/sys/net/core/wmem_max'), `${wmemMax}\n`);
  if (tcpWmem !== undefined) await writeFile(join(root, 'proc/sys/net/ipv4/tcp_wmem'), `${tcpWmem}\n`);
  return new HostPaths(root);
}

test('socat always gets blocking sockets, and a fixed send buffer only where it beats autotuning', async () => {
  // this machine's values: a socket may ask for 4 MiB (8 MiB after the kernel doubles it)
  assert.equal(await moverSocketOptions(await hostWith('4194304', '4096\t16384\t4194304')), ',nonblock=0,sndbuf=4194304');
  // Debian's defaults: asking would cap the buffer at ~416 KiB, below autotuning's 4 MiB
  assert.equal(await moverSocketOptions(await hostWith('212992', '4096\t16384\t4194304')), ',nonblock=0');
  assert.equal(await moverSocketOptions(await hostWith(undefined, undefined)), ',nonblock=0');
});
