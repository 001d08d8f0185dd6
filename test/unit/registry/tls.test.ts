// Trust as Docker builds it (system bundle + BURROW_EXTRA_CA_CERTS + certs.d), checked against the
// fixture's TLS registry with verification on, and the errors of mismatched schemes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, request, type Server } from 'node:http';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { SystemError } from '../../../src/base/errors.js';
import { parseReference } from '../../../src/reference/index.js';
import { HttpTransport } from '../../../src/registry/http.js';
import { TlsStore } from '../../../src/registry/tls.js';
import { BASIC, CA_FILE, fixturesSkip, PLAIN, testClient } from './fixtures.js';

const skip = await fixturesSkip;

async function probe(certsDir: string, url: string): Promise<number> {
  const http = new HttpTransport(new TlsStore(certsDir), 'burrow-test');
  try {
    const res = await http.send({ method: 'GET', url: new URL(url), verifyTls: true });
    await res.body.dump();
    return res.status;
  } finally {
    await http.close();
  }
}

test('certs.d CAs are added to the system pool for their host only', { skip }, async () => {
  const t = await testClient();
  try {
    assert.equal(await probe(t.certsDir, `https://${BASIC}/v2/`), 401);
    const empty = await mkdtemp(join(tmpdir(), 'burrow-certs-'));
    try {
      await assert.rejects(probe(empty, `https://${BASIC}/v2/`), {
        name: 'TransportError',
        message: `Get "https://${BASIC}/v2/": x509: certificate signed by unknown authority`,
      });
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  } finally {
    await t.close();
  }
});

test('BURROW_EXTRA_CA_CERTS (what the launcher renames NODE_EXTRA_CA_CERTS to) is trusted too', { skip }, async () => {
  const empty = await mkdtemp(join(tmpdir(), 'burrow-certs-'));
  const saved = process.env['BURROW_EXTRA_CA_CERTS'];
  process.env['BURROW_EXTRA_CA_CERTS'] = CA_FILE;
  try {
    assert.equal(await probe(empty, `https://${BASIC}/v2/`), 401);
  } finally {
    if (saved === undefined) delete process.env['BURROW_EXTRA_CA_CERTS'];
    else process.env['BURROW_EXTRA_CA_CERTS'] = saved;
    await rm(empty, { recursive: true, force: true });
  }
});

test("a client certificate without its key is refused with moby's text", { skip }, async () => {
  const dir = await mkdtemp(join(tmpdir(), 'burrow-certs-'));
  try {
    await mkdir(join(dir, BASIC));
    await writeFile(join(dir, BASIC, 'client.cert'), 'x');
    await assert.rejects(probe(dir, `https://${BASIC}/v2/`), /missing key client\.key for client certificate client\.cert\. CA certificates must use the extension \.crt/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('HTTPS against a plain-HTTP registry gives Go\'s text', { skip }, async () => {
  const t = await testClient();
  try {
    await assert.rejects(probe(t.certsDir, `https://${PLAIN}/v2/`), {
      message: `Get "https://${PLAIN}/v2/": http: server gave HTTP response to HTTPS client`,
    });
  } finally {
    await t.close();
  }
});

/** A plain-HTTP front for the :5000 registry on this machine's first non-loopback IPv4 address. */
async function frontOnPublicAddress(): Promise<{ server: Server; host: string } | undefined> {
  const address = Object.values(networkInterfaces())
    .flat()
    .find((a) => a?.family === 'IPv4' && !a.internal)?.address;
  if (address === undefined) return undefined;
  const server = createServer((req, res) => {
    const upstream = request({ host: '127.0.0.1', port: 5000, path: req.url, method: req.method, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, address, resolve));
  const port = (server.address() as { port: number }).port;
  return { server, host: `${address}:${port}` };
}

test('a registry that is not insecure is only tried over HTTPS; listing its CIDR allows plain HTTP', { skip }, async (ctx) => {
  const front = await frontOnPublicAddress();
  if (!front) {
    ctx.skip('no non-loopback IPv4 address to serve a non-insecure registry on');
    return;
  }
  const secure = await testClient();
  const insecure = await testClient({ insecureRegistries: [`${front.host.split(':')[0] ?? ''}/32`] });
  try {
    await assert.rejects(secure.client.getManifest(parseReference(`${front.host}/library/debian:bookworm`), {}), (err: unknown) => {
      assert.ok(err instanceof SystemError);
      assert.equal(err.message, `Get "https://${front.host}/v2/": http: server gave HTTP response to HTTPS client`);
      return true;
    });
    const pulled = await insecure.client.getManifest(parseReference(`${front.host}/library/debian:bookworm`), {});
    assert.equal(pulled.manifest.layers.length, 1);
  } finally {
    await secure.close();
    await insecure.close();
    await new Promise((resolve) => front.server.close(resolve));
  }
});
