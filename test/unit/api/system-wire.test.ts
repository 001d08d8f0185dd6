// GET/HEAD /_ping, /version and /info as raw bytes on the socket.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { InfoBody, VersionBody } from '../../../src/system/index.js';
import { KeepAliveClient, rawRequest, request, stableHeaders, startApi, type RunningApi } from './wire.js';

const DOCKER_HEADERS: [string, string][] = [
  ['API-Version', '1.43'],
  ['Docker-Experimental', 'false'],
  ['OSType', 'linux'],
  ['Server', 'Docker/24.0.9 (linux)'],
];
const PING_HEADERS: [string, string][] = [
  ...DOCKER_HEADERS,
  ['Cache-Control', 'no-cache, no-store, must-revalidate'],
  ['Pragma', 'no-cache'],
  ['Builder-Version', '1'],
  ['Content-Type', 'text/plain; charset=utf-8'],
];
const CLOSING: [string, string][] = [['Date', '<date>'], ['Connection', 'close']];

let run: RunningApi;
before(async () => { run = await startApi(); });
after(async () => { await run.stop(); });

test('GET /_ping answers OK with every Docker header, byte for byte', async () => {
  const raw = await rawRequest(run.socketPath, 'GET', '/_ping');
  const [head = '', body] = raw.split('\r\n\r\n');
  assert.equal(body, 'OK');
  const lines = head.split('\r\n');
  assert.deepEqual(lines.map((l) => l.replace(/^Date: .*$/, 'Date: <date>')), [
    'HTTP/1.1 200 OK',
    'API-Version: 1.43',
    'Docker-Experimental: false',
    'OSType: linux',
    'Server: Docker/24.0.9 (linux)',
    'Cache-Control: no-cache, no-store, must-revalidate',
    'Pragma: no-cache',
    'Builder-Version: 1',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Length: 2',
    'Date: <date>',
    'Connection: close',
  ]);
});

test('HEAD /_ping has an empty body and Content-Length 0', async () => {
  const res = await request(run.socketPath, 'HEAD', '/_ping');
  assert.equal(res.statusLine, 'HTTP/1.1 200 OK');
  assert.deepEqual(stableHeaders(res.headers), [...PING_HEADERS, ['Content-Length', '0'], ...CLOSING]);
  assert.equal(res.body, '');
});

test('versioned paths are served at the requested version', async () => {
  for (const path of ['/v1.41/_ping', '/v1.24/_ping', '/v1.43/_ping', '/v1.43.0/_ping']) {
    const res = await request(run.socketPath, 'GET', path);
    assert.equal(res.statusLine, 'HTTP/1.1 200 OK', path);
    assert.equal(res.body, 'OK', path);
  }
});

test('versions out of bounds get 400 with dockerd texts, compared numerically', async () => {
  const cases: [string, string][] = [
    ['/v1.44/version', 'client version 1.44 is too new. Maximum supported API version is 1.43'],
    ['/v2.0/version', 'client version 2.0 is too new. Maximum supported API version is 1.43'],
    ['/v1.100/_ping', 'client version 1.100 is too new. Maximum supported API version is 1.43'],
    [
      '/v1.23/info',
      'client version 1.23 is too old. Minimum supported API version is 1.24, please upgrade your client to a newer version',
    ],
    [
      '/v1.9/_ping',
      'client version 1.9 is too old. Minimum supported API version is 1.24, please upgrade your client to a newer version',
    ],
  ];
  for (const [path, message] of cases) {
    const res = await request(run.socketPath, 'GET', path);
    const body = `${JSON.stringify({ message })}\n`;
    assert.equal(res.statusLine, 'HTTP/1.1 400 Bad Request', path);
    assert.deepEqual(
      stableHeaders(res.headers),
      [...DOCKER_HEADERS, ['Content-Type', 'application/json'], ['Content-Length', String(body.length)], ...CLOSING],
      path,
    );
    assert.equal(res.body, body, path);
  }
});

