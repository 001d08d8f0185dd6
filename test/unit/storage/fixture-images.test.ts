// The layers the fixture registries serve (shared/fixtures/build_images.py), unpacked by every
// driver: the `layers` image exercises owners, modes, links, whiteouts and opaque dirs; debian is
// checked against GNU tar's own extraction.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { createReadStream, existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { decompressStream } from '../../../src/archive/decompress.js';
import { run, tempDir } from '../archive/helpers.js';
import { DRIVERS, findView, layerId, mountedView, newStore, snapshot } from './helpers.js';

const OCI = '/var/tmp/burrow-fixtures/oci';
const missing = existsSync(`${OCI}/layers/index.json`) && existsSync(`${OCI}/debian/index.json`) ? false : 'fixture images not built';

async function layerBlobs(image: string): Promise<string[]> {
  const blob = (digest: string): string => `${OCI}/${image}/blobs/sha256/${digest.replace('sha256:', '')}`;
  const index = JSON.parse(await readFile(`${OCI}/${image}/index.json`, 'utf8')) as { manifests: { digest: string }[] };
  const manifest = JSON.parse(await readFile(blob(index.manifests[0]?.digest ?? ''), 'utf8')) as { layers: { digest: string }[] };
  return manifest.layers.map((l) => blob(l.digest));
}

async function applyImage(t: TestContext, driver: (typeof DRIVERS)[number], image: string): Promise<{ store: Awaited<ReturnType<typeof newStore>>['store']; top: string }> {
  const { store } = await newStore(t, driver);
  const blobs = await layerBlobs(image);
  for (const [i, path] of blobs.entries()) {
    await store.apply(layerId(i + 1), i === 0 ? undefined : layerId(i), decompressStream(createReadStream(path)));
  }
  return { store, top: layerId(blobs.length) };
}

test('fixture image `layers`: the vfs tree has what the image means', { skip: missing }, async (t) => {
  const { store, top } = await applyImage(t, 'vfs', 'layers');
  const lines = await snapshot(store.diffDir(top));
  const line = (p: string): string | undefined => lines.find((l) => l.startsWith(`${p} `));
  assert.equal(line('data/gone.txt'), undefined);
  assert.equal(line('gonedir'), undefined);
  assert.deepEqual(lines.filter((l) => l.startsWith('opq/')).map((l) => l.split(' ')[0]), ['opq/new.txt']);
  assert.match(line('data/owned') ?? '', / d 750 1000:1000/);
  assert.match(line('data/owned/app.txt') ?? '', / f 640 1000:1000 /);
  assert.match(line('data/nobody.txt') ?? '', / f 600 65534:65534 /);
  assert.match(line('data/setuid') ?? '', / f 4755 0:0 /);
  assert.match(line('data/keep.txt') ?? '', / n2$/);
  assert.match(line('data/keep-symlink.txt') ?? '', /-> keep\.txt$/);
  assert.match(line('data/fifo') ?? '', / p 644 /);
  assert.equal(await readFile(`${store.diffDir(top)}/data/changed.txt`, 'utf8'), 'version 2\n');
});

for (const driver of ['overlay2', 'fuse-overlayfs'] as const) {
  test(`fixture image \`layers\`: mounted ${driver} layers show the vfs tree`, { skip: missing }, async (t) => {
    const [overlay, vfs] = await Promise.all([applyImage(t, driver, 'layers'), applyImage(t, 'vfs', 'layers')]);
    const source = await overlay.store.rootfsSource(overlay.top);
    const view = await mountedView(t, driver, source.kind === 'overlay' ? source.lowerDirs : []);
    if (view === undefined) {
      t.skip(`cannot mount ${driver} here`);
      return;
    }
    assert.deepEqual(view, await findView(vfs.store.diffDir(vfs.top)));
  });
}

test('fixture image `debian`: the unpacked layer equals GNU tar’s extraction', { skip: missing, timeout: 300_000 }, async (t) => {
  const [blob] = await layerBlobs('debian');
  const { store, top } = await applyImage(t, 'overlay2', 'debian');
  const oracle = await tempDir(t, 'burrow-gnutar-');
  await run('tar', ['-xzf', blob ?? '', '-C', oracle, '--numeric-owner', '--same-permissions', '--same-owner']);
  const [ours, theirs] = await Promise.all([snapshot(store.diffDir(top)), snapshot(oracle)]);
  assert.ok(ours.length > 5000);
  assert.deepEqual(ours, theirs);
  assert.ok((await store.size(top)) > 100_000_000);
  assert.ok((await stat(`${store.diffDir(top)}/usr/bin/bash`)).isFile());
});
