import { test } from 'node:test';
import assert from 'node:assert/strict';
import { systemdCheck } from '../../../../src/host/checks/systemd.js';
import { HostPaths } from '../../../../src/host/host-paths.js';
import { alice, fixturePath, noExec } from '../fixture.js';

const host = (scenario: string) => new HostPaths(fixturePath(scenario));

test('systemd: a user bus under XDG_RUNTIME_DIR passes', async () => {
  const r = await systemdCheck.run({ host: host('cgroup2-delegated'), user: alice({}, { XDG_RUNTIME_DIR: '/run/user/1000' }), exec: noExec });
  assert.equal(r.status, 'ok');
  assert.equal(r.summary, 'systemd user session, D-Bus at /run/user/1000/bus');
});

test('systemd: a non-systemd host is information only', async () => {
  const r = await systemdCheck.run({ host: host('debian12-hybrid'), user: alice(), exec: noExec });
  assert.equal(r.status, 'info');
  assert.equal(r.summary, 'non-systemd host: start `burrow daemon` manually');
});

test('systemd: no D-Bus session warns with the distribution package and a pam_systemd login', async () => {
  const r = await systemdCheck.run({ host: host('xdg-unset'), user: alice(), exec: noExec });
  assert.equal(r.status, 'warn');
  assert.equal(r.fix?.[0], 'sudo dnf install -y dbus-daemon');
  assert.match(r.fix[1] ?? '', /ssh alice@localhost, or sudo machinectl shell alice@/);
});
