import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSlirp4netnsHelp, slirp4netnsArgs } from '../../../../src/rootless/net/slirp4netns.js';
import { pastaArgs } from '../../../../src/rootless/net/pasta.js';

const full = parseSlirp4netnsHelp('--netns-type --disable-host-loopback --enable-sandbox --enable-seccomp');

test('probes features from --help', () => {
  assert.deepEqual(full, { netnsType: true, disableHostLoopback: true, sandbox: true, seccomp: true });
  assert.equal(parseSlirp4netnsHelp('usage: slirp4netns [OPTION]... PID TAPNAME').netnsType, false);
});

test('passes only supported, wanted options', () => {
  const cfg = { mtu: 65520, disableHostLoopback: true, sandbox: 'auto', seccomp: 'auto' } as const;
  assert.deepEqual(slirp4netnsArgs(42, cfg, full, true), [
    '--configure', '--mtu=65520', '--disable-host-loopback', '--enable-sandbox', '--enable-seccomp', '--ready-fd=3', '--exit-fd=4', '42', 'tap0',
  ]);
  assert.deepEqual(slirp4netnsArgs(42, { ...cfg, disableHostLoopback: false, sandbox: 'false' }, full, false), [
    '--configure', '--mtu=65520', '--ready-fd=3', '--exit-fd=4', '42', 'tap0',
  ]);
  const old = { ...full, sandbox: false };
  assert.throws(() => slirp4netnsArgs(42, { ...cfg, sandbox: 'true' }, old, true), /does not support --enable-sandbox/);
});

test('pasta gets the same addressing and no automatic forwards', () => {
  const args = pastaArgs(42, 65520, true, '/p');
  assert.deepEqual(args.slice(args.indexOf('--address'), args.indexOf('--address') + 6), ['--address', '10.0.2.100', '--netmask', '24', '--gateway', '10.0.2.2']);
  assert.ok(args.includes('--no-map-gw'));
  assert.deepEqual(args.slice(-4), ['--userns', '/proc/42/ns/user', '--netns', '/proc/42/ns/net']);
  assert.equal(pastaArgs(42, 1500, false, '/p').includes('--no-map-gw'), false);
});
