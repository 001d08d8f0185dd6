import { test } from 'node:test';
import assert from 'node:assert/strict';
import { privilegedPortsCheck } from '../../../../src/host/checks/privileged-ports.js';
import { HostPaths } from '../../../../src/host/host-paths.js';
import { alice, fixturePath, noExec } from '../fixture.js';

test('privileged-ports: 0 lets every port be published', async () => {
  const r = await privilegedPortsCheck.run({ host: new HostPaths(fixturePath('cgroup2-delegated')), user: alice(), exec: noExec });
  assert.equal(r.status, 'ok');
});

test('privileged-ports: 1024 is information with the sysctl recommended first', async () => {
  const r = await privilegedPortsCheck.run({ host: new HostPaths(fixturePath('debian12-hybrid')), user: alice(), exec: noExec });
  assert.equal(r.status, 'info');
  assert.match(r.summary, /^ports below 1024 cannot be published/);
  assert.deepEqual(r.fix?.slice(0, 3), ['# recommended:', "echo 'net.ipv4.ip_unprivileged_port_start = 0' | sudo tee /etc/sysctl.d/54-rootless-ports.conf", 'sudo sysctl --system']);
  assert.match(r.fix[3] ?? '', /too broad/);
  assert.equal(r.fix[4], 'sudo setcap cap_net_bind_service=ep $(readlink -f $(which node))');
});
