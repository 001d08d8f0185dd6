import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { ContentStore, sha256Digest } from '../../../src/image/content-store.js';
import { ImageStore, type ImageRecord } from '../../../src/image/image-store.js';
import { chainIds } from '../../../src/image/chain-id.js';

async function tmp(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'burrow-image-'));
}

test('content is verified while it streams; a mismatch leaves nothing behind', async () => {
  const dir = await tmp();
  const store = new ContentStore(dir);
  await store.open();
  const data = Buffer.from('layer bytes');
  const good = await store.ingest(Readable.from([data.subarray(0, 5), data.subarray(5)]), sha256Digest(data));
  assert.deepEqual(good, { digest: sha256Digest(data), size: data.length });
  assert.ok(await store.has(good.digest));
  const wrong = sha256Digest('something else');
  await assert.rejects(store.ingest(Readable.from([data]), wrong), /verification failed/);
  assert.equal(await store.has(wrong), false);
  assert.deepEqual(await readdir(join(dir, 'ingest')), [], 'no partial ingest is left');
  await rm(dir, { recursive: true });
});

test('a store reopened after a crash drops half-written ingests', async () => {
  const dir = await tmp();
  const store = new ContentStore(dir);
  await store.open();
  const broken = new Readable({ read() { this.destroy(new Error('connection reset')); } });
  await assert.rejects(store.ingest(broken), /connection reset/);
  await new ContentStore(dir).open();
  assert.deepEqual(await readdir(join(dir, 'ingest')), []);
  await rm(dir, { recursive: true });
});

test('dockerd\'s repositories.json in the same data root is left as it was, and names from an older Burrow are read from it once', async () => {
  const dir = await tmp();
  const ours = sha256Digest('ours');
  const dockers = sha256Digest('dockers');
  // Docker rootless's file: one image Burrow also has, one only Docker has
  const dockerFile = JSON.stringify({ Repositories: { nginx: { 'nginx:latest': ours }, redis: { 'redis:7': dockers } } });
  await writeFile(join(dir, 'repositories.json'), dockerFile);
  await mkdir(join(dir, 'images'));
  await writeFile(join(dir, 'images', `${ours.slice(7)}.json`), JSON.stringify({ id: ours, layers: [], size: 0 }));
  const images = new ImageStore(dir);
  await images.open();
  assert.equal(images.target('nginx:latest'), ours);
  await images.setRef('busybox:latest', ours);
  await images.removeRef('nginx:latest');
  assert.equal(await readFile(join(dir, 'repositories.json'), 'utf8'), dockerFile);
  const again = new ImageStore(dir);
  await again.open();
  assert.deepEqual(again.refsOf(ours).tags, ['busybox:latest'], 'once Burrow has its own file, dockerd\'s is not read');
  await rm(dir, { recursive: true });
});

test('chain ids follow the OCI definition', () => {
  const a = sha256Digest('a');
  const b = sha256Digest('b');
  assert.deepEqual(chainIds([a, b]), [a, sha256Digest(`${a} ${b}`)]);
});

test('names survive a reopen, in dockerd\'s repositories.json shape (in a file of Burrow\'s own)', async () => {
  const dir = await tmp();
  const images = new ImageStore(dir);
  await images.open();
  const rec: ImageRecord = { id: sha256Digest('config'), layers: [], size: 0 };
  await images.put(rec);
  await images.setRef('busybox:latest', rec.id);
  await images.setRef('busybox@sha256:' + 'a'.repeat(64), rec.id);
  const repos = JSON.parse(await readFile(join(dir, 'burrow-repositories.json'), 'utf8')) as { Repositories: Record<string, Record<string, string>> };
  assert.deepEqual(Object.keys(repos.Repositories), ['busybox']);
  const again = new ImageStore(dir);
  await again.open();
  assert.deepEqual(again.refsOf(rec.id), { tags: ['busybox:latest'], digests: ['busybox@sha256:' + 'a'.repeat(64)] });
  assert.equal(again.byIdPrefix(rec.id.slice(7, 12))?.id, rec.id);
  assert.ok(again.get(rec.id)?.lastTagTime);
  await again.delete(rec.id);
  assert.equal(again.target('busybox:latest'), undefined);
  await rm(dir, { recursive: true });
});
