import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLogger } from '../../../src/base/log.js';
import { ContainerNetworking, networkMode, type NetworkDirectory, type NetworkedContainer } from '../../../src/container/networking.js';
import type { NetworkRecord } from '../../../src/network/index.js';

const logger = createLogger({ level: 'error', write: () => undefined });

function record(name: string, driver: NetworkRecord['Driver'], id: string): NetworkRecord {
  return {
    Name: name, Id: id, Created: '', Scope: 'local', Driver: driver, EnableIPv6: false,
    IPAM: { Driver: 'default', Options: null, Config: driver === 'bridge' ? [{ Subnet: '172.18.0.0/16', Gateway: '172.18.0.1' }] : [] },
    Internal: false, Attachable: false, Ingress: false, ConfigFrom: { Network: '' }, ConfigOnly: false, Options: {}, Labels: {},
  };
}

function directory(): NetworkDirectory & { released: string[] } {
  const nets = [record('bridge', 'bridge', 'b'.repeat(64)), record('host', 'host', 'h'.repeat(64)), record('none', 'null', 'n'.repeat(64)), record('app', 'bridge', 'a'.repeat(64))];
  let next = 2;
  const released: string[] = [];
  return {
    released,
    get: (x) => {
      const found = nets.find((n) => n.Name === x || n.Id === x);
      if (!found) throw new Error(`network ${x} not found`);
      return found;
    },
    allocate: (_id, requested) => ({ ip: requested ?? `172.18.0.${next++}`, prefixLen: 16, gateway: '172.18.0.1', mac: '02:42:ac:12:00:02' }),
    release: (_id, ip) => { released.push(ip); },
    bridgeParams: (r) => (r.Driver === 'bridge' ? { bridge: r.Name === 'bridge' ? 'docker0' : 'br-x', subnet: '172.18.0.0/16', gateway: '172.18.0.1', internal: false, masquerade: true, mtu: 1500 } : undefined),
    isPredefined: (r) => ['bridge', 'host', 'none'].includes(r.Name),
    bridgesReady: () => Promise.resolve(),
  };
}

function networking(dir: NetworkDirectory, others: NetworkedContainer[] = []): ContainerNetworking {
  return new ContainerNetworking({
    logger, networks: dir, ports: undefined, engineNetns: '/proc/1/ns/net',
    container: (n) => { const c = others.find((o) => o.Id === n || o.Name === `/${n}`); if (!c) throw new Error(`No such container: ${n}`); return c; },
    containers: () => others, save: () => Promise.resolve(), exposedPorts: () => Promise.resolve({}),
  });
}

function container(id: string, hostConfig: NetworkedContainer['HostConfig'], n: ContainerNetworking): NetworkedContainer {
  return { Id: id, Name: `/${id.slice(0, 4)}`, Config: {}, HostConfig: hostConfig, State: { Running: false, Pid: 0 }, NetworkSettings: n.plan(id, hostConfig, undefined) };
}

test('network modes as dockerd reads them', () => {
  assert.deepEqual(networkMode(undefined), { kind: 'bridge', network: 'bridge' });
  assert.deepEqual(networkMode('default'), { kind: 'bridge', network: 'bridge' });
  assert.deepEqual(networkMode('app'), { kind: 'bridge', network: 'app' });
  assert.deepEqual(networkMode('container:web'), { kind: 'container', target: 'web' });
  assert.throws(() => networkMode('container:'), /invalid container format container:<name\|id>/);
});

