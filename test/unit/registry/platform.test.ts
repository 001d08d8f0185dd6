import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizePlatform, platformRank } from '../../../src/registry/platform.js';
import { formatPlatform, hostPlatform, parsePlatform } from '../../../src/registry/index.js';

test("this host's platform in Go's names", () => {
  const host = hostPlatform();
  assert.equal(host.os, 'linux');
  const expected: Record<string, string> = { x64: 'amd64', arm64: 'arm64', arm: 'arm', ia32: '386' };
  assert.equal(host.architecture, expected[process.arch] ?? host.architecture);
  if (process.arch === 'arm64') assert.equal(host.variant, 'v8');
});

test('parses and normalises --platform as containerd does', () => {
  assert.deepEqual(parsePlatform('linux/amd64'), { os: 'linux', architecture: 'amd64' });
  assert.deepEqual(parsePlatform('Linux/x86_64'), { os: 'linux', architecture: 'amd64' });
  assert.deepEqual(parsePlatform('linux/aarch64'), { os: 'linux', architecture: 'arm64' });
  assert.deepEqual(parsePlatform('linux/arm64/v8'), { os: 'linux', architecture: 'arm64' });
  assert.deepEqual(parsePlatform('linux/arm'), { os: 'linux', architecture: 'arm', variant: 'v7' });
  assert.deepEqual(parsePlatform('linux/arm/6'), { os: 'linux', architecture: 'arm', variant: 'v6' });
  assert.deepEqual(parsePlatform('linux/armhf'), { os: 'linux', architecture: 'arm', variant: 'v7' });
  assert.deepEqual(parsePlatform('arm64'), { os: 'linux', architecture: 'arm64' });
  assert.deepEqual(parsePlatform('linux'), normalizePlatform(hostPlatform()));
  for (const bad of ['', 'linux/', 'a/b/c/d', 'bogus', 'linux/amd 64']) {
    assert.throws(() => parsePlatform(bad), { name: 'InvalidParameterError', message: `"${bad}": unknown operating system or architecture: invalid argument` }, bad);
  }
  assert.equal(formatPlatform({ os: 'linux', architecture: 'arm', variant: 'v7' }), 'linux/arm/v7');
  assert.equal(formatPlatform({ os: 'linux', architecture: 'amd64' }), 'linux/amd64');
});

test('ranks compatible platforms best first', () => {
  const amd64 = { os: 'linux', architecture: 'amd64' };
  assert.equal(platformRank(amd64, { os: 'linux', architecture: 'amd64' }), 0);
  assert.equal(platformRank(amd64, { os: 'linux', architecture: 'amd64', variant: 'v1' }), 0);
  assert.ok(platformRank(amd64, { os: 'linux', architecture: '386' }) > 0);
  assert.equal(platformRank(amd64, { os: 'linux', architecture: 'arm64' }), -1);
  assert.equal(platformRank(amd64, { os: 'windows', architecture: 'amd64' }), -1);
  const arm64 = { os: 'linux', architecture: 'arm64', variant: 'v8' };
  assert.equal(platformRank(arm64, { os: 'linux', architecture: 'arm64' }), 0);
  assert.ok(platformRank(arm64, { os: 'linux', architecture: 'arm', variant: 'v7' }) > 0);
  const armv7 = { os: 'linux', architecture: 'arm', variant: 'v7' };
  assert.ok(platformRank(armv7, { os: 'linux', architecture: 'arm', variant: 'v6' }) > platformRank(armv7, { os: 'linux', architecture: 'arm' }));
  assert.equal(platformRank({ os: 'linux', architecture: 'arm', variant: 'v6' }, armv7), -1);
});
