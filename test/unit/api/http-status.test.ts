// Error classes → HTTP status, through the real pipeline: handlers throw, the wire shows dockerd's
// status and `{"message": …}` body.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ConflictError,
  ForbiddenError,
  HostSetupError,
  InvalidParameterError,
  NotFoundError,
  NotImplementedError,
  NotModifiedError,
  SystemError,
  UnauthorizedError,
  UnavailableError,
} from '../../../src/base/errors.js';
import { statusFromError } from '../../../src/api/http-status.js';
import { createRequestListener } from '../../../src/api/request-listener.js';
import { staticHeaders } from '../../../src/api/response-headers.js';
import { route } from '../../../src/api/router.js';
import { createEngineServer, type EngineServer } from '../../../src/api/server.js';
import { ENGINE_RELEASE } from '../../../src/system/index.js';
import { captureLogger, makeTestDir, request, stableHeaders, type TestDir } from './wire.js';

const CASES: [string, Error, string][] = [
  ['no-such-container', new NotFoundError('No such container: web'), 'HTTP/1.1 404 Not Found'],
  ['no-such-image', new NotFoundError('No such image: alpine:latest'), 'HTTP/1.1 404 Not Found'],
  ['bad-param', new InvalidParameterError('invalid reference format'), 'HTTP/1.1 400 Bad Request'],
  [
    'name-conflict',
    new ConflictError(
      'Conflict. The container name "/n" is already in use by container "abc". You have to remove (or rename) that container to be able to reuse that name.',
    ),
    'HTTP/1.1 409 Conflict',
  ],
  ['unauthorized', new UnauthorizedError('unauthorized: authentication required'), 'HTTP/1.1 401 Unauthorized'],
  ['forbidden', new ForbiddenError('bridge is a pre-defined network and cannot be removed'), 'HTTP/1.1 403 Forbidden'],
  ['unavailable', new UnavailableError('the engine is shutting down'), 'HTTP/1.1 503 Service Unavailable'],
  ['not-implemented', new NotImplementedError('swarm mode is not supported'), 'HTTP/1.1 501 Not Implemented'],
  ['system', new SystemError('runc failed: exit status 1'), 'HTTP/1.1 500 Internal Server Error'],
  ['host-setup', new HostSetupError('newuidmap not found', { hint: 'apt-get install uidmap' }), 'HTTP/1.1 500 Internal Server Error'],
  ['plain', new Error('boom'), 'HTTP/1.1 500 Internal Server Error'],
  [
    'chained',
    new SystemError('cannot start container', { cause: new Error('runc create', { cause: new Error('exit status 1') }) }),
    'HTTP/1.1 500 Internal Server Error',
  ],
  [
    'wrapped',
    new Error('inspect failed', { cause: new Error('lookup', { cause: new NotFoundError('No such container: x') }) }),
    'HTTP/1.1 404 Not Found',
  ],
];

test('statusFromError walks .cause and defaults to 500', () => {
  assert.equal(statusFromError(new NotModifiedError('')), 304);
  assert.equal(statusFromError(new Error('outer', { cause: new ConflictError('inner') })), 409);
  assert.equal(statusFromError(new SystemError('outer', { cause: new NotFoundError('inner') })), 500, 'the first class wins');
  assert.equal(statusFromError('a string'), 500);
  assert.equal(statusFromError(undefined), 500);
});

let tmp: TestDir;
let server: EngineServer;
const logs: string[] = [];

before(async () => {
  tmp = await makeTestDir();
  const routes = [
    ...CASES.map(([name, err]) => route('GET', `/fail/${name}`, () => { throw err; })),
    route('POST', '/containers/{id}/stop', () => Promise.reject(new NotModifiedError('container already stopped'))),
  ];
  const listener = createRequestListener({
    routes,
    release: ENGINE_RELEASE,
    headers: staticHeaders({ release: ENGINE_RELEASE, experimental: false }),
    logger: captureLogger(logs),
  });
  server = createEngineServer(listener, captureLogger([]));
  await server.listen(tmp.socketPath);
});
after(async () => {
  await server.close();
  await tmp.remove();
});

test('each error class reaches the wire with its status and exact message', async () => {
  for (const [name, err, statusLine] of CASES) {
    const res = await request(tmp.socketPath, 'GET', `/v1.41/fail/${name}`);
    const body = `${JSON.stringify({ message: err.message })}\n`;
    assert.equal(res.statusLine, statusLine, name);
    assert.equal(res.body, body, name);
    assert.deepEqual(
      stableHeaders(res.headers),
      [
        ['API-Version', '1.43'],
        ['Docker-Experimental', 'false'],
        ['OSType', 'linux'],
        ['Server', 'Docker/24.0.9 (linux)'],
        ['Content-Type', 'application/json'],
        ['Content-Length', String(Buffer.byteLength(body))],
        ['Date', '<date>'],
        ['Connection', 'close'],
      ],
      name,
    );
  }
});

test('304 from a rejected promise has no body', async () => {
  const res = await request(tmp.socketPath, 'POST', '/containers/web/stop');
  assert.equal(res.statusLine, 'HTTP/1.1 304 Not Modified');
  assert.equal(res.body, '');
});

test('5xx are logged at error with the cause chain; 4xx are not', () => {
  const errors = logs.map((l) => JSON.parse(l) as Record<string, unknown>).filter((e) => e.level === 'error');
  assert.deepEqual(
    errors.map((e) => e.msg),
    [
      'Handler for GET /v1.41/fail/unavailable returned error: the engine is shutting down',
      'Handler for GET /v1.41/fail/not-implemented returned error: swarm mode is not supported',
      'Handler for GET /v1.41/fail/system returned error: runc failed: exit status 1',
      'Handler for GET /v1.41/fail/host-setup returned error: newuidmap not found',
      'Handler for GET /v1.41/fail/plain returned error: boom',
      'Handler for GET /v1.41/fail/chained returned error: cannot start container',
    ],
  );
  assert.equal(errors[2]?.cause, 'runc failed: exit status 1');
  assert.equal(errors[5]?.cause, 'cannot start container: runc create: exit status 1');
});
