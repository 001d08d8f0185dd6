// -H and the TLS flags, read as dockerd reads them, and the refusal of unauthenticated tcp://.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { InvalidParameterError } from '../../../src/base/errors.js';
import { apiPortSpecs, loadTls, parseHost, planListeners } from '../../../src/daemon/listeners.js';
import { parsePortSpec } from '../../../src/rootless/port/spec.js';

const SOCK = '/run/user/1000/docker.sock';

test('-H forms: unix paths, unix:// alone for the default socket, tcp with dockerd\'s default host and ports', () => {
  assert.deepEqual(parseHost('unix:///x/d.sock', SOCK, false), { kind: 'unix', path: '/x/d.sock' });
  assert.deepEqual(parseHost('unix://', SOCK, false), { kind: 'unix', path: SOCK });
  assert.deepEqual(parseHost('tcp://0.0.0.0:2376', SOCK, true), { kind: 'tcp', url: 'tcp://0.0.0.0:2376', host: '0.0.0.0', port: 2376, bindHost: '0.0.0.0' });
  assert.equal((parseHost('tcp://', SOCK, true) as { url: string }).url, 'tcp://127.0.0.1:2376');
  assert.equal((parseHost('tcp://localhost', SOCK, false) as { url: string }).url, 'tcp://127.0.0.1:2375');
  // a bare address is tcp, as for dockerd; a specific address is served on loopback in the namespace, where the port driver delivers
  assert.deepEqual(parseHost('192.0.2.2:2376', SOCK, true), { kind: 'tcp', url: 'tcp://192.0.2.2:2376', host: '192.0.2.2', port: 2376, bindHost: '127.0.0.1' });
});

test('-H values Burrow cannot serve are refused by name', () => {
  assert.throws(() => parseHost('fd://', SOCK, false), /systemd socket activation is not supported/);
  assert.throws(() => parseHost('npipe:////./pipe/docker', SOCK, false), /unsupported protocol "npipe"/);
  assert.throws(() => parseHost('unix://relative.sock', SOCK, false), /needs an absolute path/);
  assert.throws(() => parseHost('tcp://example.com:2376', SOCK, true), /IPv4 addresses .* not "example.com"/);
  assert.throws(() => parseHost('tcp://0.0.0.0:70000', SOCK, true), /port must be 1-65535/);
});

test('no -H means the default socket; several are served together; one port twice is refused', () => {
  assert.deepEqual(planListeners([], {}, {}, '/home/a', SOCK).listeners, [{ kind: 'unix', path: SOCK }]);
  const plan = planListeners(['unix://', 'tcp://0.0.0.0:2376'], { tlsVerify: true }, {}, '/home/a', SOCK);
  assert.deepEqual(plan.listeners.map((l) => l.kind), ['unix', 'tcp']);
  assert.throws(() => planListeners(['tcp://0.0.0.0:2376', 'tcp://127.0.0.1:2376'], { tlsVerify: true }, {}, '/home/a', SOCK), /-H lists port 2376 twice/);
});

