import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRootlessFlags, readRootlessEnv } from '../../../src/daemon/rootless-env.js';

test('defaults match dockerd-rootless.sh (plus detach-netns on)', () => {
  assert.deepEqual(readRootlessEnv({}), {
    net: undefined, mtu: undefined, portDriver: 'builtin', disableHostLoopback: true,
    slirp4netnsSandbox: 'auto', slirp4netnsSeccomp: 'auto', detachNetns: true, publish: [],
  });
});

test('reads every variable', () => {
  const r = readRootlessEnv({
    DOCKERD_ROOTLESS_ROOTLESSKIT_NET: 'pasta',
    DOCKERD_ROOTLESS_ROOTLESSKIT_MTU: '1500',
    DOCKERD_ROOTLESS_ROOTLESSKIT_PORT_DRIVER: 'none',
    DOCKERD_ROOTLESS_ROOTLESSKIT_DISABLE_HOST_LOOPBACK: 'false',
    DOCKERD_ROOTLESS_ROOTLESSKIT_SLIRP4NETNS_SANDBOX: 'false',
    DOCKERD_ROOTLESS_ROOTLESSKIT_SLIRP4NETNS_SECCOMP: 'true',
    DOCKERD_ROOTLESS_ROOTLESSKIT_DETACH_NETNS: '0',
    DOCKERD_ROOTLESS_ROOTLESSKIT_FLAGS: '-p 0.0.0.0:2376:2376/tcp --publish=127.0.0.1:8080:80/tcp',
  });
  assert.equal(r.net, 'pasta');
  assert.equal(r.mtu, 1500);
  assert.equal(r.portDriver, 'none');
  assert.equal(r.disableHostLoopback, false);
  assert.equal(r.slirp4netnsSandbox, 'false');
  assert.equal(r.slirp4netnsSeccomp, 'true');
  assert.equal(r.detachNetns, false);
  assert.deepEqual(r.publish.map((p) => p.parentPort), [2376, 8080]);
});

test('bad values are refused with the variable named', () => {
  assert.throws(() => readRootlessEnv({ DOCKERD_ROOTLESS_ROOTLESSKIT_MTU: 'big' }), /DOCKERD_ROOTLESS_ROOTLESSKIT_MTU/);
  assert.throws(() => readRootlessEnv({ DOCKERD_ROOTLESS_ROOTLESSKIT_DETACH_NETNS: 'yes' }), /must be 1, true, 0 or false/);
  assert.throws(() => readRootlessEnv({ DOCKERD_ROOTLESS_ROOTLESSKIT_PORT_DRIVER: 'slirp4netns' }), /not supported \(supported: builtin, none\): Burrow's builtin driver already keeps the client's source address/);
  assert.throws(() => readRootlessEnv({ DOCKERD_ROOTLESS_ROOTLESSKIT_PORT_DRIVER: 'implicit' }), /needs pasta 2023_12_04 or later/);
  assert.throws(() => parseRootlessFlags('--net=host'), /unsupported flag "--net=host"/);
  assert.throws(() => parseRootlessFlags('-p'), /needs a port spec/);
});
