import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lstat, readdir, readFile, readlink, stat } from 'node:fs/promises';
import { findXattrTools } from '../../../src/archive/xattrs.js';
import type { TarInput } from '../../../src/archive/tar-writer.js';
import { DRIVERS, findView, mountedView, layerId, newStore, T, tarOf } from './helpers.js';

const tools = await findXattrTools();

function base(): TarInput[] {
  return [
    { header: { name: 'data/', type: 'dir', mtime: T - 100 } },
    { header: { name: 'data/keep.txt', type: 'file' }, body: Buffer.from('keep\n') },
    { header: { name: 'data/gone.txt', type: 'file' }, body: Buffer.from('gone\n') },
    { header: { name: 'data/owned/', type: 'dir', mode: 0o750, uid: 1000, gid: 1000, mtime: T - 200 } },
    { header: { name: 'data/owned/app.txt', type: 'file', mode: 0o640, uid: 1000, gid: 1000 }, body: Buffer.from('app\n') },
    { header: { name: 'data/nobody.txt', type: 'file', mode: 0o600, uid: 65534, gid: 65534 }, body: Buffer.from('nobody\n') },
    { header: { name: 'data/setuid', type: 'file', mode: 0o4755, uid: 1000 }, body: Buffer.from('#!/bin/sh\n') },
    { header: { name: 'data/sticky/', type: 'dir', mode: 0o1777 } },
    { header: { name: 'data/keep-hardlink.txt', type: 'hardlink', linkname: 'data/keep.txt' } },
    { header: { name: 'data/keep-symlink.txt', type: 'symlink', linkname: 'keep.txt', uid: 1000, gid: 1000 } },
    { header: { name: 'data/fifo', type: 'fifo', mode: 0o620 } },
    { header: { name: 'dev/', type: 'dir' } },
    { header: { name: 'dev/null', type: 'char', devmajor: 1, devminor: 3, mode: 0o666 } },
    { header: { name: 'dev/sda', type: 'block', devmajor: 8, devminor: 0 } },
    { header: { name: 'opq/', type: 'dir' } },
    { header: { name: 'opq/old1.txt', type: 'file' }, body: Buffer.from('old1') },
    { header: { name: 'opq/sub/', type: 'dir' } },
    { header: { name: 'opq/sub/old2.txt', type: 'file' }, body: Buffer.from('old2') },
    { header: { name: 'gonedir/', type: 'dir' } },
    { header: { name: 'gonedir/inner.txt', type: 'file' }, body: Buffer.from('inner') },
  ];
}

function top(): TarInput[] {
  return [
    { header: { name: 'data/', type: 'dir' } },
    { header: { name: 'data/.wh.gone.txt', type: 'file' } },
    { header: { name: 'data/keep.txt', type: 'file' }, body: Buffer.from('version 2\n') },
    { header: { name: 'opq/', type: 'dir', mode: 0o700 } },
    { header: { name: 'opq/.wh..wh..opq', type: 'file' } },
    { header: { name: 'opq/new.txt', type: 'file' }, body: Buffer.from('new') },
    { header: { name: 'opq/sub/', type: 'dir' } },
    { header: { name: 'opq/sub/new2.txt', type: 'file' }, body: Buffer.from('new2') },
    { header: { name: '.wh.gonedir', type: 'file' } },
  ];
}

