import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket, type Socket } from 'node:dgram';
import { connect, createServer } from 'node:net';
import dnsPacket from 'dns-packet';
import { createLogger } from '../../../src/base/log.js';
import { EmbeddedDns } from '../../../src/network/dns/index.js';
import { parseResolvConf } from '../../../src/network/dns/upstream.js';

const logger = createLogger({ level: 'error', write: () => undefined });

function bound(): Promise<Socket> {
  return new Promise((resolve) => {
    const s = createSocket('udp4');
    s.bind(0, '127.0.0.1', () => { resolve(s); });
  });
}

/** An upstream that answers every A query with 192.0.2.53, or stays silent. */
async function upstream(silent = false): Promise<{ addr: string; queries: number; close(): void }> {
  const s = await bound();
  const state = { addr: `127.0.0.1:${s.address().port}`, queries: 0, close: () => s.close() };
  s.on('message', (m, peer) => {
    state.queries++;
    if (silent) return;
    const q = dnsPacket.decode(m);
    s.send(dnsPacket.encode({ id: q.id ?? 0, type: 'response', flags: dnsPacket.RECURSION_AVAILABLE, questions: q.questions ?? [], answers: [{ type: 'A', name: q.questions?.[0]?.name ?? '', ttl: 5, data: '192.0.2.53' }] }), peer.port, peer.address);
  });
  return state;
}

function ask(port: number, name: string, type: 'A' | 'AAAA' | 'PTR' = 'A', id = 4242): Promise<dnsPacket.Packet> {
  return new Promise((resolve, reject) => {
    const c = createSocket('udp4');
    const timer = setTimeout(() => { c.close(); reject(new Error('no answer')); }, 4000);
    c.on('message', (m) => { clearTimeout(timer); c.close(); resolve(dnsPacket.decode(m)); });
    c.send(dnsPacket.encode({ id, type: 'query', flags: dnsPacket.RECURSION_DESIRED, questions: [{ type, name }] }), port, '127.0.0.1');
  });
}

function data(p: dnsPacket.Packet): unknown[] {
  return (p.answers ?? []).map((a) => ('data' in a ? a.data : undefined));
}

function rcode(p: dnsPacket.Packet): string | undefined {
  return (p as { rcode?: string }).rcode;
}

const names: Record<string, string[]> = { web: ['172.18.0.2'], svc: ['172.18.0.2', '172.18.0.3'] };
const servers: { close(): void }[] = [];
after(() => { for (const s of servers) s.close(); });

async function dns(upstreams: string[], timeoutMs = 300): Promise<{ port: number; tcpPort: number; dns: EmbeddedDns }> {
  const udp = await bound();
  const tcp = createServer();
  await new Promise<void>((r) => tcp.listen(0, '127.0.0.1', r));
  const d = new EmbeddedDns({ logger, lookup: (_n, name) => names[name], reverse: (_n, ip) => (ip === '172.18.0.2' ? 'web' : undefined), upstream: () => upstreams, timeoutMs });
  d.serve('br-test', { udp, tcp });
  servers.push({ close: () => { d.dispose(); } });
  return { port: udp.address().port, tcpPort: (tcp.address() as { port: number }).port, dns: d };
}

test('containers\' names and aliases are answered here, in any case, authoritatively', async () => {
  const { port } = await dns([]);
  const a = await ask(port, 'WEB');
  assert.equal(a.id, 4242);
  assert.deepEqual(data(a), ['172.18.0.2']);
  assert.ok(((a.flags ?? 0) & dnsPacket.AUTHORITATIVE_ANSWER) !== 0);
  assert.deepEqual(data(await ask(port, 'svc')), ['172.18.0.2', '172.18.0.3']);
  const aaaa = await ask(port, 'web', 'AAAA');
  assert.equal(rcode(aaaa), 'NOERROR');
  assert.deepEqual(aaaa.answers, []);
  assert.deepEqual(data(await ask(port, '2.0.18.172.in-addr.arpa', 'PTR')), ['web']);
});

test('other names go to the upstream resolvers, the next one when one is silent; none answering is SERVFAIL', async () => {
  const quiet = await upstream(true);
  const good = await upstream();
  servers.push(quiet, good);
  const { port } = await dns([quiet.addr, good.addr]);
  const r = await ask(port, 'example.org', 'A', 777);
  assert.equal(r.id, 777);
  assert.deepEqual(data(r), ['192.0.2.53']);
  assert.equal(quiet.queries, 1);
  const none = await dns([quiet.addr]);
  assert.equal(rcode(await ask(none.port, 'example.org')), 'SERVFAIL');
});

test('a malformed packet is ignored and the next query still answered; TCP queries are answered too', async () => {
  const { port, tcpPort } = await dns([]);
  const c = createSocket('udp4');
  c.send(Buffer.from([1, 2, 3]), port, '127.0.0.1', () => { c.close(); });
  assert.deepEqual(data(await ask(port, 'web')), ['172.18.0.2']);
  const answer = await new Promise<dnsPacket.Packet>((resolve, reject) => {
    const s = connect(tcpPort, '127.0.0.1');
    const q = dnsPacket.encode({ id: 9, type: 'query', questions: [{ type: 'A', name: 'web' }] });
    const len = Buffer.alloc(2);
    len.writeUInt16BE(q.length);
    s.end(Buffer.concat([len, q]));
    let buf = Buffer.alloc(0);
    s.on('data', (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      if (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) {
        s.destroy();
        resolve(dnsPacket.decode(buf.subarray(2)));
      }
    });
    s.on('error', reject);
  });
  assert.equal(answer.id, 9);
  assert.deepEqual(data(answer), ['172.18.0.2']);
});

test('resolv.conf parsing keeps nameservers, search domains and options', () => {
  assert.deepEqual(parseResolvConf('# c\nnameserver 127.0.0.53\nnameserver 1.1.1.1 # x\nsearch a.example b.example\noptions edns0 trust-ad\n'), {
    nameservers: ['127.0.0.53', '1.1.1.1'], search: ['a.example', 'b.example'], options: ['edns0', 'trust-ad'],
  });
});
