import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyManifest, parseImageManifest, parseIndex, parseManifestJson, selectFromIndex } from '../../../src/registry/manifest.js';
import { MediaType } from '../../../src/registry/index.js';

const d = (c: string): string => `sha256:${c.repeat(64)}`;

test('the kind comes from the body, then Content-Type, then the shape', () => {
  assert.deepEqual(classifyManifest(undefined, { mediaType: MediaType.ociIndex, manifests: [] }), { kind: 'index', mediaType: MediaType.ociIndex });
  assert.deepEqual(classifyManifest(`${MediaType.dockerManifest}; charset=utf-8`, { schemaVersion: 2 }), { kind: 'image', mediaType: MediaType.dockerManifest });
  assert.deepEqual(classifyManifest('application/json', { schemaVersion: 2, manifests: [] }), { kind: 'index', mediaType: MediaType.ociIndex });
  assert.deepEqual(classifyManifest('', { schemaVersion: 2, config: {}, layers: [] }), { kind: 'image', mediaType: MediaType.ociManifest });
  assert.equal(classifyManifest(MediaType.dockerSchema1Signed, {}).kind, 'schema1');
  assert.equal(classifyManifest('application/json', { schemaVersion: 1, fsLayers: [] }).kind, 'schema1');
  assert.throws(() => classifyManifest('text/html', { hello: 1 }), /unsupported manifest media type and no default available: text\/html/);
});

test('image manifests are checked strictly: digests become file names', () => {
  const config = { mediaType: 'application/vnd.oci.image.config.v1+json', digest: d('a'), size: 10 };
  const layer = { mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: d('b'), size: 20, urls: ['ignored'], annotations: { x: 'y' } };
  const json = parseManifestJson(Buffer.from(JSON.stringify({ schemaVersion: 2, config, layers: [layer] })));
  assert.deepEqual(parseImageManifest(json), { config, layers: [{ mediaType: layer.mediaType, digest: layer.digest, size: 20 }] });
  for (const bad of [
    { schemaVersion: 2, config: { ...config, digest: 'sha256:../../etc/passwd' }, layers: [] },
    { schemaVersion: 2, config: { ...config, size: -1 }, layers: [] },
    { schemaVersion: 2, config, layers: [{ ...layer, size: 1.5 }] },
    { schemaVersion: 2, config, layers: {} },
    { schemaVersion: 3, config, layers: [] },
  ]) {
    assert.throws(() => parseImageManifest(bad), /^SystemError: invalid manifest/);
  }
  assert.throws(() => parseManifestJson(Buffer.from('[1]')), /invalid manifest: not a JSON object/);
  assert.throws(() => parseManifestJson(Buffer.from('{')), /invalid manifest/);
});

test('index selection picks the best platform and skips entries without one', () => {
  const entry = (digest: string, platform?: object): object => ({ mediaType: MediaType.ociManifest, digest, size: 1, ...(platform ? { platform } : {}) });
  const entries = parseIndex({
    manifests: [
      entry(d('0')),
      entry(d('1'), { os: 'unknown', architecture: 'unknown' }),
      entry(d('2'), { os: 'linux', architecture: 'arm', variant: 'v6' }),
      entry(d('3'), { os: 'linux', architecture: 'arm', variant: 'v7' }),
      entry(d('4'), { os: 'linux', architecture: 'amd64' }),
      entry(d('5'), { os: 'linux', architecture: 'arm64', variant: 'v8' }),
    ],
  });
  assert.equal(selectFromIndex(entries, { os: 'linux', architecture: 'amd64' })?.descriptor.digest, d('4'));
  assert.equal(selectFromIndex(entries, { os: 'linux', architecture: 'arm64', variant: 'v8' })?.descriptor.digest, d('5'));
  assert.equal(selectFromIndex(entries, { os: 'linux', architecture: 'arm', variant: 'v7' })?.descriptor.digest, d('3'));
  assert.equal(selectFromIndex(entries, { os: 'linux', architecture: 'arm', variant: 'v5' }), undefined);
  assert.equal(selectFromIndex(entries, { os: 'linux', architecture: 's390x' }), undefined);
  assert.deepEqual(entries[5]?.platform, { os: 'linux', architecture: 'arm64', variant: 'v8' });
});
