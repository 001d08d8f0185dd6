import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nftablesCheck } from '../../../../src/host/checks/nftables.js';
import { alice, makeTree, noExec } from '../fixture.js';

test('nftables: nft on PATH passes', async (t) => {
  const tree = await makeTree('debian12-hybrid', { bins: ['nft'] });
  t.after(() => tree.cleanup());
  const r = await nftablesCheck.run({ host: tree.host, user: alice(), exec: noExec });
  assert.equal(r.status, 'ok');
  assert.equal(r.summary, '/usr/bin/nft');
});

test('nftables: missing warns with what stops working and the install command', async (t) => {
  const tree = await makeTree('debian12-hybrid');
  t.after(() => tree.cleanup());
  const r = await nftablesCheck.run({ host: tree.host, user: alice(), exec: noExec });
  assert.equal(r.status, 'warn');
  assert.match(r.summary, /containers get no route beyond their bridge/);
  assert.deepEqual(r.fix, ['sudo apt-get install -y nftables']);
});
