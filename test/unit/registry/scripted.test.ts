// Behaviour the fixture registries cannot show, against small scripted registries on loopback:
// redirects to another origin, digest checks, schema 1, OAuth2 refresh tokens, challenges that only
// appear below /v2/, and pass-through registry tokens.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { NotImplementedError, SystemError } from '../../../src/base/errors.js';
import { parseReference } from '../../../src/reference/index.js';
import { MediaType } from '../../../src/registry/index.js';
import { collect, testClient } from './fixtures.js';

interface Reply {
  status: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

interface Scripted {
  host: string;
  seen: Seen[];
  close(): Promise<void>;
}

async function scripted(handle: (req: Seen, self: string) => Reply): Promise<Scripted> {
  const seen: Seen[] = [];
  let self = '';
  const server = createServer((req: IncomingMessage, res) => {
    void collect(req).then((body) => {
      const entry = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: body.toString() };
      seen.push(entry);
      const reply = handle(entry, self);
      res.writeHead(reply.status, reply.headers);
      res.end(reply.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  self = `127.0.0.1:${String((server.address() as { port: number }).port)}`;
  return {
    host: self,
    seen,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}

const sha256 = (bytes: Buffer | string): string => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
const BLOB = Buffer.from('blob bytes');
const MANIFEST = JSON.stringify({
  schemaVersion: 2,
  mediaType: MediaType.ociManifest,
  config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: sha256('c'), size: 1 },
  layers: [],
});
const manifestReply = (extra: Record<string, string> = {}): Reply => ({
  status: 200,
  headers: { 'content-type': MediaType.ociManifest, ...extra },
  body: MANIFEST,
});

test('blob redirects: followed, Authorization kept on the origin and dropped elsewhere, at most 10', async () => {
  const cdn = await scripted((): Reply => ({ status: 200, body: BLOB }));
  const registry = await scripted((req, self): Reply => {
    if (req.headers.authorization === undefined) return { status: 401, headers: { 'www-authenticate': 'Basic realm="r"' } };
    if (req.url === '/v2/') return { status: 200 };
    if (req.url.startsWith('/v2/app/blobs/')) return { status: 302, headers: { location: `/moved${req.url}` } };
    if (req.url.startsWith('/moved/')) return { status: 307, headers: { location: `http://${cdn.host}/cdn/blob?sig=1` } };
    return { status: 302, headers: { location: `http://${self}${req.url}` } };
  });
  const t = await testClient();
  const auth = { username: 'u', password: 'p' };
  try {
    const body = await collect(await t.client.fetchBlob({ domain: registry.host, path: 'app' }, auth, sha256(BLOB)));
    assert.deepEqual(body, BLOB);
    assert.ok(registry.seen.filter((r) => r.url.includes('blobs')).every((r) => r.headers.authorization === 'Basic dTpw'));
    const [hop, ...more] = cdn.seen;
    assert.ok(hop);
    assert.equal(more.length, 0);
    assert.equal(hop.url, '/cdn/blob?sig=1');
    assert.equal(hop.headers.authorization, undefined);
    await assert.rejects(t.client.fetchBlob({ domain: registry.host, path: 'loop' }, auth, sha256(BLOB)), {
      message: `Get "http://${registry.host}/v2/loop/blobs/${sha256(BLOB)}": stopped after 10 redirects`,
    });
  } finally {
    await t.close();
    await registry.close();
    await cdn.close();
  }
});

test('manifests must hash to the requested digest and to Docker-Content-Digest; schema 1 is refused', async () => {
  const wrong = `sha256:${'0'.repeat(64)}`;
  const registry = await scripted((req): Reply => {
    if (req.url === '/v2/') return { status: 200 };
    if (req.url.endsWith('/manifests/claims-wrong')) return manifestReply({ 'docker-content-digest': wrong });
    if (req.url.endsWith('/manifests/old')) {
      return { status: 200, headers: { 'content-type': MediaType.dockerSchema1Signed }, body: '{"schemaVersion":1,"fsLayers":[]}' };
    }
    return manifestReply({ 'docker-content-digest': sha256(MANIFEST) });
  });
  const t = await testClient();
  try {
    const ok = await t.client.getManifest(parseReference(`${registry.host}/app:good`), {});
    assert.equal(ok.digest, sha256(MANIFEST));
    await assert.rejects(t.client.getManifest(parseReference(`${registry.host}/app:claims-wrong`), {}), (err: unknown) => {
      assert.ok(err instanceof SystemError);
      assert.equal(err.message, `manifest verification failed for digest ${wrong}`);
      return true;
    });
    await assert.rejects(t.client.getManifest(parseReference(`${registry.host}/app@${sha256('other')}`), {}), {
      message: `manifest verification failed for digest ${sha256('other')}`,
    });
    await assert.rejects(t.client.getManifest(parseReference(`${registry.host}/app:old`), {}), (err: unknown) => {
      assert.ok(err instanceof NotImplementedError);
      assert.match(err.message, /^\[DEPRECATION NOTICE\] Docker Image Format v1 and Docker Image manifest version 2, schema 1 support has been removed\./);
      assert.match(err.message, new RegExp(`Suggest the author of ${registry.host}/app:old to upgrade`));
      return true;
    });
  } finally {
    await t.close();
    await registry.close();
  }
});

test('identity tokens: login returns the refresh token, pulls trade it in by OAuth2 POST', async () => {
  const registry = await scripted((req, self): Reply => {
    if (req.url.startsWith('/token')) {
      if (req.method === 'POST') {
        const form = new URLSearchParams(req.body);
        if (form.get('grant_type') !== 'refresh_token' || form.get('refresh_token') !== 'refresh-1') return { status: 401, body: '{"details":"bad refresh token"}' };
        return { status: 200, body: JSON.stringify({ access_token: `access-for-${form.get('scope') ?? ''}`, expires_in: 30 }) };
      }
      const query = new URL(req.url, 'http://x').searchParams;
      if (req.headers.authorization !== 'Basic dTpw') return { status: 401, body: '{"details":"incorrect username or password"}' };
      return { status: 200, body: JSON.stringify({ token: 'login-token', ...(query.get('offline_token') === 'true' ? { refresh_token: 'refresh-1' } : {}) }) };
    }
    const bearer = req.headers.authorization ?? '';
    if (!bearer.startsWith('Bearer ')) {
      return { status: 401, headers: { 'www-authenticate': `Bearer realm="http://${self}/token",service="svc"` } };
    }
    return req.url === '/v2/' ? { status: 200 } : manifestReply();
  });
  const t = await testClient();
  try {
    assert.deepEqual(await t.client.checkLogin(registry.host, { username: 'u', password: 'p' }), { Status: 'Login Succeeded', IdentityToken: 'refresh-1' });
    const login = registry.seen.find((r) => r.url.startsWith('/token'));
    assert.match(login?.url ?? '', /service=svc/);
    assert.match(login?.url ?? '', /client_id=docker/);
    assert.match(login?.url ?? '', /account=u/);
    await t.client.getManifest(parseReference(`${registry.host}/app`), { username: 'u', identitytoken: 'refresh-1' });
    const post = registry.seen.find((r) => r.method === 'POST');
    assert.equal(new URLSearchParams(post?.body).get('client_id'), 'docker');
    assert.equal(new URLSearchParams(post?.body).get('service'), 'svc');
    assert.equal(registry.seen.at(-1)?.headers.authorization, 'Bearer access-for-repository:app:pull');
    await assert.rejects(t.client.getManifest(parseReference(`${registry.host}/app`), { identitytoken: 'revoked' }), {
      name: 'UnauthorizedError',
      message: `Get "http://${registry.host}/v2/app/manifests/latest": unauthorized: bad refresh token`,
    });
  } finally {
    await t.close();
    await registry.close();
  }
});

test('a challenge that appears only below /v2/ is answered on a second attempt; registry tokens pass through', async () => {
  const registry = await scripted((req, self): Reply => {
    if (req.url.startsWith('/token')) return { status: 200, body: JSON.stringify({ token: 'anon' }) };
    if (req.url === '/v2/') return { status: 200 };
    if (req.headers.authorization === undefined) {
      return { status: 401, headers: { 'www-authenticate': `Bearer realm="http://${self}/token",service="svc",scope="repository:app:pull"` } };
    }
    return manifestReply();
  });
  const t = await testClient();
  try {
    await t.client.getManifest(parseReference(`${registry.host}/app`), {});
    assert.equal(registry.seen.at(-1)?.headers.authorization, 'Bearer anon');
    await t.client.getManifest(parseReference(`${registry.host}/app`), { registrytoken: 'given' });
    assert.equal(registry.seen.at(-1)?.headers.authorization, 'Bearer given');
  } finally {
    await t.close();
    await registry.close();
  }
});
