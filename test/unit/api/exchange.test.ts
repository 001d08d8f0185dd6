// What a handler receives: decoded route params, the query, and the version it is served at.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequestListener } from '../../../src/api/request-listener.js';
import { staticHeaders } from '../../../src/api/response-headers.js';
import { route } from '../../../src/api/router.js';
import { createEngineServer, type EngineServer } from '../../../src/api/server.js';
import { ENGINE_RELEASE } from '../../../src/system/index.js';
import { captureLogger, makeTestDir, request, type TestDir } from './wire.js';

let tmp: TestDir;
let server: EngineServer;

before(async () => {
  tmp = await makeTestDir();
  const listener = createRequestListener({
    routes: [
      route('GET', '/images/{name:.*}/json', (ex) => {
        ex.json(200, { name: ex.params.name, all: ex.query.getAll('filter'), version: ex.apiVersion });
      }),
      route('DELETE', '/containers/{id}', (ex) => { ex.empty(204); }),
    ],
    release: ENGINE_RELEASE,
    headers: staticHeaders({ release: ENGINE_RELEASE, experimental: true }),
    logger: captureLogger([]),
  });
  server = createEngineServer(listener, captureLogger([]));
  await server.listen(tmp.socketPath);
});
after(async () => {
  await server.close();
  await tmp.remove();
});

test('handlers see decoded params, the query and the requested API version', async () => {
  const res = await request(tmp.socketPath, 'GET', '/v1.41/images/localhost:5000/a%2Bb/json?filter=x&filter=y%3Dz');
  assert.equal(res.statusLine, 'HTTP/1.1 200 OK');
  assert.equal(res.body, '{"name":"localhost:5000/a+b","all":["x","y=z"],"version":"1.41"}\n');
  const unversioned = await request(tmp.socketPath, 'GET', '/images/alpine/json');
  assert.equal(unversioned.body, '{"name":"alpine","all":[],"version":"1.43"}\n');
});

test('an empty reply still carries the Docker headers', async () => {
  const res = await request(tmp.socketPath, 'DELETE', '/containers/web');
  assert.equal(res.statusLine, 'HTTP/1.1 204 No Content');
  assert.deepEqual(
    res.headers.filter(([name]) => name !== 'Date' && name !== 'Connection'),
    [
      ['API-Version', '1.43'],
      ['Docker-Experimental', 'true'],
      ['OSType', 'linux'],
      ['Server', 'Docker/24.0.9 (linux)'],
    ],
  );
  assert.equal(res.body, '');
});
