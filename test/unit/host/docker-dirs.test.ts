import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DaemonJsonError, daemonJsonPath, resolveDataRoot } from '../../../src/host/docker-dirs.js';
import { alice, makeTree } from './fixture.js';

test('daemonJsonPath and the default data-root honour the XDG variables', async (t) => {
  const tree = await makeTree(undefined);
  t.after(() => tree.cleanup());
  assert.equal(daemonJsonPath(alice()), '/home/alice/.config/docker/daemon.json');
  assert.equal(daemonJsonPath(alice({}, { XDG_CONFIG_HOME: '/cfg' })), '/cfg/docker/daemon.json');
  assert.deepEqual(await resolveDataRoot(tree.host, alice({}, { XDG_DATA_HOME: '/data' })), { path: '/data/docker', configured: false });
});

test('resolveDataRoot reads data-root and rejects a relative one', async (t) => {
  const tree = await makeTree(undefined, { files: { '/home/alice/.config/docker/daemon.json': '{"data-root":"/srv/d","debug":true}' } });
  t.after(() => tree.cleanup());
  assert.deepEqual(await resolveDataRoot(tree.host, alice()), { path: '/srv/d', configured: true });
  const bad = await makeTree(undefined, { files: { '/home/alice/.config/docker/daemon.json': '{"data-root":"d"}' } });
  t.after(() => bad.cleanup());
  await assert.rejects(resolveDataRoot(bad.host, alice()), DaemonJsonError);
});
