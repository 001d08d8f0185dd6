import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSysctlInts, readSysctl, sysctlFix, sysctlPath } from '../../../src/host/sysctl.js';
import { HostPaths } from '../../../src/host/host-paths.js';
import { fixturePath } from './fixture.js';

test('sysctlPath maps dotted names under /proc/sys', () => {
  assert.equal(sysctlPath('net.ipv4.ping_group_range'), '/proc/sys/net/ipv4/ping_group_range');
});

test('readSysctl reads and trims; a missing tunable is undefined', async () => {
  const host = new HostPaths(fixturePath('debian12-hybrid'));
  assert.equal(await readSysctl(host, 'net.ipv4.ping_group_range'), '1\t0');
  assert.equal(await readSysctl(host, 'kernel.unprivileged_userns_clone'), undefined);
});

test('parseSysctlInts splits on any whitespace and rejects non-numbers', () => {
  assert.deepEqual(parseSysctlInts('1\t0'), [1, 0]);
  assert.deepEqual(parseSysctlInts('0 2147483647'), [0, 2147483647]);
  assert.equal(parseSysctlInts('x 1'), undefined);
  assert.equal(parseSysctlInts(''), undefined);
});

test('sysctlFix writes a drop-in and reloads', () => {
  assert.deepEqual(sysctlFix('a.b', '1', '50-x.conf'), ["echo 'a.b = 1' | sudo tee /etc/sysctl.d/50-x.conf", 'sudo sysctl --system']);
});
