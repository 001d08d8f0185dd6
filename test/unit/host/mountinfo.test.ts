import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mountOf, parseMountinfo, readMountinfo } from '../../../src/host/mountinfo.js';
import { HostPaths } from '../../../src/host/host-paths.js';
import { fixturePath } from './fixture.js';

test('parseMountinfo: skips optional fields up to the separator and decodes octal escapes', () => {
  const [entry] = parseMountinfo('61 27 254:3 / /srv/local\\040disk rw,relatime shared:41 master:2 - ext4 /dev/vdb1 rw\n');
  assert.deepEqual(entry, { root: '/', mountPoint: '/srv/local disk', options: ['rw', 'relatime'], fsType: 'ext4', source: '/dev/vdb1' });
});

test('mountOf: the longest mount point wins, by whole path components', async () => {
  const mounts = await readMountinfo(new HostPaths(fixturePath('nfs-home')));
  assert.equal(mountOf(mounts, '/home/alice/.local/share/docker')?.fsType, 'nfs4');
  assert.equal(mountOf(mounts, '/homework')?.fsType, 'ext4');
  assert.equal(mountOf(mounts, '/srv/local disk/x')?.source, '/dev/vdb1');
  assert.equal(mountOf(mounts, '/')?.mountPoint, '/');
});

test('mountOf: the later of two stacked mounts is the visible one', () => {
  const mounts = parseMountinfo('1 0 0:1 / / rw - ext4 a rw\n2 1 0:2 / /data rw - ext4 b rw\n3 1 0:3 / /data rw - nfs c rw\n');
  assert.equal(mountOf(mounts, '/data/x')?.fsType, 'nfs');
});