for (const driver of DRIVERS) {
  test(`${driver}: owners, modes (setuid, sticky), links, fifos, times; devices skipped`, async (t) => {
    const { store, logs } = await newStore(t, driver);
    const { size } = await store.apply(layerId(1), undefined, tarOf(base()));
    assert.equal(size, 5 + 5 + 4 + 7 + 10 + 'keep.txt'.length + 4 + 4 + 5);
    assert.equal(await store.size(layerId(1)), size);
    const d = store.diffDir(layerId(1));
    const app = await stat(`${d}/data/owned/app.txt`);
    assert.deepEqual([app.uid, app.gid, app.mode & 0o7777], [1000, 1000, 0o640]);
    assert.deepEqual([(await stat(`${d}/data/nobody.txt`)).uid, (await stat(`${d}/data/nobody.txt`)).mode & 0o7777], [65534, 0o600]);
    const setuid = await stat(`${d}/data/setuid`);
    assert.equal(setuid.mode & 0o7777, 0o4755, 'setuid survives the chown');
    assert.equal(setuid.uid, 1000);
    assert.equal((await stat(`${d}/data/sticky`)).mode & 0o7777, 0o1777);
    const owned = await stat(`${d}/data/owned`);
    assert.deepEqual([owned.mode & 0o7777, owned.uid, owned.mtimeMs / 1000], [0o750, 1000, T - 200], 'directory times are set after their children');
    assert.equal((await stat(`${d}/data`)).mtimeMs / 1000, T - 100);
    assert.equal((await stat(`${d}/data/keep.txt`)).nlink, 2);
    assert.equal((await stat(`${d}/data/keep.txt`)).ino, (await stat(`${d}/data/keep-hardlink.txt`)).ino);
    assert.equal(await readlink(`${d}/data/keep-symlink.txt`), 'keep.txt');
    assert.equal((await lstat(`${d}/data/keep-symlink.txt`)).uid, 1000);
    assert.equal((await lstat(`${d}/data/keep-symlink.txt`)).mtimeMs / 1000, T);
    const fifo = await lstat(`${d}/data/fifo`);
    assert.ok(fifo.isFIFO());
    assert.equal(fifo.mode & 0o7777, 0o620);
    assert.deepEqual(await readdir(`${d}/dev`), []);
    assert.equal(logs.filter((l) => l.msg.startsWith('skipping device node')).length, 2);
  });

  test(`${driver}: whiteouts and opaque directories over a lower layer`, async (t) => {
    const { store } = await newStore(t, driver);
    await store.apply(layerId(1), undefined, tarOf(base()));
    await store.apply(layerId(2), layerId(1), tarOf(top()));
    const d = store.diffDir(layerId(2));
    if (driver === 'vfs') {
      await assert.rejects(lstat(`${d}/data/gone.txt`), { code: 'ENOENT' });
      await assert.rejects(lstat(`${d}/gonedir`), { code: 'ENOENT' });
      assert.deepEqual((await readdir(`${d}/opq`)).sort(), ['new.txt', 'sub']);
      assert.deepEqual(await readdir(`${d}/opq/sub`), ['new2.txt']);
      assert.equal(await readFile(`${d}/data/keep.txt`, 'utf8'), 'version 2\n');
      assert.equal(await readFile(`${d}/data/owned/app.txt`, 'utf8'), 'app\n', 'the parent layer is copied');
      assert.equal(await readFile(`${store.diffDir(layerId(1))}/data/keep.txt`, 'utf8'), 'keep\n', 'the parent layer is untouched');
      return;
    }
    const gone = await lstat(`${d}/data/gone.txt`);
    assert.ok(gone.isCharacterDevice() && gone.rdev === 0, 'overlay whiteout is a 0/0 char device');
    assert.ok((await lstat(`${d}/gonedir`)).isCharacterDevice());
    assert.deepEqual((await readdir(`${d}/data`)).sort(), ['gone.txt', 'keep.txt'], 'the diff holds only this layer');
    const opq = (await readdir(`${d}/opq`)).sort();
    if (driver === 'fuse-overlayfs') {
      assert.deepEqual(opq, ['.wh..wh..opq', 'new.txt', 'sub']);
    } else if (tools !== undefined) {
      const attrs = await tools.readTree(`${d}/opq`);
      assert.equal(attrs.get('')?.get('user.overlay.opaque')?.toString(), 'y');
      assert.deepEqual(opq, ['new.txt', 'sub']);
    } else {
      assert.deepEqual(opq, ['new.txt', 'old1.txt', 'sub'], 'without xattrs, lower names are whited out');
      assert.deepEqual((await readdir(`${d}/opq/sub`)).sort(), ['new2.txt', 'old2.txt']);
    }
  });
}

for (const driver of ['overlay2', 'fuse-overlayfs'] as const) {
  test(`${driver}: the layers look the same as the vfs tree through a real overlay mount`, async (t) => {
    const overlay = await newStore(t, driver);
    const vfs = await newStore(t, 'vfs');
    for (const s of [overlay.store, vfs.store]) {
      await s.apply(layerId(1), undefined, tarOf(base()));
      await s.apply(layerId(2), layerId(1), tarOf(top()));
    }
    const source = await overlay.store.rootfsSource(layerId(2));
    assert.ok(source.kind === 'overlay');
    const view = await mountedView(t, driver, source.lowerDirs);
    if (view === undefined) {
      t.skip(`cannot mount ${driver} here`);
      return;
    }
    assert.deepEqual(view, await findView(vfs.store.diffDir(layerId(2))));
  });
}

