import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { chmod, cp, mkdir, readFile, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { readTar } from '../../../src/archive/tar-reader.js';
import type { XattrAccess } from '../../../src/archive/xattrs.js';
import { changesBody, changesLayer, containerChanges } from '../../../src/container/changes.js';
import type { ContainerFsView, MountPoint } from '../../../src/container/index.js';
import { EMPTY_LAYER_DIFF_ID } from '../../../src/image/import.js';
import { makeWhiteoutDevice } from '../../../src/storage/special-files.js';
import { tempDir } from '../archive/helpers.js';

const T = new Date(1700000000 * 1000);

async function put(root: string, rel: string, content = rel): Promise<void> {
  const path = `${root}/${rel}`;
  await mkdir(path.slice(0, path.lastIndexOf('/')), { recursive: true });
  await writeFile(path, content);
  await utimes(path, T, T);
}

function view(upperDir: string | undefined, lowerDirs: string[], rootfs: string, mounts: Partial<MountPoint>[] = []): ContainerFsView {
  return { rootfs, upperDir, lowerDirs, mounts: mounts as MountPoint[], running: false, release: () => Promise.resolve() };
}

/** Stands in for getfattr: reports the given directories as overlay-opaque. */
function opaqueDirs(...rels: string[]): XattrAccess {
  return {
    readTree: () => Promise.resolve(new Map(rels.map((r) => [r, new Map([['user.overlay.opaque', Buffer.from('y')]])]))),
    set: () => Promise.resolve(),
  };
}

function lines(changes: readonly { rel: string; kind: number }[]): string[] {
  return changes.map((c) => `${'CAD'[c.kind] ?? '?'} /${c.rel}`);
}

/** Two image layers: the base has bin/, etc/ and var/cache/; the top one adds etc/passwd. */
async function image(t: TestContext): Promise<{ lower0: string; lower1: string }> {
  const lower1 = await tempDir(t, 'burrow-lower1-');
  const lower0 = await tempDir(t, 'burrow-lower0-');
  for (const rel of ['bin/sh', 'bin/vi', 'etc/group', 'var/cache/a', 'var/cache/b', 'var/log/x']) await put(lower1, rel);
  await put(lower0, 'etc/passwd');
  return { lower0, lower1 };
}

/** What a container did: wrote /hello, changed /etc/passwd, emptied and refilled /var/cache, and runc made /etc/hosts and /data. */
async function upperOf(t: TestContext, lower1: string, whiteout: (path: string) => Promise<void>): Promise<string> {
  const upper = await tempDir(t, 'burrow-upper-');
  await put(upper, 'hello', 'hi\n');
  await mkdir(`${upper}/etc`);
  await put(upper, 'etc/passwd', 'root:x:0:0\n');
  await put(upper, 'etc/hosts', '');
  await mkdir(`${upper}/bin`);
  await whiteout(`${upper}/bin/vi`);
  await put(upper, 'var/cache/b', 'new b');
  await mkdir(`${upper}/data/sub`, { recursive: true });
  await cp(`${lower1}/var/log/x`, `${upper}/var/log/x`, { preserveTimestamps: true });
  return upper;
}

const EXPECTED = ['C /bin', 'D /bin/vi', 'C /etc', 'C /etc/passwd', 'A /hello', 'C /var', 'C /var/cache', 'D /var/cache/a', 'C /var/cache/b'];

test('overlay: whiteout devices are deletions, opaque dirs hide the image, parents are modified, mount points are not changes', async (t) => {
  const { lower0, lower1 } = await image(t);
  let upper: string;
  try {
    upper = await upperOf(t, lower1, makeWhiteoutDevice);
  } catch (err) {
    t.skip(`cannot make whiteout devices here: ${String(err)}`);
    return;
  }
  const v = view(upper, [lower0, lower1], '/nonexistent', [{ Destination: '/data' }]);
  const changes = await containerChanges(v, {}, opaqueDirs('var/cache'));
  assert.deepEqual(lines(changes), EXPECTED);
  assert.deepEqual(changesBody(changes)?.slice(0, 2), [{ Path: '/bin', Kind: 0 }, { Path: '/bin/vi', Kind: 2 }]);
});

test('fuse-overlayfs: `.wh.` files and the `.wh..wh..opq` marker read the same way', async (t) => {
  const { lower0, lower1 } = await image(t);
  const upper = await upperOf(t, lower1, (p) => writeFile(p.replace(/vi$/, '.wh.vi'), ''));
  await writeFile(`${upper}/var/cache/.wh..wh..opq`, '');
  const changes = await containerChanges(view(upper, [lower0, lower1], '/nonexistent', [{ Destination: '/data' }]), {}, 'none');
  assert.deepEqual(lines(changes), EXPECTED);
});

test('a whiteout of something no image layer shows, or that a higher layer already whited out, is no change', async (t) => {
  const lower = await tempDir(t, 'burrow-lower-');
  const top = await tempDir(t, 'burrow-top-');
  await put(lower, 'a/gone');
  await mkdir(`${top}/a`);
  try {
    await makeWhiteoutDevice(`${top}/a/gone`);
  } catch (err) {
    t.skip(`cannot make whiteout devices here: ${String(err)}`);
    return;
  }
  const upper = await tempDir(t, 'burrow-upper-');
  await mkdir(`${upper}/a`);
  await writeFile(`${upper}/a/.wh.gone`, '');
  await writeFile(`${upper}/a/.wh.never`, '');
  assert.deepEqual(await containerChanges(view(upper, [top, lower], '/nonexistent'), {}, 'none'), []);
});

test('modes, owners and symlink targets count; a copied-up dir whose only change is its mtime does not', async (t) => {
  const lower = await tempDir(t, 'burrow-lower-');
  await put(lower, 'd/f');
  await put(lower, 'same/f');
  await symlink('f', `${lower}/d/link`);
  const upper = await tempDir(t, 'burrow-upper-');
  await cp(`${lower}/d`, `${upper}/d`, { recursive: true, preserveTimestamps: true, verbatimSymlinks: true });
  await chmod(`${upper}/d/f`, 0o600);
  await rm(`${upper}/d/link`);
  await symlink('elsewhere', `${upper}/d/link`);
  await mkdir(`${upper}/same`);
  const changes = await containerChanges(view(upper, [lower], '/nonexistent'), {}, 'none');
  assert.deepEqual(lines(changes), ['C /d', 'C /d/f', 'C /d/link']);
});

test('vfs: the container copy against the image tree, with the same kinds and exclusions', async (t) => {
  const imageTree = await tempDir(t, 'burrow-image-');
  for (const rel of ['bin/sh', 'bin/vi', 'etc/group']) await put(imageTree, rel);
  const rootfs = await tempDir(t, 'burrow-rootfs-');
  await cp(imageTree, rootfs, { recursive: true, preserveTimestamps: true });
  await rm(`${rootfs}/bin/vi`);
  await put(rootfs, 'hello', 'hi\n');
  await put(rootfs, 'etc/resolv.conf', '');
  await mkdir(`${rootfs}/scratch`);
  const changes = await containerChanges(view(undefined, [], rootfs), { imageTree, extraMounts: ['/scratch'] });
  assert.deepEqual(lines(changes), ['C /bin', 'D /bin/vi', 'A /hello']);
});

async function tarNames(tar: Readable): Promise<string[]> {
  const names: string[] = [];
  for await (const e of readTar(tar)) names.push(e.header.name);
  return names;
}

test('the layer tar holds the changes in walk order, deletions as `.wh.` entries', async (t) => {
  const { lower0, lower1 } = await image(t);
  const upper = await upperOf(t, lower1, (p) => writeFile(p.replace(/vi$/, '.wh.vi'), ''));
  await writeFile(`${upper}/var/cache/.wh..wh..opq`, '');
  const names = await tarNames(changesLayer(view(upper, [lower0, lower1], '/nonexistent', [{ Destination: '/data' }])));
  assert.deepEqual(names, ['bin/', 'bin/.wh.vi', 'etc/', 'etc/passwd', 'hello', 'var/', 'var/cache/', 'var/cache/.wh.a', 'var/cache/b']);
});

test('an unchanged container gives no changes: null from the API and the empty tar', async (t) => {
  const lower = await tempDir(t, 'burrow-lower-');
  await put(lower, 'etc/group');
  const upper = await tempDir(t, 'burrow-upper-');
  await mkdir(`${upper}/etc`);
  await put(upper, 'etc/hostname', '');
  const v = view(upper, [lower], '/nonexistent');
  assert.equal(changesBody(await containerChanges(v, {}, 'none')), null);
  const chunks: Buffer[] = [];
  for await (const c of changesLayer(v)) chunks.push(c as Buffer);
  const tar = Buffer.concat(chunks);
  assert.equal(`sha256:${createHash('sha256').update(tar).digest('hex')}`, EMPTY_LAYER_DIFF_ID);
  assert.equal((await readFile(`${upper}/etc/hostname`)).length, 0);
});
