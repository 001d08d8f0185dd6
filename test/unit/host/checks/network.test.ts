import { test } from 'node:test';
import assert from 'node:assert/strict';
import { networkCheck } from '../../../../src/host/checks/network.js';
import { alice, fakeExec, makeTree, noExec } from '../fixture.js';

const NEW_HELP = 'Usage: slirp4netns [OPTION]... PID|PATH [TAPNAME]\n--netns-type=TYPE \t specify network namespace type ([path|pid], default=pid)\n';
const OLD_HELP = 'Usage: slirp4netns [OPTION]... PID [TAPNAME]\n-c, --configure          bring up the interface\n';

function slirp(help: string) {
  return fakeExec((name, args) => {
    assert.equal(name, 'slirp4netns');
    return args[0] === '--help' ? { code: 0, stdout: help } : { code: 0, stdout: 'slirp4netns version 1.2.0\ncommit: 656041d\n' };
  });
}

test('network: slirp4netns with --netns-type and pasta pass', async (t) => {
  const tree = await makeTree('debian12-hybrid', { bins: ['slirp4netns', 'pasta'] });
  t.after(() => tree.cleanup());
  const r = await networkCheck.run({ host: tree.host, user: alice(), exec: slirp(NEW_HELP).exec });
  assert.equal(r.status, 'ok');
  assert.equal(r.summary, 'slirp4netns 1.2.0, pasta');
});

test('network: slirp4netns older than 0.4.0 alone fails', async (t) => {
  const tree = await makeTree('debian12-hybrid', { bins: ['slirp4netns'] });
  t.after(() => tree.cleanup());
  const r = await networkCheck.run({ host: tree.host, user: alice(), exec: slirp(OLD_HELP).exec });
  assert.equal(r.status, 'fail');
  assert.equal(r.summary, '/usr/bin/slirp4netns is older than 0.4.0 (its --help lacks --netns-type)');
  assert.equal(r.fix?.[0], 'sudo apt-get install -y slirp4netns');
});

test('network: an old slirp4netns is noted when pasta can be used instead', async (t) => {
  const tree = await makeTree('debian12-hybrid', { bins: ['slirp4netns', 'pasta'] });
  t.after(() => tree.cleanup());
  const r = await networkCheck.run({ host: tree.host, user: alice(), exec: slirp(OLD_HELP).exec });
  assert.equal(r.status, 'ok');
  assert.equal(r.summary, 'pasta');
  assert.match(r.detail ?? '', /older than 0.4.0/);
});

test('network: no driver at all fails', async (t) => {
  const tree = await makeTree('debian12-hybrid');
  t.after(() => tree.cleanup());
  const r = await networkCheck.run({ host: tree.host, user: alice(), exec: noExec });
  assert.equal(r.status, 'fail');
  assert.equal(r.summary, 'no network driver: none of slirp4netns, pasta, vpnkit is installed');
});
