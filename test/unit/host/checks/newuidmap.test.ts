import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmod } from 'node:fs/promises';
import { newuidmapCheck } from '../../../../src/host/checks/newuidmap.js';
import { alice, fakeExec, makeTree, noExec } from '../fixture.js';

test('newuidmap: missing tools fail with the distribution install command', async (t) => {
  const tree = await makeTree('debian12-hybrid');
  t.after(() => tree.cleanup());
  const r = await newuidmapCheck.run({ host: tree.host, user: alice(), exec: noExec });
  assert.equal(r.status, 'fail');
  assert.equal(r.summary, 'newuidmap and newgidmap not found');
  assert.deepEqual(r.fix, ['sudo apt-get install -y uidmap']);
});

test('newuidmap: file capabilities reported by getcap make the tools usable', async (t) => {
  const tree = await makeTree('debian12-hybrid', { bins: ['newuidmap', 'newgidmap', 'getcap'] });
  t.after(() => tree.cleanup());
  const { exec, calls } = fakeExec((_, [file]) => ({
    code: 0,
    stdout: file?.endsWith('newuidmap') === true ? `${file} cap_setuid=ep\n` : `${file} = cap_setgid+ep\n`,
  }));
  const r = await newuidmapCheck.run({ host: tree.host, user: alice(), exec });
  assert.equal(r.status, 'ok');
  assert.equal(r.summary, '/usr/bin/newuidmap (file capability), /usr/bin/newgidmap (file capability)');
  assert.deepEqual(calls.map((c) => c.args), [[tree.path('/usr/bin/newuidmap')], [tree.path('/usr/bin/newgidmap')]]);
});

test('newuidmap: tools without setuid or capabilities fail with chmod u+s', async (t) => {
  const tree = await makeTree('debian12-hybrid', { bins: ['newuidmap', 'newgidmap', 'getcap'] });
  t.after(() => tree.cleanup());
  const { exec } = fakeExec((_, [file]) => ({ code: 0, stdout: file?.endsWith('newuidmap') === true ? '' : `${file} cap_setgid=ep\n` }));
  const r = await newuidmapCheck.run({ host: tree.host, user: alice(), exec });
  assert.equal(r.status, 'fail');
  assert.equal(r.summary, '/usr/bin/newuidmap neither setuid root nor given file capabilities');
  assert.deepEqual(r.fix, ['sudo chown root:root /usr/bin/newuidmap', 'sudo chmod u+s /usr/bin/newuidmap']);
});

test('newuidmap: without getcap the capabilities are unknown, a warning', async (t) => {
  const tree = await makeTree('debian12-hybrid', { bins: ['newuidmap', 'newgidmap'] });
  t.after(() => tree.cleanup());
  const r = await newuidmapCheck.run({ host: tree.host, user: alice(), exec: noExec });
  assert.equal(r.status, 'warn');
  assert.match(r.summary, /getcap not installed/);
  assert.deepEqual(r.fix, ['sudo apt-get install -y libcap2-bin', 'getcap /usr/bin/newuidmap', 'getcap /usr/bin/newgidmap']);
});

test('newuidmap: setuid-root tools pass without spawning anything', { skip: process.getuid?.() !== 0 ? 'needs root to create a setuid-root file' : false }, async (t) => {
  const tree = await makeTree('debian12-hybrid', { bins: ['newuidmap', 'newgidmap', 'getcap'] });
  t.after(() => tree.cleanup());
  await chmod(tree.path('/usr/bin/newuidmap'), 0o4755);
  await chmod(tree.path('/usr/bin/newgidmap'), 0o4755);
  const r = await newuidmapCheck.run({ host: tree.host, user: alice(), exec: noExec });
  assert.equal(r.status, 'ok');
  assert.equal(r.summary, '/usr/bin/newuidmap (setuid root), /usr/bin/newgidmap (setuid root)');
});
