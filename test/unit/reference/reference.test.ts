// Golden tables from distribution/reference's normalize_test.go and reference_test.go, plus the
// texts dockerd answers with.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InvalidParameterError } from '../../../src/base/errors.js';
import {
  digestAlgorithm,
  familiarName,
  familiarString,
  fullName,
  fullString,
  isDigest,
  parseNamed,
  parseReference,
  validateDigest,
  withDigest,
  withTag,
} from '../../../src/reference/index.js';

const HEX = 'a'.repeat(64);
const DIGEST = `sha256:${HEX}`;

test('normalises names as dockerd does', () => {
  const table: [input: string, domain: string, path: string, tag: string | undefined, digest: string | undefined, familiar: string][] = [
    ['busybox', 'docker.io', 'library/busybox', 'latest', undefined, 'busybox:latest'],
    ['busybox:1.36', 'docker.io', 'library/busybox', '1.36', undefined, 'busybox:1.36'],
    ['library/busybox', 'docker.io', 'library/busybox', 'latest', undefined, 'busybox:latest'],
    ['docker.io/library/busybox', 'docker.io', 'library/busybox', 'latest', undefined, 'busybox:latest'],
    ['index.docker.io/library/busybox', 'docker.io', 'library/busybox', 'latest', undefined, 'busybox:latest'],
    ['docker.io/busybox', 'docker.io', 'library/busybox', 'latest', undefined, 'busybox:latest'],
    ['user/app:1', 'docker.io', 'user/app', '1', undefined, 'user/app:1'],
    ['docker.io/library/a/b', 'docker.io', 'library/a/b', 'latest', undefined, 'library/a/b:latest'],
    ['127.0.0.1:5000/library/busybox:latest', '127.0.0.1:5000', 'library/busybox', 'latest', undefined, '127.0.0.1:5000/library/busybox:latest'],
    ['localhost/x', 'localhost', 'x', 'latest', undefined, 'localhost/x:latest'],
    ['localhost:5000/x/y', 'localhost:5000', 'x/y', 'latest', undefined, 'localhost:5000/x/y:latest'],
    ['Foo/bar', 'Foo', 'bar', 'latest', undefined, 'Foo/bar:latest'],
    ['[::1]:5000/app', '[::1]:5000', 'app', 'latest', undefined, '[::1]:5000/app:latest'],
    ['example.com/a__b/c-d.e_f', 'example.com', 'a__b/c-d.e_f', 'latest', undefined, 'example.com/a__b/c-d.e_f:latest'],
    [`busybox@${DIGEST}`, 'docker.io', 'library/busybox', undefined, DIGEST, `busybox@${DIGEST}`],
    [`busybox:1@${DIGEST}`, 'docker.io', 'library/busybox', '1', DIGEST, `busybox:1@${DIGEST}`],
    [`ghcr.io/o/r:v1.2_3-x@${DIGEST}`, 'ghcr.io', 'o/r', 'v1.2_3-x', DIGEST, `ghcr.io/o/r:v1.2_3-x@${DIGEST}`],
  ];
  for (const [input, domain, path, tag, digest, familiar] of table) {
    const ref = parseReference(input);
    assert.deepEqual(ref, { domain, path, ...(tag ? { tag } : {}), ...(digest ? { digest } : {}) }, input);
    assert.equal(familiarString(ref), familiar, input);
  }
});

test('parseNamed keeps a reference without tag or digest bare', () => {
  assert.deepEqual(parseNamed('busybox'), { domain: 'docker.io', path: 'library/busybox' });
  assert.deepEqual(parseNamed(`busybox@${DIGEST}`), { domain: 'docker.io', path: 'library/busybox', digest: DIGEST });
});

test('familiar and full names', () => {
  const hub = parseReference('busybox');
  assert.equal(familiarName(hub), 'busybox');
  assert.equal(fullName(hub), 'docker.io/library/busybox');
  assert.equal(fullString(hub), 'docker.io/library/busybox:latest');
  assert.equal(familiarName(parseReference('user/app:1')), 'user/app');
  assert.equal(familiarName(parseReference('127.0.0.1:5000/library/busybox')), '127.0.0.1:5000/library/busybox');
  assert.equal(fullName(parseReference('127.0.0.1:5000/library/busybox')), '127.0.0.1:5000/library/busybox');
});

