import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cgroupCheck } from '../../../../src/host/checks/cgroup.js';
import { HostPaths } from '../../../../src/host/host-paths.js';
import { alice, fixturePath, makeTree, noExec } from '../fixture.js';

test('cgroup: v2 with every controller delegated passes', async () => {
  const r = await cgroupCheck.run({ host: new HostPaths(fixturePath('cgroup2-delegated')), user: alice(), exec: noExec });
  assert.equal(r.status, 'ok');
  assert.equal(r.summary, 'cgroup v2, delegated: cpuset cpu io memory pids');
});

test('cgroup: v2 with only memory and pids delegated warns with delegate.conf', async (t) => {
  const tree = await makeTree('cgroup2-delegated', {
    files: { '/sys/fs/cgroup/user.slice/user-1000.slice/user@1000.service/cgroup.controllers': 'memory pids\n' },
  });
  t.after(() => tree.cleanup());
  const r = await cgroupCheck.run({ host: tree.host, user: alice(), exec: noExec });
  assert.equal(r.status, 'warn');
  assert.equal(r.summary, 'cgroup v2; controllers not delegated to alice: cpu cpuset io (the matching limits are ignored)');
  assert.ok(r.fix?.includes("printf '[Service]\\nDelegate=cpu cpuset io memory pids\\n' | sudo tee /etc/systemd/system/user@.service.d/delegate.conf"));
  assert.ok(r.fix?.includes('sudo systemctl daemon-reload'));
});

test('cgroup: v2 without a user manager warns and names the uid', async () => {
  const r = await cgroupCheck.run({ host: new HostPaths(fixturePath('xdg-unset')), user: alice(), exec: noExec });
  assert.equal(r.status, 'warn');
  assert.match(r.summary, /no systemd user manager for uid 1000 \(\/sys\/fs\/cgroup\/user.slice\/user-1000.slice\/user@1000.service is missing\)/);
  assert.ok(r.fix?.includes('sudo loginctl enable-linger alice'));
});

test('cgroup: a hybrid host has cgroup driver none', async () => {
  const r = await cgroupCheck.run({ host: new HostPaths(fixturePath('debian12-hybrid')), user: alice(), exec: noExec });
  assert.equal(r.status, 'info');
  assert.equal(r.summary, 'Cgroup Driver: none — --memory/--cpus/--pids-limit are ignored (cgroup v1/v2 hybrid host)');
  assert.ok(r.fix?.includes('sudo update-grub'));
});
