import { test } from 'node:test';
import assert from 'node:assert/strict';
import { originalDestination } from '../../../../src/rootless/egress/conntrack.js';

const TABLE = [
  'ipv4     2 udp      17 20 src=172.17.0.2 dst=10.0.2.3 sport=40000 dport=53 src=10.0.2.3 dst=10.0.2.100 sport=53 dport=40000 mark=0 zone=0 use=2',
  'ipv4     2 tcp      6 431999 ESTABLISHED src=172.17.0.2 dst=10.0.2.2 sport=40000 dport=5201 src=172.17.0.1 dst=172.17.0.2 sport=65532 dport=40000 [ASSURED] mark=0 zone=0 use=2',
  'ipv4     2 tcp      6 431999 ESTABLISHED src=172.17.0.3 dst=192.0.2.9 sport=40001 dport=443 src=172.17.0.1 dst=172.17.0.3 sport=65532 dport=40001 [ASSURED] mark=0 zone=0 use=2',
  'ipv4     2 tcp      6 431999 ESTABLISHED src=172.17.0.2 dst=10.0.2.2 sport=40002 dport=80 src=10.0.2.2 dst=10.0.2.100 sport=80 dport=40002 [ASSURED] mark=0 zone=0 use=2',
].join('\n');

test('the original destination of a redirected connection, found by its peer and the proxy\'s port', () => {
  assert.deepEqual(originalDestination(TABLE, { host: '172.17.0.2', port: 40000 }, 65532), { host: '10.0.2.2', port: 5201 });
  assert.deepEqual(originalDestination(TABLE, { host: '172.17.0.3', port: 40001 }, 65532), { host: '192.0.2.9', port: 443 });
});

test('a connection that was not redirected to the proxy, or a udp flow, is not taken for one', () => {
  assert.equal(originalDestination(TABLE, { host: '172.17.0.2', port: 40002 }, 65532), undefined);
  assert.equal(originalDestination(TABLE, { host: '172.17.0.2', port: 40000 }, 1234), undefined);
  assert.equal(originalDestination('', { host: '172.17.0.2', port: 40000 }, 65532), undefined);
});