test("refuses what dockerd refuses, with dockerd's texts", () => {
  const table: [input: string, message: string][] = [
    ['', 'invalid reference format'],
    ['Busybox', 'invalid reference format: repository name must be lowercase'],
    ['user/App:1', 'invalid reference format: repository name must be lowercase'],
    ['localhost:5000/Upper', 'invalid reference format: repository name must be lowercase'],
    ['busybox:', 'invalid reference format'],
    ['busybox:-tag', 'invalid reference format'],
    [`busybox:${'t'.repeat(129)}`, 'invalid reference format'],
    ['busy box', 'invalid reference format'],
    ['a//b', 'invalid reference format'],
    ['a/', 'invalid reference format'],
    ['-a', 'invalid reference format'],
    ['a-/b', 'invalid reference format'],
    ['foo:bar/baz', 'invalid reference format'],
    ['a__b.c/d', 'invalid reference format'],
    ['busybox@sha256:abc', 'invalid reference format'],
    [`busybox@sha256:${'a'.repeat(40)}`, 'invalid checksum digest length'],
    [`busybox@sha256:${'A'.repeat(64)}`, 'invalid checksum digest format'],
    [`busybox@md5:${'a'.repeat(32)}`, 'unsupported digest algorithm'],
    [HEX, `invalid repository name (${HEX}), cannot specify 64-byte hexadecimal strings`],
    [`example.com/${'a'.repeat(244)}`, 'repository name must not be more than 255 characters'],
    ['a'.repeat(238), 'repository name must not be more than 255 characters'],
  ];
  for (const [input, message] of table) {
    assert.throws(() => parseReference(input), (err: unknown) => err instanceof InvalidParameterError && err.message === message, input);
  }
  assert.doesNotThrow(() => parseReference(`busybox:${'t'.repeat(128)}`));
  assert.doesNotThrow(() => parseReference(`example.com/${'a'.repeat(243)}`));
});

test('withTag and withDigest validate and keep the other half, as distribution does', () => {
  const ref = parseReference(`busybox@${DIGEST}`);
  assert.deepEqual(withTag(ref, '1.36'), { domain: 'docker.io', path: 'library/busybox', tag: '1.36', digest: DIGEST });
  assert.throws(() => withTag(ref, 'bad/tag'), /^InvalidParameterError: invalid tag format$/);
  const other = `sha256:${'b'.repeat(64)}`;
  assert.deepEqual(withDigest(parseReference('busybox:1'), other), { domain: 'docker.io', path: 'library/busybox', tag: '1', digest: other });
  assert.throws(() => withDigest(ref, 'sha256:zz'), /invalid checksum digest length/);
});

test('digests: sha256, sha384 and sha512 in lowercase hex only', () => {
  assert.ok(isDigest(DIGEST));
  assert.ok(isDigest(`sha512:${'0'.repeat(128)}`));
  assert.ok(isDigest(`sha384:${'0'.repeat(96)}`));
  for (const bad of ['', 'sha256', 'sha256:', ':abc', `sha256:${'g'.repeat(64)}`, `SHA256:${HEX}`, `sha256:${HEX}a`, `sha256:../../${HEX}`]) {
    assert.equal(isDigest(bad), false, bad);
    assert.throws(
      () => {
        validateDigest(bad);
      },
      InvalidParameterError,
      bad,
    );
  }
  assert.equal(digestAlgorithm(`sha512:${'0'.repeat(128)}`), 'sha512');
});

test('long hostile input is rejected quickly (no regex backtracking blow-up)', () => {
  const started = Date.now();
  for (const s of ['a-'.repeat(50_000) + '!', 'a.'.repeat(50_000) + '/!', `${'a'.repeat(10)}-`.repeat(5_000) + '/x!']) {
    assert.throws(() => parseReference(s), InvalidParameterError);
  }
  assert.ok(Date.now() - started < 2_000);
});
