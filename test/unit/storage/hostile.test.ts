// Archives that try to write outside the layer: every one is refused, nothing lands outside, and
// the failed layer leaves nothing behind.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lstat, readdir, stat, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { InvalidParameterError } from '../../../src/base/errors.js';
import type { TarInput } from '../../../src/archive/tar-writer.js';
import { tempDir } from '../archive/helpers.js';
import { DRIVERS, layerId, newStore, tarOf } from './helpers.js';

async function refused(t: Parameters<typeof newStore>[0], driver: (typeof DRIVERS)[number], entries: TarInput[], message: RegExp, base: TarInput[] = []): Promise<string> {
  const { store, root } = await newStore(t, driver);
  let parent: string | undefined;
  if (base.length > 0) {
    await store.apply(layerId(1), undefined, tarOf(base));
    parent = layerId(1);
  }
  await assert.rejects(store.apply(layerId(2), parent, tarOf(entries)), (err: unknown) => {
    assert.ok(err instanceof InvalidParameterError, String(err));
    assert.match(err.message, message);
    return true;
  });
  assert.equal(await store.has(layerId(2)), false);
  const layersDir = dirname(store.diffDir(layerId(2)).replace(/\/diff$/, ''));
  assert.deepEqual((await readdir(layersDir)).filter((n) => n.includes('-tmp-')), [], 'no temporary is left');
  return root;
}

for (const driver of DRIVERS) {
  test(`${driver}: '..' names that leave the root are refused`, async (t) => {
    const root = await refused(t, driver, [{ header: { name: '../escape', type: 'file' }, body: Buffer.from('x') }], /refusing to unpack \.\.\/escape: its path leaves the layer root/);
    await refused(t, driver, [{ header: { name: 'a/../../escape', type: 'file' }, body: Buffer.from('x') }], /a\/\.\.\/\.\.\/escape/);
    await assert.rejects(lstat(`${root}/escape`), { code: 'ENOENT' });
    await assert.rejects(lstat(`${dirname(root)}/escape`), { code: 'ENOENT' });
  });

  test(`${driver}: an absolute name is taken relative to the layer root, as Docker does`, async (t) => {
    const { store } = await newStore(t, driver);
    const marker = `burrow-abs-${String(process.pid)}`;
    await store.apply(layerId(1), undefined, tarOf([{ header: { name: `/etc/${marker}`, type: 'file' }, body: Buffer.from('x') }]));
    await assert.rejects(lstat(`/etc/${marker}`), { code: 'ENOENT' });
    assert.ok((await lstat(`${store.diffDir(layerId(1))}/etc/${marker}`)).isFile());
  });

  test(`${driver}: writing through a symlink that points outside is refused`, async (t) => {
    const outside = await tempDir(t, 'burrow-outside-');
    await refused(t, driver, [{ header: { name: 'evil', type: 'symlink', linkname: outside } }, { header: { name: 'evil/pwned', type: 'file' }, body: Buffer.from('x') }], /refusing to unpack evil\/pwned: \/evil is a symbolic link/);
    await refused(t, driver, [{ header: { name: 'evil', type: 'symlink', linkname: '../../../../../../..' + outside } }, { header: { name: 'evil/sub/pwned', type: 'dir' } }], /\/evil is a symbolic link/);
    const fromParent: TarInput[] = [{ header: { name: 'evil', type: 'symlink', linkname: outside } }];
    const through: TarInput[] = [{ header: { name: 'evil/pwned', type: 'file' }, body: Buffer.from('x') }];
    if (driver === 'vfs') {
      // vfs copies the parent layer, symlink included.
      await refused(t, driver, through, /\/evil is a symbolic link/, fromParent);
    } else {
      // An overlay diff starts empty: like Docker, the parent's symlink is not followed but shadowed by a directory.
      const { store } = await newStore(t, driver);
      await store.apply(layerId(1), undefined, tarOf(fromParent));
      await store.apply(layerId(2), layerId(1), tarOf(through));
      assert.ok((await lstat(`${store.diffDir(layerId(2))}/evil`)).isDirectory());
    }
    assert.deepEqual(await readdir(outside), []);
  });

  test(`${driver}: whiteouts and opaque markers through a symlink delete nothing outside`, async (t) => {
    const outside = await tempDir(t, 'burrow-outside-');
    await writeFile(`${outside}/victim`, 'precious');
    await refused(t, driver, [{ header: { name: 'evil', type: 'symlink', linkname: outside } }, { header: { name: 'evil/.wh.victim', type: 'file' } }], /\/evil is a symbolic link/);
    await refused(t, driver, [{ header: { name: 'evil', type: 'symlink', linkname: outside } }, { header: { name: 'evil/.wh..wh..opq', type: 'file' } }], /\/evil is a symbolic link/);
    const base: TarInput[] = [{ header: { name: 'evil', type: 'symlink', linkname: outside } }];
    if (driver === 'vfs') await refused(t, driver, [{ header: { name: 'evil/.wh.victim', type: 'file' } }], /\/evil is a symbolic link/, base);
    assert.deepEqual(await readdir(outside), ['victim']);
  });

  test(`${driver}: hard links to files outside the layer are refused`, async (t) => {
    const before = (await stat('/etc/passwd')).nlink;
    await refused(t, driver, [{ header: { name: 'pw', type: 'hardlink', linkname: '/etc/passwd' } }], /refusing to unpack pw: hard link target \/etc\/passwd is not in the layer/);
    await refused(t, driver, [{ header: { name: 'pw', type: 'hardlink', linkname: '../../../../../../../../etc/passwd' } }], /leaves the layer root/);
    await refused(t, driver, [{ header: { name: 'etcdir', type: 'symlink', linkname: '/etc' } }, { header: { name: 'pw', type: 'hardlink', linkname: 'etcdir/passwd' } }], /\/etcdir is a symbolic link/);
    await refused(t, driver, [{ header: { name: 'd/', type: 'dir' } }, { header: { name: 'pw', type: 'hardlink', linkname: 'd' } }], /is a directory/);
    assert.equal((await stat('/etc/passwd')).nlink, before);
  });
}

test('a whiteout named .. is refused', async (t) => {
  await refused(t, 'vfs', [{ header: { name: 'a/.wh...', type: 'file' } }], /not a valid whiteout/, [{ header: { name: 'a/', type: 'dir' } }]);
});

test('a NUL byte in a name is refused', async (t) => {
  await refused(t, 'overlay2', [{ header: { name: 'a\u0000b', type: 'file', pax: new Map() } }], /NUL byte/);
});
