import { test } from 'node:test';
import assert from 'node:assert/strict';
import { installFix } from '../../../../src/host/checks/install-fix.js';
import { HostPaths } from '../../../../src/host/host-paths.js';
import { fixturePath, makeTree } from '../fixture.js';

const uidmap = { apt: 'uidmap', dnf: 'shadow-utils' };

test('installFix uses the host package manager and its package name', async () => {
  assert.equal(await installFix(new HostPaths(fixturePath('cgroup2-delegated')), uidmap), 'sudo apt-get install -y uidmap');
  assert.equal(await installFix(new HostPaths(fixturePath('xdg-unset')), uidmap), 'sudo dnf install -y shadow-utils');
});

test('installFix without a known distribution names the Debian package', async (t) => {
  const tree = await makeTree(undefined, { files: { '/etc/os-release': 'ID=alpine\n' } });
  t.after(() => tree.cleanup());
  assert.equal(await installFix(tree.host, uidmap), '# install the package that provides it (Debian/Ubuntu: uidmap) with your package manager');
});
