import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EndpointResolver, hostnameOf, loginDomain } from '../../../src/registry/endpoints.js';

test('docker.io is registry-1.docker.io, behind its mirrors for pulls only', async () => {
  const r = new EndpointResolver([], ['https://mirror.invalid', 'http://127.0.0.1:5000', 'plain.invalid:8443']);
  const pull = await r.endpoints('docker.io', 'pull');
  assert.deepEqual(pull.map((e) => [e.host, e.schemes.join('+'), e.mirror, e.verifyTls]), [
    ['mirror.invalid', 'https', true, true],
    ['127.0.0.1:5000', 'http', true, false],
    ['plain.invalid:8443', 'https', true, true],
    ['registry-1.docker.io', 'https', false, true],
  ]);
  assert.deepEqual(await r.endpoints('docker.io', 'push'), [{ host: 'registry-1.docker.io', schemes: ['https'], verifyTls: true, mirror: false }]);
  assert.equal((await r.endpoints('ghcr.invalid', 'pull')).length, 1);
  assert.throws(() => new EndpointResolver([], ['https://bad host']), { name: 'InvalidParameterError', message: 'invalid mirror: "https://bad host" is not a valid URI' });
});

test('insecure: listed names, listed CIDRs and loopback try HTTPS unverified, then HTTP', async () => {
  const r = new EndpointResolver(['myreg.invalid:5000', '10.0.0.0/8', 'http://other.example', 'fd00::/8', '10.0.0.0/99', '192.168.0.0/'], []);
  const insecure = { schemes: ['https', 'http'], verifyTls: false, mirror: false };
  const secure = { schemes: ['https'], verifyTls: true, mirror: false };
  for (const host of ['myreg.invalid:5000', '10.1.2.3:5000', '127.0.0.1:5000', '127.8.9.10', 'localhost:5000', '[::1]:5000', '[fd00::5]:443', 'other.example']) {
    assert.deepEqual(await r.endpoints(host, 'pull'), [{ host, ...insecure }], host);
  }
  for (const host of ['myreg.invalid', '192.168.1.1:5000', 'nonexistent.invalid:5000']) {
    assert.deepEqual(await r.endpoints(host, 'pull'), [{ host, ...secure }], host);
  }
});

test('login server addresses as the CLI sends them', () => {
  for (const address of [undefined, '', 'https://index.docker.io/v1/', 'docker.io', 'index.docker.io', 'registry-1.docker.io']) {
    assert.equal(loginDomain(address), 'docker.io', String(address));
  }
  assert.equal(loginDomain('127.0.0.1:5001'), '127.0.0.1:5001');
  assert.equal(loginDomain('http://127.0.0.1:5000/v2/'), '127.0.0.1:5000');
  assert.equal(hostnameOf('[::1]:5000'), '::1');
  assert.equal(hostnameOf('example.com:443'), 'example.com');
  assert.equal(hostnameOf('example.com'), 'example.com');
});