test('create refuses what dockerd refuses: two endpoints, aliases or an address on the default bridge', () => {
  const n = networking(directory());
  assert.throws(() => n.plan('c1', {}, { a: {}, b: {} }), /Container cannot be connected to network endpoints: a, b/);
  assert.throws(() => n.plan('c1', {}, { bridge: { Aliases: ['x'] } }), /network-scoped alias is supported only for containers in user defined networks/);
  assert.throws(() => n.plan('c1', {}, { bridge: { IPAMConfig: { IPv4Address: '172.17.0.9' } } }), /user specified IP address is supported on user defined networks only/);
  assert.throws(() => n.plan('c1', { NetworkMode: 'container:c1' }, undefined), /cannot join own network/);
  assert.throws(() => n.plan('c1', { PortBindings: { '9/sctp': [{ HostPort: '9' }] } }, undefined), /SCTP/);
  assert.deepEqual(Object.keys(n.plan('c1', { NetworkMode: 'app' }, { app: { Aliases: ['svc'] } }).Networks), ['app']);
});

test('start: an address per network, the short id added to user-network aliases, the namespace per mode', () => {
  const dir = directory();
  const n = networking(dir);
  const c = container('0123456789abcdef', { NetworkMode: 'app' }, n);
  c.NetworkSettings.Networks.app!.Aliases = ['svc'];
  const prepared = n.prepare(c);
  assert.deepEqual(prepared, { namespace: 'none', ip: '172.18.0.2', embeddedDns: true });
  assert.deepEqual(c.NetworkSettings.Networks.app?.Aliases, ['svc', '0123456789ab']);
  assert.equal(c.NetworkSettings.Networks.app.Gateway, '172.18.0.1');
  assert.equal(n.prepare(container('fedcba9876543210', {}, n)).embeddedDns, false, 'the default bridge has no embedded DNS');
  assert.deepEqual(n.prepare(container('1111', { NetworkMode: 'host' }, n)).namespace, { path: '/proc/1/ns/net', host: true });
  assert.equal(n.prepare(container('2222', { NetworkMode: 'none' }, n)).ip, undefined);
});

test('joining a stopped container\'s namespace is refused; a running one\'s is joined by its pid', () => {
  const dir = directory();
  const target: NetworkedContainer = { Id: 'target', Name: '/web', Config: {}, HostConfig: {}, State: { Running: false, Pid: 0 }, NetworkSettings: { Networks: {}, Ports: [], Veths: {} } };
  const n = networking(dir, [target]);
  const c = container('3333', { NetworkMode: 'container:web' }, n);
  assert.throws(() => n.prepare(c), /cannot join network of a non running container: target/);
  target.State = { Running: true, Pid: 4242 };
  assert.deepEqual(n.prepare(c).namespace, { path: '/proc/4242/ns/net' });
});

test('release frees the addresses and keeps what the user asked for', async () => {
  const dir = directory();
  const n = networking(dir);
  const c = container('4444', { NetworkMode: 'app' }, n);
  n.prepare(c);
  await n.release(c);
  assert.deepEqual(dir.released, ['172.18.0.2']);
  assert.equal(c.NetworkSettings.Networks.app?.IPAddress, '');
  assert.deepEqual(c.NetworkSettings.Networks.app.Aliases, ['4444']);
});

test('the embedded DNS finds running containers by name, alias and id prefix on their network only', () => {
  const dir = directory();
  const web: NetworkedContainer = { Id: 'abcdef0123456789', Name: '/web', Config: {}, HostConfig: { NetworkMode: 'app' }, State: { Running: true, Pid: 5 }, NetworkSettings: { Networks: {}, Ports: [], Veths: {} } };
  const n = networking(dir, [web]);
  web.NetworkSettings = n.plan(web.Id, web.HostConfig, { app: { Aliases: ['svc'] } });
  n.prepare(web);
  const app = 'a'.repeat(64);
  assert.deepEqual(n.resolve(app, 'WEB.'), ['172.18.0.2']);
  assert.deepEqual(n.resolve(app, 'svc'), ['172.18.0.2']);
  assert.deepEqual(n.resolve(app, 'abcdef012345'), ['172.18.0.2']);
  assert.equal(n.resolve('b'.repeat(64), 'web'), undefined);
  assert.equal(n.reverse(app, '172.18.0.2'), 'web');
  assert.deepEqual(n.endpoints(app).map((e) => [e.Name, e.IPv4Address]), [['web', '172.18.0.2/16']]);
});
