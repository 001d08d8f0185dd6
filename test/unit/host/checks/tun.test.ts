import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmod } from 'node:fs/promises';
import { tunCheck } from '../../../../src/host/checks/tun.js';
import { HostPaths } from '../../../../src/host/host-paths.js';
import { alice, fixturePath, makeTree, noExec } from '../fixture.js';

test('tun: a readable and writable /dev/net/tun passes', async (t) => {
  // A copy, so the device stand-in belongs to whoever runs the tests.
  const tree = await makeTree('debian12-hybrid');
  t.after(() => tree.cleanup());
  const r = await tunCheck.run({ host: tree.host, user: alice(), exec: noExec });
  assert.equal(r.status, 'ok');
});

test('tun: a missing /dev/net/tun warns with modprobe', async () => {
  const r = await tunCheck.run({ host: new HostPaths(fixturePath('userns-disabled')), user: alice(), exec: noExec });
  assert.equal(r.status, 'warn');
  assert.deepEqual(r.fix, ['sudo modprobe tun']);
});

test('tun: a device the user cannot open warns with chmod 0666', { skip: process.getuid?.() === 0 ? 'root may open any file' : false }, async (t) => {
  const tree = await makeTree('debian12-hybrid');
  t.after(() => tree.cleanup());
  await chmod(tree.path('/dev/net/tun'), 0o400);
  const r = await tunCheck.run({ host: tree.host, user: alice(), exec: noExec });
  assert.equal(r.status, 'warn');
  assert.equal(r.summary, '/dev/net/tun is not readable and writable by alice');
  assert.deepEqual(r.fix, ['sudo chmod 0666 /dev/net/tun']);
});
