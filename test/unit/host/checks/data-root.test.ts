import { test } from 'node:test';
import assert from 'node:assert/strict';
import { symlink, mkdir } from 'node:fs/promises';
import { dataRootCheck } from '../../../../src/host/checks/data-root.js';
import { HostPaths } from '../../../../src/host/host-paths.js';
import { alice, fixturePath, makeTree, noExec } from '../fixture.js';

test('data-root: the default under a local home passes', async () => {
  const r = await dataRootCheck.run({ host: new HostPaths(fixturePath('debian12-hybrid')), user: alice(), exec: noExec });
  assert.equal(r.status, 'ok');
  assert.equal(r.summary, '/home/alice/.local/share/docker on ext4');
});

test('data-root: the default on an NFS home fails with the daemon.json fix', async () => {
  const r = await dataRootCheck.run({ host: new HostPaths(fixturePath('nfs-home')), user: alice(), exec: noExec });
  assert.equal(r.status, 'fail');
  assert.equal(r.summary, '/home/alice/.local/share/docker is on nfs4 (fileserver:/export/home at /home), which rootless storage does not support');
  assert.deepEqual(r.fix, ['# choose a directory on a local disk and set it in /home/alice/.config/docker/daemon.json:', '{"data-root":"/somewhere-out-of-nfs"}']);
});

test('data-root: a daemon.json data-root off NFS passes', async (t) => {
  const tree = await makeTree('nfs-home', { files: { '/home/alice/.config/docker/daemon.json': '{"data-root": "/srv/local disk/alice/docker"}' } });
  t.after(() => tree.cleanup());
  const r = await dataRootCheck.run({ host: tree.host, user: alice(), exec: noExec });
  assert.equal(r.status, 'ok');
  assert.equal(r.summary, '/srv/local disk/alice/docker on ext4 (from daemon.json)');
});

test('data-root: a local path that is a symlink onto NFS fails', async (t) => {
  const tree = await makeTree('nfs-home');
  t.after(() => tree.cleanup());
  await mkdir(tree.path('/home/shared'), { recursive: true });
  await mkdir(tree.path('/srv'), { recursive: true });
  await symlink('../home/shared', tree.path('/srv/docker'));
  const user = alice({}, { XDG_DATA_HOME: '/srv' });
  const r = await dataRootCheck.run({ host: tree.host, user, exec: noExec });
  assert.equal(r.status, 'fail');
  assert.match(r.summary, /^\/srv\/docker \(\/home\/shared\) is on nfs4/);
});

test('data-root: an unparsable daemon.json warns', async (t) => {
  const tree = await makeTree('debian12-hybrid', { files: { '/home/alice/.config/docker/daemon.json': '{"data-root": ' } });
  t.after(() => tree.cleanup());
  const r = await dataRootCheck.run({ host: tree.host, user: alice(), exec: noExec });
  assert.equal(r.status, 'warn');
  assert.match(r.summary, /^cannot read the data-root setting: unable to configure the Docker daemon with file \/home\/alice\/.config\/docker\/daemon.json: /);
});
