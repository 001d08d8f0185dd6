import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmod, chown, link, mkdir, symlink, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { packDirectory } from '../../../src/archive/pack-directory.js';
import { findXattrTools } from '../../../src/archive/xattrs.js';
import { readAll, run, tempDir } from './helpers.js';

const tools = await findXattrTools();

test('packDirectory: sorted entries with on-disk owners, modes, seconds mtimes, links and fifos', async (t) => {
  const dir = await tempDir(t);
  await mkdir(join(dir, 'b/sub'), { recursive: true });
  await writeFile(join(dir, 'b/sub/f'), 'content');
  await chown(join(dir, 'b/sub/f'), 1000, 65534);
  await chmod(join(dir, 'b/sub/f'), 0o4750);
  await utimes(join(dir, 'b/sub/f'), 1700000000.75, 1700000000.75);
  await link(join(dir, 'b/sub/f'), join(dir, 'a-hard'));
  await symlink('../elsewhere', join(dir, 'c-link'));
  await run('mkfifo', [join(dir, 'd-fifo')]);
  await writeFile(join(dir, 'b.txt'), 'x');
  const entries = await readAll(packDirectory(dir));
  assert.deepEqual(
    entries.map((e) => `${e.header.type} ${e.header.name}`),
    ['file a-hard', 'dir b/', 'dir b/sub/', 'hardlink b/sub/f', 'file b.txt', 'symlink c-link', 'fifo d-fifo'],
  );
  const first = entries[0]?.header;
  assert.ok(first);
  assert.equal(first.uid, 1000);
  assert.equal(first.gid, 65534);
  assert.equal(first.mode, 0o4750);
  assert.equal(first.mtime, 1700000000);
  assert.equal(entries[0]?.data.toString(), 'content');
  assert.equal(entries[3]?.header.linkname, 'a-hard');
  assert.equal(entries[5]?.header.linkname, '../elsewhere');
});

test('packDirectory: overlay whiteouts go back to OCI form', async (t) => {
  const dir = await tempDir(t);
  await mkdir(join(dir, 'opq'));
  await writeFile(join(dir, 'opq/new'), 'n');
  await run('mknod', [join(dir, 'gone'), 'c', '0', '0']);
  // fuse-overlayfs' on-disk opaque marker is already the OCI name.
  await mkdir(join(dir, 'fuse-opq'));
  await writeFile(join(dir, 'fuse-opq/.wh..wh..opq'), '');
  const names = (await readAll(packDirectory(dir))).map((e) => `${e.header.type} ${e.header.name}`);
  assert.deepEqual(names, ['dir fuse-opq/', 'file fuse-opq/.wh..wh..opq', 'file .wh.gone', 'dir opq/', 'file opq/new']);
});

test('packDirectory: xattrs (binary) and opaque dirs via getfattr', { skip: tools === undefined ? 'getfattr/setfattr not installed' : false }, async (t) => {
  const dir = await tempDir(t);
  const value = Buffer.from([0x01, 0x00, 0x00, 0x02, 0xff, 0xfe, 0x0a, 0x80, 0x00, 0x20]);
  await mkdir(join(dir, 'opq'));
  await writeFile(join(dir, 'opq/f'), 'f');
  await tools?.set(join(dir, 'opq/f'), new Map([['user.bin', value]]));
  await tools?.set(join(dir, 'opq'), new Map([['user.overlay.opaque', Buffer.from('y')]]));
  const entries = await readAll(packDirectory(dir, { xattrs: tools }));
  assert.deepEqual(entries.map((e) => e.header.name), ['opq/', 'opq/.wh..wh..opq', 'opq/f']);
  assert.deepEqual(entries[2]?.header.xattrs.get('user.bin'), value);
  assert.equal(entries[0]?.header.xattrs.size, 0, 'overlay bookkeeping xattrs are not exported');
});
