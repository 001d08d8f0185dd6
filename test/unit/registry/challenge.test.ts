import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseChallenges, usable } from '../../../src/registry/challenge.js';

test('parses a Docker Hub bearer challenge', () => {
  assert.deepEqual(
    parseChallenges('Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/busybox:pull"'),
    [{ scheme: 'bearer', params: { realm: 'https://auth.docker.io/token', service: 'registry.docker.io', scope: 'repository:library/busybox:pull' } }],
  );
});

test('token values, quoted escapes, spaces, case and several challenges in one header', () => {
  assert.deepEqual(parseChallenges('BASIC Realm=fixture'), [{ scheme: 'basic', params: { realm: 'fixture' } }]);
  assert.deepEqual(parseChallenges('Bearer realm = "a\\"b\\\\c" , error="insufficient_scope",  scope="x y"'), [
    { scheme: 'bearer', params: { realm: 'a"b\\c', error: 'insufficient_scope', scope: 'x y' } },
  ]);
  assert.deepEqual(parseChallenges('Basic realm="r1", Bearer realm="https://t/token",service=s'), [
    { scheme: 'basic', params: { realm: 'r1' } },
    { scheme: 'bearer', params: { realm: 'https://t/token', service: 's' } },
  ]);
  assert.deepEqual(parseChallenges(['Basic realm="a"', 'Bearer realm="https://b/"']).map((c) => c.scheme), ['basic', 'bearer']);
});

test('junk does not stall or throw', () => {
  assert.deepEqual(parseChallenges(undefined), []);
  assert.deepEqual(parseChallenges(''), []);
  assert.deepEqual(parseChallenges('Bearer realm="unterminated'), [{ scheme: 'bearer', params: { realm: 'unterminated' } }]);
  assert.deepEqual(parseChallenges('Negotiate abc=='), [{ scheme: 'negotiate', params: { abc: '' } }]);
  assert.ok(Array.isArray(parseChallenges('=,,,"" ;; Bearer')));
});

test('only Basic and Bearer with a usable realm can be answered', () => {
  const [basic, bearer, bad, other] = parseChallenges('Basic realm=x, Bearer realm="https://t/x", Bearer realm="not a url", Digest realm=y');
  assert.deepEqual([basic, bearer, bad, other].map((c) => c !== undefined && usable(c)), [true, true, false, false]);
});
