import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sysctls } from '../../../../src/container/spec/linux.js';

test('a container with its own network namespace gets moby\'s low-port default, which the user can override', () => {
  assert.deepEqual(sysctls({}, 'none'), { 'net.ipv4.ip_unprivileged_port_start': '0' });
  assert.equal(sysctls({ Sysctls: { 'net.ipv4.ip_unprivileged_port_start': '1024' } }, 'none')['net.ipv4.ip_unprivileged_port_start'], '1024');
});

test('sharing a namespace (host, or another container\'s) adds no defaults, and host mode refuses net.* sysctls', () => {
  assert.deepEqual(sysctls({}, { path: '/proc/1/ns/net', host: true }), {});
  assert.deepEqual(sysctls({}, { path: '/proc/1/ns/net' }), {});
  assert.throws(() => sysctls({ Sysctls: { 'net.core.somaxconn': '1024' } }, { path: '/proc/1/ns/net', host: true }), /not allowed in host network mode/);
});
