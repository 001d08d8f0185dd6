// The builtin driver's parent against a dialer that connects on the host, so listening, splicing,
// half-close, conflicts and removal are exercised on real sockets without namespaces.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket, type Socket as DgramSocket } from 'node:dgram';
import { connect, createServer, type Socket } from 'node:net';
import { createLogger } from '../../../../src/base/log.js';
import { BuiltinPortDriver } from '../../../../src/rootless/port/builtin/parent.js';

const logger = createLogger({ level: 'error', write: () => undefined });
const hostDialer = {
  dial: (host: string, port: number) => new Promise<Socket>((resolve, reject) => {
    const s = connect({ host, port, allowHalfOpen: true });
    s.once('connect', () => { resolve(s); }).once('error', reject);
  }),
  udp: () => new Promise<DgramSocket>((resolve) => {
    const s = createSocket('udp4');
    s.bind(0, '127.0.0.1', () => { resolve(s); });
  }),
};

async function backend(): Promise<{ port: number; close(): void }> {
  // replies after the client half-closes: proves the forward passes FIN and keeps the reverse open
  const server = createServer({ allowHalfOpen: true }, (c) => {
    let got = '';
    c.on('data', (d) => (got += d.toString()));
    c.on('end', () => c.end(`got:${got}`));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { port: (server.address() as { port: number }).port, close: () => server.close() };
}

function roundTrip(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const c = connect({ host: '127.0.0.1', port, allowHalfOpen: true });
    let got = '';
    c.on('connect', () => c.end(text));
    c.on('data', (d) => (got += d.toString()));
    c.on('end', () => { resolve(got); });
    c.on('error', reject);
  });
}

test('forwards, half-closes, lists, refuses duplicates and removes', async () => {
  const b = await backend();
  const driver = new BuiltinPortDriver({ dialer: hostDialer, logger, unprivilegedPortStart: () => Promise.resolve(1024) });
  try {
    const st = await driver.add({ proto: 'tcp', parentIP: '127.0.0.1', parentPort: 34567, childPort: b.port });
    assert.equal(await roundTrip(34567, 'ping'), 'got:ping');
    assert.deepEqual(driver.list().map((p) => p.id), [st.id]);
    await assert.rejects(driver.add({ proto: 'tcp', parentIP: '127.0.0.1', parentPort: 34567, childPort: b.port }), { message: `conflict with ID ${st.id}` });
    await driver.remove(st.id);
    await assert.rejects(roundTrip(34567, 'x'), /ECONNREFUSED/);
    await assert.rejects(driver.remove(st.id), /no such port/);
  } finally {
    await driver.dispose();
    b.close();
  }
});

/** A backend that sends `size` bytes to each client and closes, like a container that replies and exits. */
async function sender(size: number): Promise<{ port: number; close(): void }> {
  const server = createServer((c) => { c.end(Buffer.alloc(size, 7)); });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { port: (server.address() as { port: number }).port, close: () => server.close() };
}

test('removing a forward stops new connections but lets one in flight deliver the rest of its reply', async () => {
  const size = 8 * 1024 * 1024;
  const b = await sender(size);
  const driver = new BuiltinPortDriver({ dialer: hostDialer, logger, unprivilegedPortStart: () => Promise.resolve(1024) });
  try {
    const st = await driver.add({ proto: 'tcp', parentIP: '127.0.0.1', parentPort: 34570, childPort: b.port });
    const c = connect({ host: '127.0.0.1', port: 34570 });
    let got = 0;
    const ended = new Promise<void>((resolve, reject) => {
      c.on('end', resolve).on('error', reject);
    });
    // the reply is under way when the forward goes, as when a container exits after writing
    await new Promise<void>((resolve) => c.once('data', (d: Buffer) => { got += d.length; c.pause(); resolve(); }));
    await driver.remove(st.id);
    await assert.rejects(roundTrip(34570, 'x'), /ECONNREFUSED/);
    c.on('data', (d: Buffer) => { got += d.length; });
    c.resume();
    await ended;
    assert.equal(got, size);
  } finally {
    await driver.dispose();
    b.close();
  }
});

test('dispose ends the connections still open', async () => {
  const b = await backend();
  const driver = new BuiltinPortDriver({ dialer: hostDialer, logger, unprivilegedPortStart: () => Promise.resolve(1024) });
  try {
    await driver.add({ proto: 'tcp', parentIP: '127.0.0.1', parentPort: 34571, childPort: b.port });
    const c = connect({ host: '127.0.0.1', port: 34571 });
    c.on('error', () => undefined);
    await new Promise<void>((resolve) => c.once('connect', resolve));
    c.write('held open');
    const closed = new Promise<void>((resolve) => c.once('close', () => { resolve(); }));
    await new Promise((r) => setTimeout(r, 100));
    await driver.dispose();
    await closed;
  } finally {
    b.close();
  }
});

test('an address in use is a conflict with Go-style wording', async () => {
  const b = await backend();
  const driver = new BuiltinPortDriver({ dialer: hostDialer, logger, unprivilegedPortStart: () => Promise.resolve(1024) });
  try {
    await assert.rejects(driver.add({ proto: 'tcp', parentIP: '127.0.0.1', parentPort: b.port, childPort: 1 }), {
      message: `listen tcp4 127.0.0.1:${b.port}: bind: address already in use`,
    });
  } finally {
    await driver.dispose();
    b.close();
  }
});

test('a protocol the driver does not forward (sctp) is refused, not silently accepted', async () => {
  const driver = new BuiltinPortDriver({ dialer: hostDialer, logger, unprivilegedPortStart: () => Promise.resolve(1024) });
  await assert.rejects(driver.add({ proto: 'sctp' as 'tcp', parentIP: '0.0.0.0', parentPort: 40000, childPort: 53 }), /unknown proto: "sctp"/);
});

test('a privileged port refused by the kernel gets the reference message', { skip: process.getuid?.() === 0 ? 'root may bind port 80' : false }, async () => {
  const driver = new BuiltinPortDriver({ dialer: hostDialer, logger, unprivilegedPortStart: () => Promise.resolve(1024) });
  await assert.rejects(driver.add({ proto: 'tcp', parentIP: '0.0.0.0', parentPort: 80, childPort: 80 }), /^Error: cannot expose privileged port 80/);
});

test('udp: datagrams go to the target and each client gets its own replies', async () => {
  const echo = createSocket('udp4');
  echo.on('message', (m, peer) => { echo.send(`echo:${m.toString()}`, peer.port, peer.address); });
  await new Promise<void>((r) => echo.bind(0, '127.0.0.1', r));
  const driver = new BuiltinPortDriver({ dialer: hostDialer, logger, unprivilegedPortStart: () => Promise.resolve(1024) });
  const probe = createSocket('udp4');
  await new Promise<void>((r) => probe.bind(0, '127.0.0.1', r));
  const parentPort = probe.address().port;
  probe.close();
  await driver.add({ proto: 'udp4', parentIP: '127.0.0.1', parentPort, childIP: '127.0.0.1', childPort: echo.address().port });
  const ask = (text: string): Promise<string> => new Promise((resolve) => {
    const c = createSocket('udp4');
    c.on('message', (m) => { c.close(); resolve(m.toString()); });
    c.send(text, parentPort, '127.0.0.1');
  });
  assert.deepEqual(await Promise.all([ask('a'), ask('b')]), ['echo:a', 'echo:b']);
  assert.deepEqual(driver.list().map((p) => p.spec.proto), ['udp4']);
  await driver.dispose();
  echo.close();
});
