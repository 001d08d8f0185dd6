import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InvalidParameterError } from '../../../src/base/errors.js';
import { compareVersions, negotiateApiVersion, splitVersionPrefix } from '../../../src/api/api-version.js';
import { ENGINE_RELEASE } from '../../../src/system/index.js';

test('compareVersions compares each component as a number', () => {
  const cases: [string, string, number][] = [
    ['1.9', '1.24', -1],
    ['1.24', '1.9', 1],
    ['1.43', '1.43', 0],
    ['1.43', '1.43.0', 0],
    ['1.100', '1.43', 1],
    ['2', '1.99', 1],
    ['1.4.1', '1.4', 1],
    ['1..2', '1.0.2', 0],
  ];
  for (const [a, b, expected] of cases) assert.equal(compareVersions(a, b), expected, `${a} vs ${b}`);
});

test('splitVersionPrefix strips /v{version:[0-9.]+} and nothing else', () => {
  const cases: [string, string | undefined, string][] = [
    ['/v1.41/containers/json', '1.41', '/containers/json'],
    ['/v1.41/images/localhost:5000/a/b/json', '1.41', '/images/localhost:5000/a/b/json'],
    ['/containers/json', undefined, '/containers/json'],
    ['/v1.41', undefined, '/v1.41'],
    ['/version', undefined, '/version'],
    ['/vx/_ping', undefined, '/vx/_ping'],
  ];
  for (const [input, version, path] of cases) assert.deepEqual(splitVersionPrefix(input), { version, path }, input);
});

test('negotiateApiVersion keeps in-bound versions and defaults to the newest', () => {
  assert.equal(negotiateApiVersion(undefined, ENGINE_RELEASE), '1.43');
  assert.equal(negotiateApiVersion('1.41', ENGINE_RELEASE), '1.41');
  assert.equal(negotiateApiVersion('1.24', ENGINE_RELEASE), '1.24');
  assert.throws(() => negotiateApiVersion('1.44', ENGINE_RELEASE), (err: unknown) =>
    err instanceof InvalidParameterError &&
    err.message === 'client version 1.44 is too new. Maximum supported API version is 1.43');
  assert.throws(() => negotiateApiVersion('1.23', ENGINE_RELEASE), (err: unknown) =>
    err instanceof InvalidParameterError &&
    err.message ===
      'client version 1.23 is too old. Minimum supported API version is 1.24, please upgrade your client to a newer version');
});
