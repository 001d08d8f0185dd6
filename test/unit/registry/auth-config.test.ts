import { test } from 'node:test';
import assert from 'node:assert/strict';
import { credentialsOf, credentialsFingerprint } from '../../../src/registry/auth-config.js';
import { decodeRegistryAuthHeader, pickAuthFields } from '../../../src/registry/index.js';

const b64url = (s: string): string => Buffer.from(s).toString('base64url');
const b64 = (s: string): string => Buffer.from(s).toString('base64');

test('decodes X-Registry-Auth as the CLI (base64url) and docker-py (base64) send it', () => {
  // "~~~" makes the encodings differ: base64 has "+" / "/" where base64url has "-" / "_".
  const json = JSON.stringify({ username: 'u~~~', password: 'p?>?>', serveraddress: 'r.example:5000' });
  const want = { username: 'u~~~', password: 'p?>?>', serveraddress: 'r.example:5000' };
  assert.notEqual(b64url(json), b64(json).replace(/=+$/, ''));
  assert.deepEqual(decodeRegistryAuthHeader(b64url(json)), want);
  assert.deepEqual(decodeRegistryAuthHeader(b64(json)), want);
  assert.deepEqual(decodeRegistryAuthHeader(b64(JSON.stringify({ identitytoken: 'tok' }))), { identitytoken: 'tok' });
});

test('never throws: junk, empty and odd JSON all mean "no credentials"', () => {
  for (const header of [undefined, '', '   ', 'e30=', 'e30', '!!!not base64!!!', b64('null'), b64('[1,2]'), b64('"str"'), b64('{"username":')]) {
    assert.deepEqual(decodeRegistryAuthHeader(header), {}, String(header));
  }
  assert.deepEqual(decodeRegistryAuthHeader(b64(JSON.stringify({ username: 7, password: ['x'], auth: '', email: 'e@x' }))), {});
});

test('pickAuthFields keeps only the string fields of a RegistryAuth', () => {
  assert.deepEqual(pickAuthFields({ username: 'u', password: 'p', extra: 'x', registrytoken: 1 }), { username: 'u', password: 'p' });
});

test('credentials: a registry token wins, config.json "auth" fills user and password', () => {
  assert.deepEqual(credentialsOf({}), { kind: 'anonymous' });
  assert.deepEqual(credentialsOf({ username: 'u', password: 'p' }), { kind: 'basic', username: 'u', password: 'p' });
  assert.deepEqual(credentialsOf({ auth: b64('u:p:with:colons') }), { kind: 'basic', username: 'u', password: 'p:with:colons' });
  assert.deepEqual(credentialsOf({ username: 'u', identitytoken: 'rt' }), { kind: 'refresh', username: 'u', refreshToken: 'rt' });
  assert.deepEqual(credentialsOf({ username: 'u', password: 'p', registrytoken: 'bt' }), { kind: 'bearer', token: 'bt' });
  assert.notEqual(credentialsFingerprint(credentialsOf({ username: 'u', password: 'p' })), credentialsFingerprint(credentialsOf({ username: 'u', password: 'q' })));
});
