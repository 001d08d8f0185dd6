import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AddressPool, DEFAULT_POOLS, formatCidr, ipToNumber, macFor, nextSubnet, numberToIp, overlaps, parseCidr } from '../../../src/network/ipam.js';

test('CIDRs: parsed to their network address, formatted back, overlap both ways', () => {
  assert.equal(formatCidr(parseCidr('172.18.5.9/16')), '172.18.0.0/16');
  assert.equal(numberToIp(ipToNumber('10.0.2.100')), '10.0.2.100');
  assert.ok(overlaps(parseCidr('10.0.0.0/8'), parseCidr('10.9.0.0/16')));
  assert.ok(overlaps(parseCidr('10.9.0.0/16'), parseCidr('10.0.0.0/8')));
  assert.ok(!overlaps(parseCidr('172.17.0.0/16'), parseCidr('172.18.0.0/16')));
  assert.throws(() => parseCidr('300.1.1.1/8'), /invalid IPv4 address/);
  assert.throws(() => parseCidr('10.0.0.0/33'), /invalid CIDR/);
});

test('the next subnet skips those in use, as dockerd\'s default pools go', () => {
  const used = [parseCidr('172.17.0.0/16'), parseCidr('172.18.0.0/16')];
  assert.equal(formatCidr(nextSubnet(DEFAULT_POOLS, used) ?? { base: 0, prefix: 0 }), '172.19.0.0/16');
  assert.equal(formatCidr(nextSubnet([{ base: '10.10.0.0/16', size: 24 }], [parseCidr('10.10.0.0/24')]) ?? { base: 0, prefix: 0 }), '10.10.1.0/24');
  assert.equal(nextSubnet([{ base: '10.10.0.0/24', size: 24 }], [parseCidr('10.0.0.0/8')]), undefined);
});

test('addresses: lowest free first, never network, gateway, broadcast or reserved; reserve and release', () => {
  const subnet = parseCidr('10.1.0.0/29');
  const pool = new AddressPool(subnet, ipToNumber('10.1.0.1'), [ipToNumber('10.1.0.3')]);
  assert.equal(numberToIp(pool.allocate()), '10.1.0.2');
  assert.equal(numberToIp(pool.allocate()), '10.1.0.4');
  pool.reserve(ipToNumber('10.1.0.6'));
  assert.throws(() => { pool.reserve(ipToNumber('10.1.0.6')); }, /Address already in use/);
  assert.throws(() => { pool.reserve(ipToNumber('10.1.0.7')); }, /no configured subnet/, 'broadcast');
  assert.throws(() => { pool.reserve(ipToNumber('10.2.0.2')); }, /no configured subnet/);
  assert.equal(numberToIp(pool.allocate()), '10.1.0.5');
  assert.throws(() => pool.allocate(), /no available IPv4 addresses/);
  pool.release(ipToNumber('10.1.0.4'));
  assert.equal(numberToIp(pool.allocate()), '10.1.0.4');
  pool.release(ipToNumber('10.1.0.1'));
  assert.throws(() => pool.allocate(), /no available/, 'the gateway is never handed out');
});

test('an IPRange limits where addresses come from', () => {
  const pool = new AddressPool(parseCidr('10.5.0.0/16'), ipToNumber('10.5.0.1'), [], parseCidr('10.5.7.0/24'));
  assert.equal(numberToIp(pool.allocate()), '10.5.7.0');
});

test('MAC addresses are 02:42 and the address, as dockerd makes them', () => {
  assert.equal(macFor('172.17.0.2'), '02:42:ac:11:00:02');
});