test('unknown routes and wrong methods are 404 page not found, as dockerd answers', async () => {
  for (const [method, path] of [
    ['GET', '/nope'],
    ['GET', '/v1.41/containers/json/extra'],
    ['POST', '/_ping'],
    ['DELETE', '/v1.41/version'],
    ['GET', '/vx/_ping'],
    ['GET', '/_ping/'],
  ] as const) {
    const res = await request(run.socketPath, method, path);
    assert.equal(res.statusLine, 'HTTP/1.1 404 Not Found', `${method} ${path}`);
    assert.equal(res.body, '{"message":"page not found"}\n', `${method} ${path}`);
    assert.deepEqual(res.headers.find(([n]) => n === 'API-Version'), ['API-Version', '1.43']);
  }
});

test('GET /version is JSON with the advertised API bounds', async () => {
  const res = await request(run.socketPath, 'GET', '/v1.41/version');
  assert.equal(res.statusLine, 'HTTP/1.1 200 OK');
  assert.deepEqual(
    stableHeaders(res.headers),
    [...DOCKER_HEADERS, ['Content-Type', 'application/json'], ['Content-Length', String(Buffer.byteLength(res.body))], ...CLOSING],
  );
  assert.ok(res.body.endsWith('}\n'));
  const body = JSON.parse(res.body) as VersionBody;
  assert.deepEqual(
    [body.Version, body.ApiVersion, body.MinAPIVersion, body.Os, body.Arch, body.Platform.Name],
    ['24.0.9', '1.43', '1.24', 'linux', 'amd64', 'Burrow'],
  );
  assert.deepEqual(body.Components.map((c) => c.Name), ['Engine', 'Burrow', 'rootlesskit']);
});

test('GET /info is JSON that reports rootless mode', async () => {
  const res = await request(run.socketPath, 'GET', '/info');
  assert.equal(res.statusLine, 'HTTP/1.1 200 OK');
  const body = JSON.parse(res.body) as InfoBody;
  assert.deepEqual(body.SecurityOptions, ['name=seccomp,profile=default', 'name=rootless']);
  assert.equal(body.CgroupDriver, 'none');
  assert.equal(body.ServerVersion, '24.0.9');
  assert.equal(body.Architecture, 'x86_64');
  assert.equal(body.Swarm.LocalNodeState, 'inactive');
});

test('API 1.24 gets name-only security options, as dockerd serves pre-1.25 clients', async () => {
  const body = JSON.parse((await request(run.socketPath, 'GET', '/v1.24/info')).body) as InfoBody & { ExecutionDriver: string };
  assert.deepEqual(body.SecurityOptions, ['seccomp', 'rootless']);
  assert.equal(body.ExecutionDriver, '<not supported>');
});

test('one keep-alive connection serves several requests', async () => {
  const client = await KeepAliveClient.open(run.socketPath);
  try {
    const head = await client.request('HEAD', '/_ping');
    assert.equal(head.statusLine, 'HTTP/1.1 200 OK');
    assert.deepEqual(head.headers.find(([n]) => n === 'Connection'), ['Connection', 'keep-alive']);
    const ping = await client.request('GET', '/v1.43/_ping');
    assert.equal(ping.body, 'OK');
    const missing = await client.request('GET', '/nope');
    assert.equal(missing.body, '{"message":"page not found"}\n');
    const version = await client.request('GET', '/version');
    assert.equal((JSON.parse(version.body) as VersionBody).ApiVersion, '1.43');
  } finally {
    client.socket.destroy();
  }
});

test('each request is logged at debug with method, path, status and duration', async () => {
  await request(run.socketPath, 'GET', '/v1.44/version');
  const entry = run.logs
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .find((e) => e.msg === 'request' && e.path === '/v1.44/version');
  assert.ok(entry, run.logs.join(''));
  assert.equal(entry.level, 'debug');
  assert.equal(entry.method, 'GET');
  assert.equal(entry.status, 400);
  assert.equal(typeof entry.ms, 'number');
});
