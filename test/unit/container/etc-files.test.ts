import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hostsFile, resolvConf } from '../../../src/container/etc-files.js';

test('/etc/hosts has the container\'s address under its hostname, and --add-host entries with host-gateway resolved', () => {
  const text = hostsFile({ hostname: 'abc123', ip: '172.17.0.2', hostGateway: '10.0.2.2', extraHosts: ['db:10.1.2.3', 'host.docker.internal:host-gateway'] });
  const lines = text.trim().split('\n');
  assert.equal(lines[0], '127.0.0.1\tlocalhost');
  assert.ok(lines.includes('10.1.2.3\tdb'));
  assert.ok(lines.includes('10.0.2.2\thost.docker.internal'));
  assert.equal(lines.at(-1), '172.17.0.2\tabc123');
});

test('/etc/hosts without an address (--network none) has no line for the hostname', () => {
  assert.doesNotMatch(hostsFile({ hostname: 'abc', ip: undefined, hostGateway: '10.0.2.2', extraHosts: [] }), /abc/);
});

test('an --add-host with a bad address is refused', () => {
  assert.throws(() => hostsFile({ hostname: 'a', ip: undefined, hostGateway: '10.0.2.2', extraHosts: ['db:not-an-ip'] }), /invalid IP address in add-host: "not-an-ip"/);
});

test('resolv.conf: the embedded DNS on user networks, with ndots:0; the given servers elsewhere', () => {
  assert.equal(resolvConf({ embedded: true, nameservers: ['10.0.2.3'], search: ['corp'], options: ['ndots:5', 'timeout:2'] }), 'search corp\nnameserver 127.0.0.11\noptions ndots:0 timeout:2\n');
  assert.equal(resolvConf({ embedded: false, nameservers: ['1.1.1.1', '9.9.9.9'], search: [], options: [] }), 'nameserver 1.1.1.1\nnameserver 9.9.9.9\n');
});
