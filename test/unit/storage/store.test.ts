import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Readable } from 'node:stream';
import { ConflictError, InvalidParameterError, NotFoundError } from '../../../src/base/errors.js';
import { createLayerStore } from '../../../src/storage/index.js';
import { tempDir, ustarHeader } from '../archive/helpers.js';
import { layerId, newStore, tarOf } from './helpers.js';

const STORAGE_INDEX = new URL('../../../src/storage/index.js', import.meta.url).href;

test('store: layout, has, size, parent, list, rootfsSource, remove', async (t) => {
  const { store, root } = await newStore(t, 'overlay2');
  assert.equal(await store.has(layerId(1)), false);
  await store.apply(layerId(1), undefined, tarOf([{ header: { name: 'a', type: 'file' }, body: Buffer.from('aaa') }]));
  await store.apply(layerId(2), layerId(1), tarOf([{ header: { name: 'b', type: 'file' }, body: Buffer.from('bb') }]));
  assert.equal(store.diffDir(layerId(2)), `${root}/overlay2/${layerId(2)}/diff`);
  assert.deepEqual(await readdir(`${root}/overlay2/${layerId(2)}`), ['diff', 'layer.json']);
  assert.equal(await store.has(layerId(2)), true);
  assert.equal(await store.size(layerId(1)), 3);
  assert.equal(await store.parent(layerId(2)), layerId(1));
  assert.deepEqual((await store.list()).sort(), [layerId(1), layerId(2)]);
  assert.deepEqual(await store.rootfsSource(layerId(2)), { kind: 'overlay', lowerDirs: [store.diffDir(layerId(2)), store.diffDir(layerId(1))] });
  await assert.rejects(store.remove(layerId(1)), ConflictError);
  await store.remove(layerId(2));
  await store.remove(layerId(2));
  assert.equal(await store.has(layerId(2)), false);
  await assert.rejects(store.size(layerId(2)), NotFoundError);
  await store.removeAll();
  assert.deepEqual(await store.list(), []);
});

test('store: vfs layout keeps records beside full trees', async (t) => {
  const { store, root } = await newStore(t, 'vfs');
  await store.apply(layerId(1), undefined, tarOf([{ header: { name: 'a', type: 'file' }, body: Buffer.from('a') }]));
  await store.apply(layerId(2), layerId(1), tarOf([{ header: { name: 'b', type: 'file' }, body: Buffer.from('b') }]));
  assert.equal(store.diffDir(layerId(2)), `${root}/vfs/dir/${layerId(2)}`);
  assert.deepEqual((await readdir(store.diffDir(layerId(2)))).sort(), ['a', 'b']);
  assert.deepEqual((await readdir(`${root}/vfs/meta`)).sort(), [`${layerId(1)}.json`, `${layerId(2)}.json`]);
  assert.deepEqual(await store.rootfsSource(layerId(2)), { kind: 'copy', dir: store.diffDir(layerId(2)) });
});

test('store: bad ids, an existing layer and a missing parent are refused', async (t) => {
  const { store } = await newStore(t, 'vfs');
  await assert.rejects(store.apply('../x', undefined, tarOf([])), InvalidParameterError);
  await assert.rejects(store.apply(layerId(2), layerId(1), tarOf([])), NotFoundError);
  await store.apply(layerId(1), undefined, tarOf([]));
  await assert.rejects(store.apply(layerId(1), undefined, tarOf([])), ConflictError);
  assert.throws(() => store.diffDir('sha256:abc'), InvalidParameterError);
});

test('store: a failing stream leaves no layer and no temporary', async (t) => {
  const { store } = await newStore(t, 'overlay2');
  const broken = new Readable({
    read() {
      this.push(ustarHeader({ name: 'f', size: 100000 }));
      this.destroy(new Error('connection reset'));
    },
  });
  await assert.rejects(store.apply(layerId(1), undefined, broken), /connection reset/);
  assert.equal(await store.has(layerId(1)), false);
  assert.deepEqual(await readdir(dirname(dirname(store.diffDir(layerId(1))))), []);
});

