// Pushing a small generated image to the :5000 fixture under a fresh repository name, reading it
// back, and mounting its layer into another repository.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { InvalidParameterError } from '../../../src/base/errors.js';
import { MediaType, type Repository } from '../../../src/registry/index.js';
import { BASIC, collect, fixturesSkip, GOOD, PLAIN, testClient, uniqueRepo } from './fixtures.js';

const skip = await fixturesSkip;

const sha256 = (bytes: Buffer): string => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

/** One 512-byte-header tar entry holding `hello`, gzipped: enough of a layer for a registry. */
function smallLayer(): Buffer {
  const header = Buffer.alloc(512);
  header.write('hello.txt', 0);
  header.write('0000644\0', 100);
  header.write('00000000005\0', 124);
  header.write('00000000000\0', 136);
  header.write('0', 156);
  header.write('ustar\x0000', 257);
  header.fill(' ', 148, 156);
  let sum = 0;
  for (const byte of header) sum += byte;
  header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
  const content = Buffer.alloc(512);
  content.write('hello');
  return gzipSync(Buffer.concat([header, content, Buffer.alloc(1024)]));
}

function image(layer: Buffer): { config: Buffer; manifest: Buffer } {
  const config = Buffer.from(
    JSON.stringify({
      architecture: 'amd64',
      os: 'linux',
      config: { Cmd: ['cat', '/hello.txt'] },
      rootfs: { type: 'layers', diff_ids: [sha256(Buffer.alloc(0))] },
    }),
  );
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: MediaType.dockerManifest,
      config: { mediaType: 'application/vnd.docker.container.image.v1+json', size: config.length, digest: sha256(config) },
      layers: [{ mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip', size: layer.length, digest: sha256(layer) }],
    }),
  );
  return { config, manifest };
}

test('push a generated image, pull its manifest back with the same digest, mount its layer elsewhere', { skip }, async () => {
  const t = await testClient();
  const layer = smallLayer();
  const { config, manifest } = image(layer);
  const repo: Repository = { domain: PLAIN, path: uniqueRepo('push') };
  try {
    assert.equal(await t.client.blobExists(repo, {}, sha256(layer)), false);
    // Streamed in small chunks, digest unknown in advance: computed while streaming.
    const chunks = Array.from({ length: Math.ceil(layer.length / 64) }, (_, i) => layer.subarray(i * 64, (i + 1) * 64));
    assert.deepEqual(await t.client.uploadBlob(repo, {}, Readable.from(chunks)), { digest: sha256(layer), size: layer.length });
    assert.equal(await t.client.blobExists(repo, {}, sha256(layer)), true);
    assert.deepEqual(await t.client.uploadBlob(repo, {}, Readable.from([config]), sha256(config)), { digest: sha256(config), size: config.length });

    const tagged = { ...repo, tag: 'v1' };
    assert.equal(await t.client.putManifest(tagged, {}, manifest, MediaType.dockerManifest), sha256(manifest));
    const pulled = await t.client.getManifest(tagged, {});
    assert.equal(pulled.digest, sha256(manifest));
    assert.deepEqual(pulled.bytes, manifest);
    assert.equal(pulled.manifest.layers[0]?.digest, sha256(layer));
    assert.deepEqual(await collect(await t.client.fetchBlob(repo, {}, sha256(layer))), layer);
    assert.equal(await t.client.putManifest({ ...repo, digest: sha256(manifest) }, {}, manifest, MediaType.dockerManifest), sha256(manifest));

    const other: Repository = { domain: PLAIN, path: uniqueRepo('mount') };
    assert.equal(await t.client.mountBlob(other, {}, sha256(layer), repo), true);
    assert.equal(await t.client.blobExists(other, {}, sha256(layer)), true);
    // Nothing to mount: the registry opens an upload instead (202), which the client cancels.
    assert.equal(await t.client.mountBlob(other, {}, sha256(Buffer.from('never pushed')), repo), false);
    assert.equal(await t.client.mountBlob(other, {}, sha256(layer), { domain: BASIC, path: repo.path }), false);
  } finally {
    await t.close();
  }
});

test('an upload whose content does not match the announced digest is not committed', { skip }, async () => {
  const t = await testClient();
  const repo: Repository = { domain: PLAIN, path: uniqueRepo('mismatch') };
  const claimed = sha256(Buffer.from('something else'));
  try {
    await assert.rejects(t.client.uploadBlob(repo, {}, Readable.from([Buffer.from('content')]), claimed), InvalidParameterError);
    assert.equal(await t.client.blobExists(repo, {}, claimed), false);
    await assert.rejects(t.client.putManifest({ ...repo, digest: claimed }, {}, Buffer.from('{}'), MediaType.ociManifest), /manifest has digest sha256:/);
  } finally {
    await t.close();
  }
});

test('pushing to the TLS + Basic registry with the login', { skip }, async () => {
  const t = await testClient();
  const repo: Repository = { domain: BASIC, path: uniqueRepo('basic') };
  const layer = smallLayer();
  const { config, manifest } = image(layer);
  try {
    await t.client.uploadBlob(repo, GOOD, Readable.from([layer]));
    await t.client.uploadBlob(repo, GOOD, Readable.from([config]));
    assert.equal(await t.client.putManifest({ ...repo, tag: 'latest' }, GOOD, manifest, MediaType.dockerManifest), sha256(manifest));
    assert.equal((await t.client.getManifest({ ...repo, tag: 'latest' }, GOOD)).digest, sha256(manifest));
  } finally {
    await t.close();
  }
});
