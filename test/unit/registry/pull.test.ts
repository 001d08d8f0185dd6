// Pulling from the real fixture registries: manifests by tag and digest on all three, platform
// selection, Docker's error texts, and a verified layer download.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { get } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { NotFoundError, SystemError, UnauthorizedError } from '../../../src/base/errors.js';
import { parseReference, withDigest, type ImageReference } from '../../../src/reference/index.js';
import { digestVerifier, hostPlatform, MediaType, type RegistryAuth } from '../../../src/registry/index.js';
import { BASIC, collect, fixturesSkip, GOOD, PLAIN, TOKEN, testClient } from './fixtures.js';

const skip = await fixturesSkip;

/** The raw bytes a registry serves, fetched without the client under test. */
function rawManifest(host: string, path: string, reference: string, accept: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    get(`http://${host}/v2/${path}/manifests/${reference}`, { headers: { accept } }, (res) => {
      collect(res).then(resolve, reject);
    }).on('error', reject);
  });
}

const sha256 = (bytes: Buffer): string => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

test('busybox on :5000 is an OCI index: the requested platform is chosen, the index digest kept', { skip }, async () => {
  const index = await rawManifest(PLAIN, 'library/busybox', 'latest', MediaType.ociIndex);
  const entries = (JSON.parse(index.toString()) as { manifests: { digest: string; platform: { architecture: string } }[] }).manifests;
  const t = await testClient();
  try {
    const ref = parseReference(`${PLAIN}/library/busybox`);
    for (const arch of ['amd64', 'arm64']) {
      const pulled = await t.client.getManifest(ref, {}, { platform: `linux/${arch}` });
      assert.equal(pulled.digest, entries.find((e) => e.platform.architecture === arch)?.digest, arch);
      assert.equal(pulled.indexDigest, sha256(index));
      assert.deepEqual(pulled.index, { mediaType: MediaType.ociIndex, digest: sha256(index), size: index.length });
      assert.equal(pulled.mediaType, MediaType.ociManifest);
      assert.equal(sha256(pulled.bytes), pulled.digest);
      assert.equal(pulled.platform?.architecture, arch);
      assert.equal(pulled.manifest.layers.length, 1);
      assert.match(pulled.manifest.config.digest, /^sha256:[a-f0-9]{64}$/);
    }
    const native = await t.client.getManifest(ref, {});
    assert.equal(native.platform?.architecture, hostPlatform().architecture);
    await assert.rejects(t.client.getManifest(ref, {}, { platform: 'linux/s390x' }), (err: unknown) => {
      assert.ok(err instanceof NotFoundError);
      assert.equal(err.message, 'no matching manifest for linux/s390x in the manifest list entries');
      return true;
    });
    // By digest, the index resolves the same way; by the platform manifest's digest, directly.
    const byIndex = await t.client.getManifest(withDigest(parseReference(`${PLAIN}/library/busybox`), sha256(index)), {}, { platform: 'linux/amd64' });
    assert.equal(byIndex.indexDigest, sha256(index));
    const amd64 = entries.find((e) => e.platform.architecture === 'amd64')?.digest ?? '';
    const direct = await t.client.getManifest(parseReference(`${PLAIN}/library/busybox@${amd64}`), {});
    assert.equal(direct.digest, amd64);
    assert.equal(direct.indexDigest, undefined);
  } finally {
    await t.close();
  }
});

test('Docker schema 2 manifests by tag and by digest on all three registries', { skip }, async () => {
  const t = await testClient();
  try {
    const cases: [ImageReference, RegistryAuth][] = [
      [parseReference(`${PLAIN}/library/debian:bookworm`), {}],
      [parseReference(`${PLAIN}/library/nginx`), {}],
      [parseReference(`${BASIC}/library/nginx`), GOOD],
      [parseReference(`${TOKEN}/library/nginx`), {}],
      [parseReference(`${TOKEN}/library/busybox`), GOOD],
      [parseReference(`${BASIC}/library/busybox`), GOOD],
    ];
    for (const [ref, auth] of cases) {
      const byTag = await t.client.getManifest(ref, auth, { platform: 'linux/amd64' });
      assert.equal(sha256(byTag.bytes), byTag.digest, ref.domain);
      const byDigest = await t.client.getManifest({ domain: ref.domain, path: ref.path, digest: byTag.indexDigest ?? byTag.digest }, auth, { platform: 'linux/amd64' });
      assert.equal(byDigest.digest, byTag.digest, ref.domain);
      assert.deepEqual(byDigest.bytes, byTag.bytes);
    }
    const debian = await t.client.getManifest(parseReference(`${PLAIN}/library/debian:bookworm`), {});
    assert.equal(debian.mediaType, MediaType.dockerManifest);
    assert.equal(debian.manifest.config.mediaType, 'application/vnd.docker.container.image.v1+json');
  } finally {
    await t.close();
  }
});

