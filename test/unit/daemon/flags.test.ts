import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDaemonFlags } from '../../../src/daemon/flags.js';

test('takes dockerd grammar', () => {
  assert.deepEqual(parseDaemonFlags(['--data-root', '/d', '-D', '-H', 'unix:///x.sock', '--log-level=warn']), {
    hosts: ['unix:///x.sock'], insecureRegistries: [], registryMirrors: [], help: false, dataRoot: '/d', debug: true, logLevel: 'warn',
  });
  const reg = parseDaemonFlags(['--insecure-registry', 'a:5000', '--insecure-registry=10.0.0.0/8', '-s', 'vfs', '--registry-mirror', 'https://m']);
  assert.deepEqual(reg.insecureRegistries, ['a:5000', '10.0.0.0/8']);
  assert.deepEqual(reg.registryMirrors, ['https://m']);
  assert.equal(reg.storageDriver, 'vfs');
  assert.equal(parseDaemonFlags(['--debug=false']).debug, false);
  assert.equal(parseDaemonFlags(['-h']).help, true);
});

test("mistakes get cobra's texts", () => {
  assert.throws(() => parseDaemonFlags(['--foo']), { message: 'unknown flag: --foo' });
  assert.throws(() => parseDaemonFlags(['-x']), /unknown shorthand flag: 'x' in -x/);
  assert.throws(() => parseDaemonFlags(['--data-root']), { message: 'flag needs an argument: --data-root' });
  assert.throws(() => parseDaemonFlags(['--debug=maybe']), /invalid argument "maybe" for "--debug" flag/);
});
