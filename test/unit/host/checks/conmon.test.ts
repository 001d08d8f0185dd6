import { test } from 'node:test';
import assert from 'node:assert/strict';
import { conmonCheck } from '../../../../src/host/checks/conmon.js';
import { alice, makeTree, noExec } from '../fixture.js';

test('conmon: found on PATH passes', async (t) => {
  const tree = await makeTree('debian12-hybrid', { bins: ['conmon'] });
  t.after(() => tree.cleanup());
  const r = await conmonCheck.run({ host: tree.host, user: alice(), exec: noExec });
  assert.equal(r.status, 'ok');
  assert.equal(r.summary, '/usr/bin/conmon');
});

test('conmon: missing fails with the install command', async (t) => {
  const tree = await makeTree('xdg-unset');
  t.after(() => tree.cleanup());
  const r = await conmonCheck.run({ host: tree.host, user: alice(), exec: noExec });
  assert.equal(r.status, 'fail');
  assert.deepEqual(r.fix, ['sudo dnf install -y conmon']);
});
