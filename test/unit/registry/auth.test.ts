// Token flow against the :5002 registry and its :5003 token server, seen through a counting proxy
// that stands in for both (the proxy rewrites the challenge's realm to itself); and POST /auth checks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, request, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { Readable } from 'node:stream';
import { SystemError, UnauthorizedError } from '../../../src/base/errors.js';
import { parseReference } from '../../../src/reference/index.js';
import { credentialsOf } from '../../../src/registry/auth-config.js';
import { HttpTransport } from '../../../src/registry/http.js';
import { TlsStore } from '../../../src/registry/tls.js';
import { TokenService } from '../../../src/registry/tokens.js';
import { BASIC, fixturesSkip, GOOD, PLAIN, TOKEN, TOKEN_SERVER, testClient } from './fixtures.js';

const skip = await fixturesSkip;

interface CountingProxy {
  host: string;
  /** Query strings of the token requests seen. */
  tokenRequests: string[];
  close(): Promise<void>;
}

async function countingProxy(): Promise<CountingProxy> {
  const tokenRequests: string[] = [];
  let self = '';
  const server: Server = createServer((req, res) => {
    const url = req.url ?? '/';
    const toTokenServer = url.startsWith('/token');
    if (toTokenServer) tokenRequests.push(url.slice('/token'.length));
    const [host, port] = (toTokenServer ? TOKEN_SERVER : TOKEN).split(':');
    const upstream = request({ host, port, path: url, method: req.method, headers: req.headers }, (up) => {
      const headers = { ...up.headers };
      const challenge = headers['www-authenticate'];
      if (typeof challenge === 'string') headers['www-authenticate'] = challenge.replace(`http://${TOKEN_SERVER}/token`, `http://${self}/token`);
      res.writeHead(up.statusCode ?? 502, headers);
      up.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  self = `127.0.0.1:${String((server.address() as { port: number }).port)}`;
  return {
    host: self,
    tokenRequests,
    close: () =>
      new Promise((resolve) => {
        server.close(() => {
          resolve();
        });
      }),
  };
}

test('tokens are fetched once per scope and credentials, then reused', { skip }, async () => {
  const proxy = await countingProxy();
  const t = await testClient();
  try {
    const ref = parseReference(`${proxy.host}/library/busybox`);
    const pulled = await t.client.getManifest(ref, {}, { platform: 'linux/amd64' });
    assert.equal(proxy.tokenRequests.length, 1);
    assert.match(proxy.tokenRequests[0] ?? '', /service=fixture-registry/);
    assert.match(proxy.tokenRequests[0] ?? '', /scope=repository%3Alibrary%2Fbusybox%3Apull/);
    await t.client.getManifest(ref, {}, { platform: 'linux/amd64' });
    (await t.client.fetchBlob(ref, {}, pulled.manifest.config.digest)).resume();
    assert.equal(proxy.tokenRequests.length, 1, 'the cached token serves the second pull and the blob');
    await t.client.getManifest(ref, GOOD, { platform: 'linux/amd64' });
    assert.equal(proxy.tokenRequests.length, 2, 'other credentials get their own token');
    assert.match(proxy.tokenRequests[1] ?? '', /account=fixture/);
    await t.client.getManifest(parseReference(`${proxy.host}/library/nginx`), {});
    assert.equal(proxy.tokenRequests.length, 3, 'another repository is another scope');
  } finally {
    await t.close();
    await proxy.close();
  }
});

test('a cached token is renewed once expired (the fixture issues 300 s tokens)', { skip }, async () => {
  const proxy = await countingProxy();
  let now = 1_000_000;
  const http = new HttpTransport(new TlsStore(tmpdir()), 'burrow-test');
  const tokens = new TokenService(http, () => now);
  const req = { realm: `http://${proxy.host}/token`, service: 'fixture-registry', scopes: ['repository:library/busybox:pull'], credentials: credentialsOf({}) };
  const context = { verifyTls: true, prefix: 'Get "http://x/"' };
  try {
    const first = await tokens.token(req, context);
    now += 290_000;
    assert.equal(await tokens.token(req, context), first);
    assert.equal(proxy.tokenRequests.length, 1);
    now += 10_000;
    await tokens.token(req, context);
    assert.equal(proxy.tokenRequests.length, 2);
    await Promise.all([tokens.token({ ...req, scopes: ['repository:x:pull'] }, context), tokens.token({ ...req, scopes: ['repository:x:pull'] }, context)]);
    assert.equal(proxy.tokenRequests.length, 3, 'concurrent requests share one token fetch');
  } finally {
    await http.close();
    await proxy.close();
  }
});

test('pushing anonymously to the token registry is denied; with the login it works', { skip }, async () => {
  const t = await testClient();
  try {
    const repo = { domain: TOKEN, path: 'burrow-test/denied' };
    await assert.rejects(t.client.uploadBlob(repo, {}, Readable.from([Buffer.from('x')])), (err: unknown) => {
      assert.ok(err instanceof UnauthorizedError);
      assert.equal(err.message, 'denied: requested access to the resource is denied');
      return true;
    });
    const uploaded = await t.client.uploadBlob(repo, GOOD, Readable.from([Buffer.from('x')]));
    assert.equal(uploaded.size, 1);
    assert.equal(await t.client.blobExists(repo, GOOD, uploaded.digest), true);
  } finally {
    await t.close();
  }
});

test('POST /auth: Basic and token registries accept the fixture login and refuse a wrong one', { skip }, async () => {
  const t = await testClient();
  try {
    assert.deepEqual(await t.client.checkLogin(BASIC, GOOD), { Status: 'Login Succeeded' });
    assert.deepEqual(await t.client.checkLogin(`http://${TOKEN}`, GOOD), { Status: 'Login Succeeded' });
    assert.deepEqual(await t.client.checkLogin(undefined, { ...GOOD, serveraddress: `${TOKEN}/v2/` }), { Status: 'Login Succeeded' });
    await assert.rejects(t.client.checkLogin(BASIC, { ...GOOD, password: 'nope' }), (err: unknown) => {
      assert.ok(err instanceof UnauthorizedError);
      assert.equal(err.message, `login attempt to https://${BASIC}/v2/ failed with status: 401 Unauthorized`);
      return true;
    });
    await assert.rejects(t.client.checkLogin(TOKEN, { ...GOOD, password: 'nope' }), (err: unknown) => {
      assert.ok(err instanceof UnauthorizedError);
      assert.equal(err.message, `Get "http://${TOKEN}/v2/": unauthorized: incorrect username or password`);
      return true;
    });
    // A registry without auth accepts anyone, as dockerd's login does.
    assert.deepEqual(await t.client.checkLogin(PLAIN, {}), { Status: 'Login Succeeded' });
    await assert.rejects(t.client.checkLogin('127.0.0.1:5999', GOOD), (err: unknown) => {
      assert.ok(err instanceof SystemError);
      assert.equal(err.message, 'Get "http://127.0.0.1:5999/v2/": dial tcp 127.0.0.1:5999: connect: connection refused');
      return true;
    });
  } finally {
    await t.close();
  }
});
