import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allChecks, blockingFailures, runChecks, selectChecks } from '../../../../src/host/checks/index.js';
import { defineCheck, type Check } from '../../../../src/host/checks/check.js';
import { alice, makeTree, noExec } from '../fixture.js';

const STARTUP = ['newuidmap', 'subuid', 'subgid', 'userns', 'xdg-runtime-dir'];

test('allChecks: every contract id, once, in display order', () => {
  assert.deepEqual(
    allChecks.map((c) => c.id),
    ['newuidmap', 'subuid', 'subgid', 'userns', 'xdg-runtime-dir', 'systemd', 'network', 'tun', 'nftables', 'storage', 'data-root', 'oci-runtime', 'conmon', 'cgroup', 'ping', 'privileged-ports', 'rootful-docker'],
  );
  assert.deepEqual(
    allChecks.filter((c) => c.blocking).map((c) => c.id),
    ['newuidmap', 'subuid', 'subgid', 'userns', 'xdg-runtime-dir', 'network', 'oci-runtime', 'conmon'],
  );
});

test('runChecks: runs concurrently and keeps the given order', async (t) => {
  const tree = await makeTree(undefined);
  t.after(() => tree.cleanup());
  const started: string[] = [];
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const slow = defineCheck({ id: 'slow', title: 'Slow', blocking: false }, async () => {
    started.push('slow');
    await gate;
    return { status: 'ok', summary: 'slow done' };
  });
  const fast = defineCheck({ id: 'fast', title: 'Fast', blocking: false }, () => {
    started.push('fast');
    // `slow` is still waiting, so both must be in flight at once for this to resolve.
    release();
    return Promise.resolve({ status: 'ok', summary: 'fast done' });
  });
  const results = await runChecks({ host: tree.host, user: alice(), exec: noExec }, [slow, fast]);
  assert.deepEqual(started, ['slow', 'fast']);
  assert.deepEqual(results.map((r) => r.id), ['slow', 'fast']);
});

test('runChecks: a check that throws is reported as fail when blocking, warn otherwise', async (t) => {
  const tree = await makeTree(undefined);
  t.after(() => tree.cleanup());
  const boom = (blocking: boolean): Check => defineCheck({ id: `boom-${blocking}`, title: 'Boom', blocking }, () => Promise.reject(new Error('disk on fire')));
  const results = await runChecks({ host: tree.host, user: alice() }, [boom(true), boom(false)]);
  assert.deepEqual(results.map((r) => [r.status, r.summary]), [
    ['fail', 'the check itself failed: disk on fire'],
    ['warn', 'the check itself failed: disk on fire'],
  ]);
  assert.deepEqual(blockingFailures(results, [boom(true), boom(false)]).map((r) => r.id), ['boom-true']);
});

test('selectChecks: the daemon start-up subset, in order; unknown ids throw', () => {
  assert.deepEqual(selectChecks(STARTUP).map((c) => c.id), STARTUP);
  assert.throws(() => selectChecks(['nope']), /unknown check: nope/);
});

test('start-up subset: reads files only, and reports the missing XDG_RUNTIME_DIR as blocking', async (t) => {
  const tree = await makeTree('debian12-hybrid', { bins: ['newuidmap', 'newgidmap'] });
  t.after(() => tree.cleanup());
  const results = await runChecks({ host: tree.host, user: alice(), exec: noExec }, selectChecks(STARTUP));
  assert.ok(results.every((r) => !r.summary.startsWith('the check itself failed')), JSON.stringify(results));
  assert.deepEqual(blockingFailures(results).map((r) => r.id), ['xdg-runtime-dir']);
});
