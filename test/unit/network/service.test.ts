import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '../../../src/base/log.js';
import { NetworkService } from '../../../src/network/service.js';
import type { BridgeParams, EndpointView } from '../../../src/network/types.js';

const logger = createLogger({ level: 'error', write: () => undefined });

function plumbing(): { calls: string[]; ensureBridge(p: BridgeParams): Promise<void>; removeBridge(p: BridgeParams): Promise<void> } {
  const calls: string[] = [];
  return {
    calls,
    ensureBridge: (p) => { calls.push(`ensure ${p.bridge} ${p.subnet} ${p.gateway}${p.internal ? ' internal' : ''}`); return Promise.resolve(); },
    removeBridge: (p) => { calls.push(`remove ${p.bridge}`); return Promise.resolve(); },
  };
}

async function service(endpoints: Record<string, EndpointView[]> = {}, root?: string, bip?: string, mtu = 1500): Promise<{ svc: NetworkService; calls: string[]; root: string }> {
  const dir = root ?? await mkdtemp(join(tmpdir(), 'net-'));
  const p = plumbing();
  const svc = new NetworkService({ logger, root: dir, plumbing: p, endpoints: (id) => endpoints[id] ?? [], mtu, ...(bip ? { bip } : {}) });
  await svc.open();
  await svc.bridgesReady();
  return { svc, calls: p.calls, root: dir };
}

test('bridge, host and none exist from the first start, with ids that stay across restarts', async () => {
  const first = await service();
  const ids = first.svc.list(null).map((n) => `${n.Name}:${n.Id}`).sort();
  assert.deepEqual(ids.map((i) => i.split(':')[0]), ['bridge', 'host', 'none']);
  assert.deepEqual(first.calls, ['ensure docker0 172.17.0.0/16 172.17.0.1']);
  const again = await service({}, first.root);
  assert.deepEqual(again.svc.list(null).map((n) => `${n.Name}:${n.Id}`).sort(), ids);
  const bridge = again.svc.inspect('bridge');
  assert.equal(bridge.Options['com.docker.network.bridge.name'], 'docker0');
  assert.match(bridge.Created, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$/);
});

test('--bip sets the default bridge\'s gateway and subnet', async () => {
  const { svc, calls } = await service({}, undefined, '10.99.0.1/24');
  assert.deepEqual(svc.inspect('bridge').IPAM.Config, [{ Subnet: '10.99.0.0/24', Gateway: '10.99.0.1' }]);
  assert.deepEqual(calls, ['ensure docker0 10.99.0.0/24 10.99.0.1']);
});

test('the default bridge takes a restart\'s new --bip and MTU, keeping its id', async () => {
  const first = await service();
  const id = first.svc.inspect('bridge').Id;
  const again = await service({}, first.root, '10.99.0.1/24', 1400);
  const bridge = again.svc.inspect('bridge');
  assert.equal(bridge.Id, id);
  assert.deepEqual(bridge.IPAM.Config, [{ Subnet: '10.99.0.0/24', Gateway: '10.99.0.1' }]);
  assert.equal(bridge.Options['com.docker.network.driver.mtu'], '1400');
  const rec = again.svc.list(null).find((n) => n.Name === 'bridge');
  assert.equal(rec && again.svc.bridgeParams(rec)?.mtu, 1400);
});

test('create picks the next free subnet, makes the bridge, and is found by name, id and prefix', async () => {
  const { svc, calls } = await service();
  const a = await svc.create({ Name: 'a', Labels: { team: 'x' } });
  const b = await svc.create({ Name: 'b', Internal: true });
  assert.equal(svc.inspect('a').IPAM.Config[0]?.Subnet, '172.18.0.0/16');
  assert.equal(svc.inspect(b.Id).IPAM.Config[0]?.Subnet, '172.19.0.0/16');
  assert.equal(svc.get(a.Id.slice(0, 6)).Name, 'a');
  assert.ok(calls.includes(`ensure br-${b.Id.slice(0, 12)} 172.19.0.0/16 172.19.0.1 internal`));
  assert.deepEqual(svc.list(JSON.stringify({ label: { 'team=x': true } })).map((n) => n.Name), ['a']);
  assert.deepEqual(svc.list(JSON.stringify({ type: { custom: true } })).map((n) => n.Name), ['a', 'b']);
  assert.throws(() => svc.get('nope'), /network nope not found/);
});

test('create refuses duplicates, predefined names, other drivers and overlapping subnets', async () => {
  const { svc } = await service();
  await svc.create({ Name: 'n', IPAM: { Config: [{ Subnet: '10.50.0.0/16', Gateway: '10.50.0.254' }] } });
  assert.equal(svc.inspect('n').IPAM.Config[0]?.Gateway, '10.50.0.254');
  await assert.rejects(svc.create({ Name: 'n' }), { name: 'ConflictError', message: 'network with name n already exists' });
  await assert.rejects(svc.create({ Name: 'bridge' }), { name: 'ForbiddenError' });
  await assert.rejects(svc.create({ Name: 'o', Driver: 'overlay' }), /plugin "overlay" not found/);
  await assert.rejects(svc.create({ Name: 'p', IPAM: { Config: [{ Subnet: '10.50.1.0/24', Gateway: '10.50.1.1' }] } }), /Pool overlaps with other one on this address space/);
  await assert.rejects(svc.create({ Name: 'q', IPAM: { Config: [{ Subnet: '10.60.0.0/16', Gateway: '10.61.0.1' }] } }), /no matching subnet for gateway/);
});

test('remove refuses predefined networks and ones with endpoints; prune removes the unused custom ones', async () => {
  const endpoints: Record<string, EndpointView[]> = {};
  const { svc, calls } = await service(endpoints);
  const used = await svc.create({ Name: 'used' });
  await svc.create({ Name: 'idle' });
  endpoints[used.Id] = [{ containerId: 'c1', Name: 'web', EndpointID: 'e', MacAddress: '02:42:ac:12:00:02', IPv4Address: '172.18.0.2/16', IPv6Address: '' }];
  await assert.rejects(svc.remove('bridge'), /bridge is a pre-defined network and cannot be removed/);
  await assert.rejects(svc.remove('used'), new RegExp(`network used id ${used.Id} has active endpoints`));
  assert.deepEqual(Object.keys(svc.inspect('used').Containers), ['c1']);
  assert.deepEqual(await svc.prune(null), { NetworksDeleted: ['idle'] });
  assert.ok(calls.some((c) => c.startsWith('remove br-')));
  assert.deepEqual(svc.list(null).map((n) => n.Name).sort(), ['bridge', 'host', 'none', 'used']);
});

test('addresses per network: gateway skipped, requested ones reserved, released ones reused', async () => {
  const { svc } = await service();
  const { Id } = await svc.create({ Name: 'app' });
  assert.deepEqual(svc.allocate(Id), { ip: '172.18.0.2', prefixLen: 16, gateway: '172.18.0.1', mac: '02:42:ac:12:00:02' });
  assert.equal(svc.allocate(Id, '172.18.0.9').ip, '172.18.0.9');
  assert.throws(() => svc.allocate(Id, '172.18.0.9'), /Address already in use/);
  assert.equal(svc.allocate(Id).ip, '172.18.0.3');
  svc.release(Id, '172.18.0.2');
  assert.equal(svc.allocate(Id).ip, '172.18.0.2');
  assert.throws(() => svc.allocate(svc.get('host').Id), /has no address pool/);
});
