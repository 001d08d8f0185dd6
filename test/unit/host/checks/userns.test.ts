import { test } from 'node:test';
import assert from 'node:assert/strict';
import { usernsCheck } from '../../../../src/host/checks/userns.js';
import { HostPaths } from '../../../../src/host/host-paths.js';
import { alice, fixturePath, makeTree, noExec } from '../fixture.js';

test('userns: allowed when max_user_namespaces > 0 and no gate exists', async () => {
  const r = await usernsCheck.run({ host: new HostPaths(fixturePath('debian12-hybrid')), user: alice(), exec: noExec });
  assert.equal(r.status, 'ok');
  assert.equal(r.summary, 'allowed (user.max_user_namespaces = 63382)');
});

test('userns: unprivileged_userns_clone=0 fails with the sysctl.d fix', async () => {
  const r = await usernsCheck.run({ host: new HostPaths(fixturePath('userns-disabled')), user: alice(), exec: noExec });
  assert.equal(r.status, 'fail');
  assert.match(r.summary, /kernel.unprivileged_userns_clone is 0/);
  assert.deepEqual(r.fix, ["echo 'kernel.unprivileged_userns_clone = 1' | sudo tee /etc/sysctl.d/50-rootless.conf", 'sudo sysctl --system']);
});

test('userns: max_user_namespaces=0 fails with the reference value 28633', async (t) => {
  const tree = await makeTree('userns-disabled', { files: { '/proc/sys/kernel/unprivileged_userns_clone': '1\n' } });
  t.after(() => tree.cleanup());
  const r = await usernsCheck.run({ host: tree.host, user: alice(), exec: noExec });
  assert.equal(r.status, 'fail');
  assert.equal(r.summary, 'user.max_user_namespaces is 0');
  assert.deepEqual(r.fix, ["echo 'user.max_user_namespaces = 28633' | sudo tee /etc/sysctl.d/51-rootless.conf", 'sudo sysctl --system']);
});

test('userns: Ubuntu 24.04 AppArmor restriction fails with a profile for unshare', async (t) => {
  const tree = await makeTree('cgroup2-delegated', { bins: ['unshare'] });
  t.after(() => tree.cleanup());
  const r = await usernsCheck.run({ host: tree.host, user: alice(), exec: noExec });
  assert.equal(r.status, 'fail');
  assert.match(r.summary, /apparmor_restrict_unprivileged_userns is 1/);
  const fix = r.fix ?? [];
  assert.ok(fix.includes('cat <<\'EOF\' | sudo tee /etc/apparmor.d/usr.bin.unshare'));
  assert.ok(fix.includes('"/usr/bin/unshare" flags=(unconfined) {'));
  assert.ok(fix.includes('  userns,'));
  assert.ok(fix.includes('sudo systemctl restart apparmor.service'));
  assert.ok(fix.includes("echo 'kernel.apparmor_restrict_unprivileged_userns = 0' | sudo tee /etc/sysctl.d/52-rootless-userns.conf"));
});

test('userns: a kernel without user namespaces fails', async (t) => {
  const tree = await makeTree(undefined, { files: { '/proc/sys/kernel/osrelease': '3.10.0\n' } });
  t.after(() => tree.cleanup());
  const r = await usernsCheck.run({ host: tree.host, user: alice(), exec: noExec });
  assert.equal(r.status, 'fail');
  assert.match(r.summary, /no user namespace support/);
});