test('overlay2 without xattr tools: opaque dirs are emulated with whiteouts, and the kernel agrees', async (t) => {
  const overlay = await newStore(t, 'overlay2', { xattrs: 'none' });
  const vfs = await newStore(t, 'vfs');
  for (const s of [overlay.store, vfs.store]) {
    await s.apply(layerId(1), undefined, tarOf(base()));
    await s.apply(layerId(2), layerId(1), tarOf(top()));
  }
  assert.deepEqual((await readdir(`${overlay.store.diffDir(layerId(2))}/opq`)).sort(), ['new.txt', 'old1.txt', 'sub']);
  const source = await overlay.store.rootfsSource(layerId(2));
  const view = await mountedView(t, 'overlay2', source.kind === 'overlay' ? source.lowerDirs : []);
  if (view !== undefined) assert.deepEqual(view, await findView(vfs.store.diffDir(layerId(2))));
});

test('xattrs: user.* bytes are applied, overlay bookkeeping names never', { skip: tools === undefined ? 'getfattr/setfattr not installed' : false }, async (t) => {
  const { store, logs } = await newStore(t, 'overlay2');
  const value = Buffer.from([0x01, 0x00, 0x00, 0x02, 0xff, 0xfe, 0x0a, 0x80, 0x00, 0x20]);
  const xattrs = new Map([['user.bin', value], ['user.overlay.opaque', Buffer.from('y')], ['trusted.overlay.redirect', Buffer.from('/x')]]);
  await store.apply(layerId(1), undefined, tarOf([{ header: { name: 'd/', type: 'dir', xattrs } }, { header: { name: 'd/f', type: 'file', xattrs }, body: Buffer.from('f') }]));
  const attrs = await tools?.readTree(store.diffDir(layerId(1)));
  assert.ok(attrs);
  assert.deepEqual(attrs.get('d/f')?.get('user.bin'), value);
  assert.deepEqual(attrs.get('d'), new Map([['user.bin', value]]));
  assert.ok(logs.some((l) => l.msg.startsWith('ignoring xattrs')));
});

test('xattrs without tools are skipped with a debug log', async (t) => {
  const { store, logs } = await newStore(t, 'vfs', { xattrs: 'none' });
  await store.apply(layerId(1), undefined, tarOf([{ header: { name: 'f', type: 'file', xattrs: new Map([['user.a', Buffer.from('b')]]) }, body: Buffer.from('f') }]));
  assert.ok(logs.some((l) => l.level === 'debug' && l.msg.startsWith('skipping xattrs')));
});

test('duplicate names: a later entry replaces an earlier one, a directory over a directory merges', async (t) => {
  const { store } = await newStore(t, 'overlay2');
  await store.apply(
    layerId(1),
    undefined,
    tarOf([
      { header: { name: 'x', type: 'file' }, body: Buffer.from('first') },
      { header: { name: 'x', type: 'file' }, body: Buffer.from('second') },
      { header: { name: 'd/', type: 'dir' } },
      { header: { name: 'd/a', type: 'file' }, body: Buffer.from('a') },
      { header: { name: 'd/', type: 'dir', mode: 0o700 } },
      { header: { name: 'y/', type: 'dir' } },
      { header: { name: 'y/inner', type: 'file' }, body: Buffer.from('i') },
      { header: { name: 'y', type: 'symlink', linkname: 'x' } },
      { header: { name: 'z', type: 'symlink', linkname: 'x' } },
      { header: { name: 'z/', type: 'dir' } },
    ]),
  );
  const d = store.diffDir(layerId(1));
  assert.equal(await readFile(`${d}/x`, 'utf8'), 'second');
  assert.deepEqual(await readdir(`${d}/d`), ['a']);
  assert.equal((await stat(`${d}/d`)).mode & 0o777, 0o700);
  assert.equal(await readlink(`${d}/y`), 'x');
  assert.ok((await lstat(`${d}/z`)).isDirectory());
});
