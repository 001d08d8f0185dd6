import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AliasPool, SourceAddresses, runTool, shownAs } from '../../../../src/rootless/port/builtin/source-ip.js';

test('clients are shown as themselves; loopback ones as the host\'s gateway address; IPv6 ones cannot be', () => {
  assert.equal(shownAs('::ffff:192.0.2.7', '10.0.2.2'), '192.0.2.7');
  assert.equal(shownAs('127.0.0.1', '10.0.2.2'), '10.0.2.2');
  assert.equal(shownAs('::1', '10.0.2.2'), '10.0.2.2');
  assert.equal(shownAs('127.0.0.1', undefined), undefined);
  assert.equal(shownAs('2001:db8::1', '10.0.2.2'), undefined);
});

test('one alias per client, set up once, the least recently used one reassigned when full', () => {
  const pool = new AliasPool();
  const setups: [string, string | undefined][] = [];
  const setup = (a: string, prev: string | undefined): Promise<void> => { setups.push([a, prev]); return Promise.resolve(); };
  const a = pool.aliasFor('192.0.2.1', setup);
  assert.equal(a.alias, '198.18.0.1');
  assert.equal(pool.aliasFor('192.0.2.1', setup).alias, '198.18.0.1');
  assert.equal(pool.aliasFor('192.0.2.2', setup).alias, '198.18.0.2');
  assert.equal(setups.length, 2);
  for (let i = 3; i <= 4096; i++) pool.aliasFor(`10.9.${i >> 8}.${i & 255}`, setup);
  pool.aliasFor('192.0.2.1', setup);
  const reused = pool.aliasFor('203.0.113.9', setup);
  assert.equal(reused.alias, '198.18.0.2', 'the least recently used client (192.0.2.2) gives up its alias');
  assert.deepEqual(setups.at(-1), ['198.18.0.2', '192.0.2.2']);
});

test('the nft table and an alias per client are set up before the first connection; a failing setup falls back to no alias', async () => {
  const calls: string[] = [];
  const ok = new SourceAddresses('10.0.2.2', (file, args, input) => { calls.push([file, ...args, input ?? ''].join(' ').trim()); return Promise.resolve(); });
  assert.equal(await ok.localAddress('::ffff:192.0.2.7'), '198.18.0.1');
  assert.equal(await ok.localAddress('127.0.0.1'), '198.18.0.2');
  assert.match(calls[0] ?? '', /^nft -f - table ip burrow-ports/);
  assert.ok(calls.includes('ip addr add 198.18.0.1/32 dev lo'));
  assert.ok(calls.includes('nft add element ip burrow-ports client_src { 198.18.0.1 : 192.0.2.7 }'));
  assert.ok(calls.includes('nft add element ip burrow-ports client_src { 198.18.0.2 : 10.0.2.2 }'));
  const warnings: string[] = [];
  const broken = new SourceAddresses('10.0.2.2', () => Promise.reject(new Error('nft: no such file')), (m) => warnings.push(m));
  assert.equal(await broken.localAddress('192.0.2.7'), undefined);
  assert.match(warnings[0] ?? '', /show the bridge's address/);
});

test('a tool that exits without reading its input does not crash the port child (EPIPE on its stdin)', async () => {
  for (let i = 0; i < 100; i++) await runTool('true', [], 'x'.repeat(256 * 1024));
  await assert.rejects(runTool('false', []), /^Error: false/);
});
