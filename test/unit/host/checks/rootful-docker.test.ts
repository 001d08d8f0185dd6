import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rootfulDockerCheck } from '../../../../src/host/checks/rootful-docker.js';
import { HostPaths } from '../../../../src/host/host-paths.js';
import { alice, fixturePath, noExec } from '../fixture.js';

test('rootful-docker: a rootless dockerd of another user is not rootful Docker', async () => {
  const r = await rootfulDockerCheck.run({ host: new HostPaths(fixturePath('debian12-hybrid')), user: alice(), exec: noExec });
  assert.equal(r.status, 'ok');
});

test('rootful-docker: the system socket and a root dockerd warn, with DOCKER_HOST for this user', async () => {
  const r = await rootfulDockerCheck.run({ host: new HostPaths(fixturePath('cgroup2-delegated')), user: alice(), exec: noExec });
  assert.equal(r.status, 'warn');
  assert.match(r.summary, /\/var\/run\/docker.sock/);
  assert.match(r.summary, /dockerd running as root \(pid 812\)/);
  assert.match(r.summary, /Burrow ignores it, but clients using the default socket talk to rootful Docker/);
  assert.deepEqual(r.fix, [
    '# consider disabling it:',
    'sudo systemctl disable --now docker.service docker.socket',
    'sudo rm /var/run/docker.sock',
    '# or keep it, and point clients at Burrow:',
    'export DOCKER_HOST=unix:///run/user/1000/docker.sock',
  ]);
});