test('--tlsverify needs the CA, certificate and key, from the flags or from $DOCKER_CERT_PATH / ~/.docker', () => {
  const fromHome = planListeners(['tcp://0.0.0.0:2376'], { tlsVerify: true }, {}, '/home/a', SOCK);
  assert.deepEqual(fromHome.tls, { verify: true, ca: '/home/a/.docker/ca.pem', cert: '/home/a/.docker/cert.pem', key: '/home/a/.docker/key.pem' });
  assert.deepEqual(fromHome.warnings, []);
  const fromEnv = planListeners(['tcp://0.0.0.0:2376'], {}, { DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/certs' }, '/home/a', SOCK);
  assert.deepEqual(fromEnv.tls, { verify: true, ca: '/certs/ca.pem', cert: '/certs/cert.pem', key: '/certs/key.pem' });
  const named = planListeners(['tcp://0.0.0.0:2376'], { tlsVerify: true, caCert: 'ca.pem', cert: 'c.pem', key: 'k.pem' }, {}, '/home/a', SOCK);
  assert.deepEqual(named.tls, { verify: true, ca: 'ca.pem', cert: 'c.pem', key: 'k.pem' });
  // unix sockets alone never need TLS material
  assert.equal(planListeners(['unix://'], { tlsVerify: true }, {}, '/home/a', SOCK).tls, undefined);
});

test('tcp:// without client verification is refused unless the user says --tls=false or --tlsverify=false, then warned about', () => {
  for (const host of ['tcp://0.0.0.0:2375', 'tcp://127.0.0.1:2375']) {
    assert.throws(() => planListeners([host], {}, {}, '/home/a', SOCK), (err: unknown) =>
      err instanceof InvalidParameterError && err.message.startsWith(`refusing to listen on ${host} without TLS client verification`) &&
      /--tlsverify --tlscacert=ca.pem --tlscert=cert.pem --tlskey=key.pem/.test(err.hint ?? '') && /--tls=false/.test(err.hint ?? ''));
  }
  const plain = planListeners(['tcp://0.0.0.0:2375'], { tls: false }, {}, '/home/a', SOCK);
  assert.equal(plain.tls, undefined);
  assert.deepEqual(plain.warnings[0], { msg: 'Binding to IP address without --tlsverify is insecure and gives root access on this machine to everyone who has access to your network.', host: 'tcp://0.0.0.0:2375' });
  // dockerd: naming --tlsverify at all turns TLS on, so --tlsverify=false serves TLS without asking for client certificates
  const unverified = planListeners(['tcp://0.0.0.0:2376'], { tlsVerify: false }, {}, '/home/a', SOCK);
  assert.deepEqual(unverified.tls, { verify: false, cert: '/home/a/.docker/cert.pem', key: '/home/a/.docker/key.pem' });
  assert.equal(unverified.warnings.length, 2);
});

test('a tcp:// listener is published on its own address unless DOCKERD_ROOTLESS_ROOTLESSKIT_FLAGS already publishes its port', () => {
  const { listeners } = planListeners(['unix://', 'tcp://0.0.0.0:2376', 'tcp://127.0.0.1:2377'], { tlsVerify: true }, {}, '/home/a', SOCK);
  assert.deepEqual(apiPortSpecs(listeners, [parsePortSpec('0.0.0.0:2376:2376/tcp')]), [{ proto: 'tcp', parentIP: '127.0.0.1', parentPort: 2377, childPort: 2377 }]);
  assert.deepEqual(apiPortSpecs(listeners, []).map((s) => `${s.parentIP}:${s.parentPort}`), ['0.0.0.0:2376', '127.0.0.1:2377']);
  // a udp spec on the same port does not carry the API
  assert.equal(apiPortSpecs(listeners, [parsePortSpec('2376:2376/udp')]).length, 2);
});

test('loadTls reads the PEM files and checks the key belongs to the certificate', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'burrow-tls-'));
  try {
    const sh = promisify(execFile);
    const key = (name: string): Promise<unknown> => sh('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
      '-keyout', join(dir, `${name}-key.pem`), '-out', join(dir, `${name}.pem`), '-days', '1', '-subj', `/CN=${name}`]);
    await Promise.all([key('a'), key('b')]);
    const good = await loadTls({ verify: true, ca: join(dir, 'a.pem'), cert: join(dir, 'a.pem'), key: join(dir, 'a-key.pem') });
    assert.match(good.cert, /BEGIN CERTIFICATE/);
    assert.match(good.ca ?? '', /BEGIN CERTIFICATE/);
    await assert.rejects(loadTls({ verify: true, ca: join(dir, 'a.pem'), cert: join(dir, 'a.pem'), key: join(dir, 'b-key.pem') }),
      /^InvalidParameterError: invalid TLS configuration: .*key values mismatch/);
    await writeFile(join(dir, 'junk.pem'), 'not a certificate');
    await assert.rejects(loadTls({ verify: false, cert: join(dir, 'junk.pem'), key: join(dir, 'a-key.pem') }), /invalid TLS configuration/);
    await assert.rejects(loadTls({ verify: true, ca: join(dir, 'missing.pem'), cert: join(dir, 'a.pem'), key: join(dir, 'a-key.pem') }),
      (err: unknown) => err instanceof InvalidParameterError && err.message.startsWith(`could not read CA certificate "${join(dir, 'missing.pem')}"`));
  } finally {
    await rm(dir, { recursive: true });
  }
});