test("unknown tags, private repositories and bad passwords get Docker's texts", { skip }, async () => {
  const t = await testClient();
  try {
    const expectError = async (ref: string, auth: RegistryAuth, cls: typeof NotFoundError | typeof UnauthorizedError, message: string): Promise<void> => {
      await assert.rejects(t.client.getManifest(parseReference(ref), auth), (err: unknown) => {
        assert.ok(err instanceof cls, `${ref}: ${String(err)}`);
        assert.equal(err.message, message);
        return true;
      });
    };
    await expectError(`${PLAIN}/library/busybox:nope`, {}, NotFoundError, `manifest for ${PLAIN}/library/busybox:nope not found: manifest unknown: manifest unknown`);
    await expectError(`${TOKEN}/library/busybox:nope`, {}, NotFoundError, `manifest for ${TOKEN}/library/busybox:nope not found: manifest unknown: manifest unknown`);
    await expectError(
      `${BASIC}/library/busybox`,
      {},
      NotFoundError,
      `pull access denied for ${BASIC}/library/busybox, repository does not exist or may require 'docker login': denied: requested access to the resource is denied`,
    );
    await expectError(`${BASIC}/library/busybox`, { ...GOOD, password: 'wrong' }, UnauthorizedError, 'unauthorized: authentication required');
    await expectError(
      `${TOKEN}/library/busybox`,
      { ...GOOD, password: 'wrong' },
      UnauthorizedError,
      `Get "http://${TOKEN}/v2/library/busybox/manifests/latest": unauthorized: incorrect username or password`,
    );
  } finally {
    await t.close();
  }
});

test('a registry nobody listens on gives Go\'s "connection refused" text', { skip }, async () => {
  const t = await testClient();
  try {
    await assert.rejects(t.client.getManifest(parseReference('127.0.0.1:5999/library/busybox'), {}), (err: unknown) => {
      assert.ok(err instanceof SystemError);
      assert.equal(err.message, 'Get "http://127.0.0.1:5999/v2/": dial tcp 127.0.0.1:5999: connect: connection refused');
      return true;
    });
  } finally {
    await t.close();
  }
});

test('a layer streams from each registry and passes digestVerifier; a wrong digest fails it', { skip }, async () => {
  const t = await testClient();
  try {
    for (const [domain, auth] of [[PLAIN, {}], [BASIC, GOOD], [TOKEN, {}]] as const) {
      const ref = parseReference(`${domain}/library/busybox`);
      const { manifest } = await t.client.getManifest(ref, auth, { platform: 'linux/amd64' });
      const layer = manifest.layers[0];
      assert.ok(layer);
      const body = await t.client.fetchBlob(ref, auth, layer.digest);
      let size = 0;
      await pipeline(body, digestVerifier(layer.digest, layer.size), async (source: AsyncIterable<Buffer>) => {
        for await (const chunk of source) size += chunk.length;
      });
      assert.equal(size, layer.size, domain);
      const config = await collect(await t.client.fetchBlob(ref, auth, manifest.config.digest));
      assert.equal(sha256(config), manifest.config.digest);
      const wrong = `sha256:${'0'.repeat(64)}`;
      await assert.rejects(pipeline(Readable.from([config]), digestVerifier(wrong), async (source: AsyncIterable<Buffer>) => {
        for await (const chunk of source) assert.ok(chunk.length > 0);
      }), /content verification failed for digest sha256:0{64}/);
    }
    await assert.rejects(t.client.fetchBlob(parseReference(`${PLAIN}/library/busybox`), {}, `sha256:${'0'.repeat(64)}`), (err: unknown) => {
      assert.ok(err instanceof NotFoundError);
      assert.match(err.message, /^blob unknown: blob unknown to registry/);
      return true;
    });
    await assert.rejects(t.client.fetchBlob(parseReference(`${PLAIN}/library/busybox`), {}, 'sha256:../../x'), /invalid checksum digest/);
  } finally {
    await t.close();
  }
});

test('docker.io pulls go to mirrors first, and on to the next one when a mirror fails', { skip }, async () => {
  const debug: string[] = [];
  const t = await testClient({ mirrors: ['http://127.0.0.1:5999', `http://${PLAIN}`], debug: (msg) => debug.push(msg) });
  try {
    const pulled = await t.client.getManifest(parseReference('busybox'), {}, { platform: 'linux/amd64' });
    assert.ok(pulled.indexDigest);
    const blob = await collect(await t.client.fetchBlob(parseReference('busybox'), {}, pulled.manifest.config.digest));
    assert.equal(sha256(blob), pulled.manifest.config.digest);
    assert.ok(debug.includes('registry mirror failed, trying the next endpoint'));
  } finally {
    await t.close();
  }
});
