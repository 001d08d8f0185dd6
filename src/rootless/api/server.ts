// $STATE/api.sock: RootlessKit's API (GET /v1/info, GET|POST /v1/ports, DELETE /v1/ports/{id}),
// served by the parent so the engine publishes ports through it. Status codes follow
// RootlessKit's router (a refused port is 400), not the Engine API's.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { chmod, rm } from 'node:fs/promises';
import { classOf, errorMessage, InvalidParameterError } from '../../base/errors.js';
import type { Logger } from '../../base/log.js';
import type { PortDriver } from '../port/driver.js';
import type { PortSpec } from '../port/spec.js';
import type { RootlessInfo } from './types.js';

export interface RootlessApiDeps {
  info: () => RootlessInfo;
  ports: PortDriver | undefined;
  logger: Logger;
}

function send(res: ServerResponse, status: number, body?: unknown): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

function statusOf(err: unknown): number {
  const kind = classOf(err)?.kind;
  if (kind === 'not-found') return 404;
  if (kind === undefined || kind === 'system') return 500;
  return 400;
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  let text = '';
  for await (const chunk of req) {
    text += String(chunk);
    if (text.length > 65536) throw new InvalidParameterError('request body too large');
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new InvalidParameterError('invalid JSON body');
  }
}

function requirePorts(deps: RootlessApiDeps): PortDriver {
  if (!deps.ports) throw new InvalidParameterError('no PortDriver is available');
  return deps.ports;
}

async function route(deps: RootlessApiDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = (req.url ?? '/').split('?')[0] ?? '/';
  const del = /^\/v1\/ports\/(\d+)$/.exec(path);
  if (req.method === 'GET' && path === '/v1/info') {
    send(res, 200, deps.info());
  } else if (req.method === 'GET' && path === '/v1/ports') {
    send(res, 200, deps.ports?.list() ?? []);
  } else if (req.method === 'POST' && path === '/v1/ports') {
    const body = await readJson(req);
    if (typeof body !== 'object' || body === null) throw new InvalidParameterError('port spec must be a JSON object');
    const spec = body as PortSpec;
    send(res, 201, await requirePorts(deps).add({ ...spec, parentIP: spec.parentIP || '0.0.0.0' }));
  } else if (req.method === 'DELETE' && del) {
    await requirePorts(deps).remove(Number(del[1]));
    send(res, 200);
  } else {
    send(res, 404, { message: 'not found' });
  }
}

export async function serveRootlessApi(socketPath: string, deps: RootlessApiDeps): Promise<Server> {
  const server = createServer((req, res) => {
    route(deps, req, res).catch((err: unknown) => {
      const status = statusOf(err);
      deps.logger.debug('rootless api error', { path: req.url, status, error: errorMessage(err) });
      if (!res.headersSent) send(res, status, { message: errorMessage(err) });
      else res.destroy();
    });
  });
  await rm(socketPath, { force: true });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => { resolve(); });
  });
  await chmod(socketPath, 0o600);
  return server;
}
