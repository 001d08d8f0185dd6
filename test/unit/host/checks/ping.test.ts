import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pingCheck } from '../../../../src/host/checks/ping.js';
import { HostPaths } from '../../../../src/host/host-paths.js';
import { alice, fixturePath, noExec } from '../fixture.js';

test('ping: a range covering every group passes', async () => {
  const r = await pingCheck.run({ host: new HostPaths(fixturePath('cgroup2-delegated')), user: alice(), exec: noExec });
  assert.equal(r.status, 'ok');
  assert.equal(r.summary, 'net.ipv4.ping_group_range = 0 2147483647');
});

test('ping: the default "1 0" warns with the sysctl fix', async () => {
  const r = await pingCheck.run({ host: new HostPaths(fixturePath('debian12-hybrid')), user: alice(), exec: noExec });
  assert.equal(r.status, 'warn');
  assert.equal(r.summary, 'net.ipv4.ping_group_range = 1 0 (empty): ping from containers does not reach beyond their networks (slirp4netns needs it)');
  assert.deepEqual(r.fix, ["echo 'net.ipv4.ping_group_range = 0 2147483647' | sudo tee /etc/sysctl.d/53-rootless-ping.conf", 'sudo sysctl --system']);
});
