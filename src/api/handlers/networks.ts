// The /networks endpoints (dockerd's network router, without swarm's).
import { InvalidParameterError } from '../../base/errors.js';
import type { EndpointConfig, NetworkCreateRequest, NetworkService } from '../../network/index.js';
import { route, type Route } from '../router.js';
import { readJson } from './params.js';

/** What connect and disconnect need of the containers. */
export interface NetworkAttacher {
  connect(network: string, container: string, config: EndpointConfig | null): Promise<void>;
  disconnect(network: string, container: string): Promise<void>;
}

function object(body: unknown, what: string): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new InvalidParameterError(`invalid JSON body for ${what}: not an object`);
  return body as Record<string, unknown>;
}

function containerOf(body: Record<string, unknown>): string {
  const c = body.Container;
  if (typeof c !== 'string' || c === '') throw new InvalidParameterError('Container is required');
  return c;
}

function createRequest(body: unknown): NetworkCreateRequest {
  const b = object(body, 'network create');
  if (typeof b.Name !== 'string') throw new InvalidParameterError('network name is required');
  for (const key of ['Options', 'Labels'] as const) {
    const v = b[key];
    if (v !== undefined && v !== null && (typeof v !== 'object' || Array.isArray(v) || !Object.values(v).every((x) => typeof x === 'string'))) {
      throw new InvalidParameterError(`${key} must be an object of strings`);
    }
  }
  return b;
}

export function networkRoutes(networks: NetworkService, attacher: NetworkAttacher): Route[] {
  return [
    route('GET', '/networks', (ex) => {
      ex.json(200, networks.list(ex.query.get('filters')));
    }),
    route('POST', '/networks/create', async (ex) => {
      ex.json(201, await networks.create(createRequest(await readJson(ex))));
    }),
    route('POST', '/networks/prune', async (ex) => {
      ex.json(200, await networks.prune(ex.query.get('filters')));
    }),
    route('GET', '/networks/{id}', (ex) => {
      ex.json(200, networks.inspect(ex.params.id ?? ''));
    }),
    route('DELETE', '/networks/{id}', async (ex) => {
      await networks.remove(ex.params.id ?? '');
      ex.empty(204);
    }),
    route('POST', '/networks/{id}/connect', async (ex) => {
      const b = object(await readJson(ex), 'network connect');
      const config = b.EndpointConfig === undefined || b.EndpointConfig === null ? null : object(b.EndpointConfig, 'EndpointConfig') as EndpointConfig;
      await attacher.connect(ex.params.id ?? '', containerOf(b), config);
      ex.empty(200);
    }),
    route('POST', '/networks/{id}/disconnect', async (ex) => {
      const b = object(await readJson(ex), 'network disconnect');
      await attacher.disconnect(ex.params.id ?? '', containerOf(b));
      ex.empty(200);
    }),
  ];
}
