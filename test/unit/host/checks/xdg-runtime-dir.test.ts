import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmod, mkdir } from 'node:fs/promises';
import { xdgRuntimeDirCheck } from '../../../../src/host/checks/xdg-runtime-dir.js';
import { alice, makeTree, noExec, type Tree } from '../fixture.js';

const me = process.getuid?.() ?? 0;

async function withRuntimeDir(scenario: string, mode: number): Promise<Tree> {
  const tree = await makeTree(scenario);
  await mkdir(tree.path('/run/user/1000'), { recursive: true });
  await chmod(tree.path('/run/user/1000'), mode);
  return tree;
}

test('xdg-runtime-dir: a 0700 directory owned by the user passes', async (t) => {
  const tree = await withRuntimeDir('debian12-hybrid', 0o700);
  t.after(() => tree.cleanup());
  const r = await xdgRuntimeDirCheck.run({ host: tree.host, user: alice({ uid: me }, { XDG_RUNTIME_DIR: '/run/user/1000' }), exec: noExec });
  assert.equal(r.status, 'ok');
  assert.equal(r.summary, '/run/user/1000');
});

test('xdg-runtime-dir: unset on a non-systemd host fails with the $HOME/.docker/run recipe', async (t) => {
  const tree = await makeTree('debian12-hybrid');
  t.after(() => tree.cleanup());
  const r = await xdgRuntimeDirCheck.run({ host: tree.host, user: alice(), exec: noExec });
  assert.equal(r.status, 'fail');
  assert.equal(r.summary, 'XDG_RUNTIME_DIR is not set');
  assert.deepEqual(r.fix, [
    '# non-systemd host: use a private directory, and remove it on every logout',
    'export XDG_RUNTIME_DIR=/home/alice/.docker/run',
    'rm -rf /home/alice/.docker/run',
    'mkdir -p -m 0700 /home/alice/.docker/run',
  ]);
});

test('xdg-runtime-dir: unset on a systemd host says to log in through pam_systemd', async (t) => {
  const tree = await makeTree('xdg-unset');
  t.after(() => tree.cleanup());
  const r = await xdgRuntimeDirCheck.run({ host: tree.host, user: alice(), exec: noExec });
  assert.equal(r.status, 'fail');
  const fix = r.fix ?? [];
  assert.ok(fix.includes('ssh alice@localhost'));
  assert.ok(fix.includes('# or: sudo machinectl shell alice@'));
  assert.ok(fix.some((l) => l.includes('sudo loginctl enable-linger alice') && l.includes('XDG_RUNTIME_DIR=/run/user/1000')));
});

test('xdg-runtime-dir: a group-readable directory fails with chmod 0700', async (t) => {
  const tree = await withRuntimeDir('debian12-hybrid', 0o755);
  t.after(() => tree.cleanup());
  const r = await xdgRuntimeDirCheck.run({ host: tree.host, user: alice({ uid: me }, { XDG_RUNTIME_DIR: '/run/user/1000' }), exec: noExec });
  assert.equal(r.status, 'fail');
  assert.equal(r.summary, 'XDG_RUNTIME_DIR=/run/user/1000 has mode 0755, not 0700');
  assert.deepEqual(r.fix, ['chmod 0700 /run/user/1000']);
});

test('xdg-runtime-dir: a directory owned by someone else fails with chown to the user', async (t) => {
  const tree = await withRuntimeDir('debian12-hybrid', 0o700);
  t.after(() => tree.cleanup());
  const r = await xdgRuntimeDirCheck.run({ host: tree.host, user: alice({ uid: me + 1 }, { XDG_RUNTIME_DIR: '/run/user/1000' }), exec: noExec });
  assert.equal(r.status, 'fail');
  assert.equal(r.summary, `XDG_RUNTIME_DIR=/run/user/1000 is owned by uid ${me}, not alice (${me + 1})`);
  assert.deepEqual(r.fix, ['sudo chown alice: /run/user/1000', 'chmod 0700 /run/user/1000']);
});

test('xdg-runtime-dir: under /tmp or missing fails', async (t) => {
  const tree = await makeTree('debian12-hybrid');
  t.after(() => tree.cleanup());
  const tmp = await xdgRuntimeDirCheck.run({ host: tree.host, user: alice({}, { XDG_RUNTIME_DIR: '/tmp/alice-run' }), exec: noExec });
  assert.equal(tmp.status, 'fail');
  assert.match(tmp.summary, /is under \/tmp/);
  const missing = await xdgRuntimeDirCheck.run({ host: tree.host, user: alice({}, { XDG_RUNTIME_DIR: '/run/user/1000' }), exec: noExec });
  assert.equal(missing.summary, 'XDG_RUNTIME_DIR=/run/user/1000 does not exist');
});
