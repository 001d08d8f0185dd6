import { test } from 'node:test';
import assert from 'node:assert/strict';
import { subgidCheck, subuidCheck } from '../../../../src/host/checks/subordinate-ids.js';
import { HostPaths } from '../../../../src/host/host-paths.js';
import { alice, fixturePath, makeTree, noExec } from '../fixture.js';

const host = (scenario: string) => new HostPaths(fixturePath(scenario));

test('subuid/subgid: 65536 ids by name pass', async () => {
  const ctx = { host: host('debian12-hybrid'), user: alice(), exec: noExec };
  const [uids, gids] = await Promise.all([subuidCheck.run(ctx), subgidCheck.run(ctx)]);
  assert.deepEqual([uids.status, gids.status], ['ok', 'ok']);
  assert.equal(uids.summary, '65536 subordinate uids for alice (100000-165535)');
  assert.equal(gids.id, 'subgid');
});

test('subgid: a range listed under the numeric uid counts', async () => {
  const r = await subgidCheck.run({ host: host('cgroup2-delegated'), user: alice({ gid: 1001 }), exec: noExec });
  assert.equal(r.status, 'ok');
  assert.equal(r.summary, '65536 subordinate gids for alice (165536-231071)');
});

test('subuid: no range for the user fails with a free range after every existing one, in both files', async () => {
  const r = await subuidCheck.run({ host: host('no-subuid'), user: alice(), exec: noExec });
  assert.equal(r.status, 'fail');
  assert.equal(r.summary, 'no subordinate uids for alice (uid 1000) in /etc/subuid');
  // dave's gid block ends at 365535, so uids and gids can share 365536-431071.
  assert.deepEqual(r.fix, ['sudo usermod --add-subuids 365536-431071 alice', '# or, without usermod:', "echo 'alice:365536:65536' | sudo tee -a /etc/subuid"]);
  const g = await subgidCheck.run({ host: host('no-subuid'), user: alice(), exec: noExec });
  assert.equal(g.fix?.[0], 'sudo usermod --add-subgids 365536-431071 alice');
});

test('subuid: too few ids fail and say how many are needed', async (t) => {
  const tree = await makeTree(undefined, { files: { '/etc/subuid': 'alice:100000:1000\n' } });
  t.after(() => tree.cleanup());
  const r = await subuidCheck.run({ host: tree.host, user: alice(), exec: noExec });
  assert.equal(r.status, 'fail');
  assert.equal(r.summary, 'only 1000 subordinate uids for alice in /etc/subuid; at least 65536 are needed');
  assert.equal(r.fix?.[0], 'sudo usermod --add-subuids 101000-166535 alice');
});

test('subuid: a malformed line fails with its location', async (t) => {
  const tree = await makeTree(undefined, { files: { '/etc/subuid': 'alice:100000\n' } });
  t.after(() => tree.cleanup());
  const r = await subuidCheck.run({ host: tree.host, user: alice(), exec: noExec });
  assert.equal(r.status, 'fail');
  assert.equal(r.summary, '/etc/subuid:1: Format not correct: "alice:100000"');
  assert.deepEqual(r.fix, ['# fix the line in /etc/subuid: each line must be name-or-id:start:count', 'sudoedit /etc/subuid']);
});