test('store: an unpack killed mid-way is invisible, and its temporary goes at the next start', async (t) => {
  const root = await tempDir(t, 'burrow-layers-');
  const code = `
    const { createLayerStore } = await import(${JSON.stringify(STORAGE_INDEX)});
    const store = createLayerStore({ root: process.env.ROOT, driver: 'overlay2' });
    await store.apply('${layerId(1)}', undefined, process.stdin);`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', code], { env: { ...process.env, ROOT: root }, stdio: ['pipe', 'inherit', 'inherit'] });
  // the child is killed while this write may still be pending: its EPIPE is expected
  child.stdin.on('error', () => undefined);
  child.stdin.write(Buffer.concat([ustarHeader({ name: 'small', size: 1 }), Buffer.alloc(512, 0x61), ustarHeader({ name: 'big', size: 10_000_000 }), Buffer.alloc(1_000_000, 0x62)]));
  const layers = `${root}/overlay2`;
  const none = (): string[] => [];
  let started = false;
  // generous: a loaded CI machine can take seconds to boot the child
  for (let i = 0; i < 800 && !started; i++) {
    const temps = await readdir(layers).catch(none);
    started = temps.length > 0 && (await readdir(`${layers}/${temps[0] ?? ''}/diff`).catch(none)).includes('big');
    if (!started) await new Promise((r) => setTimeout(r, 25));
  }
  assert.ok(started, 'the child began writing the big file');
  child.kill('SIGKILL');
  await new Promise((r) => child.once('close', r));
  assert.equal((await readdir(layers)).length, 1, 'the killed unpack left its temporary');
  const store = createLayerStore({ root, driver: 'overlay2' });
  assert.equal(await store.has(layerId(1)), false);
  assert.deepEqual(await readdir(layers), []);
});

test('store: stale vfs records without a tree are dropped at start', async (t) => {
  const root = await tempDir(t, 'burrow-layers-');
  await mkdir(`${root}/vfs/meta`, { recursive: true });
  await mkdir(`${root}/vfs/dir/${layerId(3)}-tmp-0123`, { recursive: true });
  await writeFile(`${root}/vfs/meta/${layerId(3)}.json`, '{"size":1}');
  const store = createLayerStore({ root, driver: 'vfs' });
  assert.equal(await store.has(layerId(3)), false);
  assert.deepEqual(await readdir(`${root}/vfs/meta`), []);
  assert.deepEqual(await readdir(`${root}/vfs/dir`), []);
});

test('store: two unpacks of the same layer at once leave one', async (t) => {
  const { store } = await newStore(t, 'overlay2');
  const entries = () => tarOf([{ header: { name: 'a', type: 'file' }, body: Buffer.from('a') }]);
  const results = await Promise.allSettled([store.apply(layerId(1), undefined, entries()), store.apply(layerId(1), undefined, entries())]);
  assert.ok(results.some((r) => r.status === 'fulfilled'));
  assert.deepEqual(await store.list(), [layerId(1)]);
  assert.deepEqual(await readdir(dirname(dirname(store.diffDir(layerId(1))))), [layerId(1)]);
});

test('in a user namespace: whiteouts work, and an unmapped owner explains the subordinate-id fix', async (t) => {
  const root = await tempDir(t, 'burrow-layers-');
  const code = `
    const { createLayerStore } = await import(${JSON.stringify(STORAGE_INDEX)});
    const { packTar } = await import(${JSON.stringify(new URL('../../../src/archive/tar-writer.js', import.meta.url).href)});
    const store = createLayerStore({ root: process.env.ROOT, driver: 'overlay2' });
    const out = {};
    await store.apply('${layerId(1)}', undefined, packTar([{ header: { name: 'opq/old', type: 'file' }, body: Buffer.from('o') }, { header: { name: 'gone', type: 'file' } }]));
    await store.apply('${layerId(2)}', '${layerId(1)}', packTar([{ header: { name: '.wh.gone', type: 'file' } }, { header: { name: 'opq/.wh..wh..opq', type: 'file' } }]));
    out.whiteout = true;
    try {
      await store.apply('${layerId(3)}', undefined, packTar([{ header: { name: 'etc/shadow', type: 'file', uid: 1000, gid: 42 }, body: Buffer.from('x') }]));
    } catch (err) {
      out.name = err.name; out.message = err.message; out.hint = err.hint;
    }
    out.has3 = await store.has('${layerId(3)}');
    process.stdout.write(JSON.stringify(out));`;
  let stdout = '';
  const status = await new Promise<number | null>((resolve) => {
    const child = spawn('unshare', ['-U', '-r', '--', process.execPath, '--input-type=module', '-e', code], { env: { ...process.env, ROOT: root } });
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.on('close', resolve);
    child.on('error', () => {
      resolve(null);
    });
  });
  if (status !== 0 || stdout === '') {
    t.skip('cannot create a user namespace here');
    return;
  }
  const out = JSON.parse(stdout) as Record<string, unknown>;
  assert.equal(out.whiteout, true);
  assert.equal(out.name, 'HostSetupError');
  assert.equal(out.message, 'lchown /etc/shadow: invalid argument');
  assert.match(String(out.hint), /owned by uid 1000, but only 0 subordinate ids are mapped/);
  assert.match(String(out.hint), /usermod --add-subuids 100000-165535 --add-subgids 100000-165535 \$USER/);
  assert.equal(out.has3, false);
});
