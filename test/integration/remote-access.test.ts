// The reference's "Expose Docker API socket through TCP", run as written: a tcp:// listener with
// --tlsverify next to the unix socket, published by DOCKERD_ROOTLESS_ROOTLESSKIT_FLAGS, driven by
// the real docker CLI with client certificates; and plain TCP only on an explicit --tls=false.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, rm } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { BUSYBOX, dockerSuite, fixtureSkip, runTool, startDaemon } from './harness.js';

/** A CA, a server certificate for 127.0.0.1 signed by it, a client certificate signed by it, and a client certificate from another CA. */
async function makeCertificates(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const openssl = async (args: string[]): Promise<void> => {
    const r = await runTool('openssl', args, process.env);
    assert.equal(r.code, 0, `openssl ${args.join(' ')}: ${r.stderr}`);
  };
  const newKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  const ca = (name: string): Promise<void> => openssl(['req', '-x509', ...newKey, '-keyout', join(dir, `${name}-key.pem`), '-out', join(dir, `${name}.pem`), '-days', '2', '-subj', `/CN=${name}`]);
  const signed = async (name: string, by: string, ext: string): Promise<void> => {
    await openssl(['req', ...newKey, '-keyout', join(dir, `${name}-key.pem`), '-out', join(dir, `${name}.csr`), '-subj', `/CN=${name}`]);
    await runTool('sh', ['-c', `printf '${ext}' > ${join(dir, `${name}.ext`)}`], process.env);
    await openssl(['x509', '-req', '-in', join(dir, `${name}.csr`), '-CA', join(dir, `${by}.pem`), '-CAkey', join(dir, `${by}-key.pem`), '-CAcreateserial',
      '-out', join(dir, `${name}.pem`), '-days', '2', '-extfile', join(dir, `${name}.ext`)]);
  };
  await Promise.all([ca('ca'), ca('rogue-ca')]);
  await signed('server', 'ca', 'subjectAltName=IP:127.0.0.1,DNS:localhost\\nextendedKeyUsage=serverAuth\\n');
  await signed('client', 'ca', 'extendedKeyUsage=clientAuth\\n');
  await signed('rogue', 'rogue-ca', 'extendedKeyUsage=clientAuth\\n');
}

const certs = join(homedir(), `.burrow-it-tls-${process.pid}`);
const TLS_HOST = 'tcp://127.0.0.1:2376';
const clientFlags = (name: string): string[] => ['--tlsverify', `--tlscacert=${join(certs, 'ca.pem')}`, `--tlscert=${join(certs, `${name}.pem`)}`, `--tlskey=${join(certs, `${name}-key.pem`)}`];

describe('TCP with TLS, as the reference exposes it', { skip: fixtureSkip }, () => {
  before(async () => { await makeCertificates(certs); });
  after(async () => { await rm(certs, { recursive: true, force: true }); });
  const s = dockerSuite(
    ['-H', 'unix://', '-H', 'tcp://0.0.0.0:2376', '--tlsverify', `--tlscacert=${join(certs, 'ca.pem')}`, `--tlscert=${join(certs, 'server.pem')}`, `--tlskey=${join(certs, 'server-key.pem')}`],
    { DOCKERD_ROOTLESS_ROOTLESSKIT_FLAGS: '-p 0.0.0.0:2376:2376/tcp' },
  );
  const remote = (name: string, args: string[], input?: string): ReturnType<typeof runTool> =>
    runTool('docker', [...clientFlags(name), '-H', TLS_HOST, ...args], { ...s.daemon.env, DOCKER_HOST: undefined }, 60_000, input);

  test('a client certificate signed by the CA reaches the daemon the unix socket serves, attach streams included', async () => {
    const version = await remote('client', ['version', '--format', '{{.Server.Version}}']);
    assert.equal(version.code, 0, version.stderr);
    assert.match(version.stdout, /^\d+\.\d+/);
    const ids = await Promise.all([remote('client', ['info', '--format', '{{.ID}}']), s.ok(['info', '--format', '{{.ID}}'])]);
    assert.equal(ids[0].stdout, ids[1], 'one daemon behind both listeners');
    const echo = await remote('client', ['run', '--rm', BUSYBOX, 'echo', 'hello over TLS']);
    assert.equal(echo.code, 0, echo.stderr);
    assert.equal(echo.stdout, 'hello over TLS\n');
    const cat = await remote('client', ['run', '-i', '--rm', BUSYBOX, 'cat'], 'stdin through TLS\n');
    assert.equal(cat.stdout, 'stdin through TLS\n', cat.stderr);
  });

  test('a certificate from another CA, no certificate, and plain HTTP are refused', async () => {
    const rogue = await remote('rogue', ['version', '--format', '{{.Server.Version}}']);
    assert.notEqual(rogue.code, 0);
    // Go's client offers no certificate the server's CA list does not name, so this is 'certificate required' too
    assert.match(rogue.stderr, /tls: (certificate required|unknown certificate authority|bad certificate)/);
    const none = await runTool('docker', ['--tlsverify', `--tlscacert=${join(certs, 'ca.pem')}`, '-H', TLS_HOST, 'version', '--format', '{{.Server.Version}}'], { ...s.daemon.env, DOCKER_HOST: undefined });
    assert.notEqual(none.code, 0);
    assert.match(none.stderr, /tls: certificate required/);
    const plain = await runTool('docker', ['-H', TLS_HOST, 'version', '--format', '{{.Server.Version}}'], { ...s.daemon.env, DOCKER_HOST: undefined });
    assert.notEqual(plain.code, 0);
    assert.equal(plain.stdout, '\n', 'no server version over plain HTTP');
  });
});

describe('plain TCP', { skip: fixtureSkip }, () => {
  test('is refused without an explicit --tls=false, with the TLS example as the fix', async () => {
    await assert.rejects(startDaemon({}, ['-H', 'unix://', '-H', 'tcp://127.0.0.1:23750']),
      /refusing to listen on tcp:\/\/127\.0\.0\.1:23750 without TLS client verification[\s\S]*--tlsverify --tlscacert=ca\.pem[\s\S]*--tls=false/);
  });

  test('with --tls=false it is served (published on the host without any FLAGS) and warned about', async () => {
    const d = await startDaemon({}, ['-H', 'unix://', '-H', 'tcp://127.0.0.1:23750', '--tls=false']);
    try {
      assert.match(d.stderr(), /level=warning msg="Binding to IP address without --tlsverify is insecure .*" host="tcp:\/\/127\.0\.0\.1:23750"/);
      assert.match(d.stderr(), /publishing the API listener's port on the host, as DOCKERD_ROOTLESS_ROOTLESSKIT_FLAGS=-p would" spec="127\.0\.0\.1:23750:23750\/tcp"/);
      const r = await runTool('docker', ['-H', 'tcp://127.0.0.1:23750', 'version', '--format', '{{.Server.Version}}'], { ...d.env, DOCKER_HOST: undefined });
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /^\d+\.\d+/);
    } finally {
      await d.cleanup();
    }
  });
});
