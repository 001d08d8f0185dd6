import { test } from 'node:test';
import assert from 'node:assert/strict';
import { storageCheck } from '../../../../src/host/checks/storage.js';
import { alice, makeTree, noExec } from '../fixture.js';

test('storage: kernel 5.11 or later uses native overlay', async (t) => {
  const tree = await makeTree('debian12-hybrid');
  t.after(() => tree.cleanup());
  const r = await storageCheck.run({ host: tree.host, user: alice(), exec: noExec });
  assert.equal(r.status, 'ok');
  assert.equal(r.summary, 'overlay2 (native overlay in a user namespace, kernel 6.1.0-18-amd64)');
});

test('storage: an older kernel with fuse-overlayfs and /dev/fuse uses fuse-overlayfs', async (t) => {
  const tree = await makeTree('userns-disabled', { bins: ['fuse-overlayfs'], files: { '/dev/fuse': '' } });
  t.after(() => tree.cleanup());
  const r = await storageCheck.run({ host: tree.host, user: alice(), exec: noExec });
  assert.equal(r.status, 'ok');
  assert.equal(r.summary, 'fuse-overlayfs (/usr/bin/fuse-overlayfs); native overlay unavailable: kernel 4.19.0-26-amd64 is older than 5.11');
});

test('storage: an older kernel without fuse-overlayfs warns that only vfs is left', async (t) => {
  const tree = await makeTree('userns-disabled');
  t.after(() => tree.cleanup());
  const r = await storageCheck.run({ host: tree.host, user: alice(), exec: noExec });
  assert.equal(r.status, 'warn');
  assert.match(r.summary, /^only vfs is available/);
  assert.deepEqual(r.fix, ['sudo apt-get install -y fuse-overlayfs', 'sudo chmod 0666 /dev/fuse']);
});

test('storage: SELinux enforcing rules out native overlay even on a new kernel', async (t) => {
  const tree = await makeTree('xdg-unset', { files: { '/sys/fs/selinux/enforce': '1\n' } });
  t.after(() => tree.cleanup());
  const r = await storageCheck.run({ host: tree.host, user: alice(), exec: noExec });
  assert.equal(r.status, 'warn');
  assert.match(r.summary, /SELinux is enforcing/);
  assert.equal(r.fix?.[0], 'sudo dnf install -y fuse-overlayfs');
});

test('storage: an Ubuntu kernel older than 5.11 has native overlay', async (t) => {
  const tree = await makeTree(undefined, {
    files: { '/proc/sys/kernel/osrelease': '5.4.0-150-generic\n', '/proc/version': 'Linux version 5.4.0-150-generic (buildd@bos03-amd64-012) #167-Ubuntu SMP\n' },
  });
  t.after(() => tree.cleanup());
  const r = await storageCheck.run({ host: tree.host, user: alice(), exec: noExec });
  assert.equal(r.status, 'ok');
});
