// The /volumes endpoints (dockerd's volume router, without swarm cluster volumes).
import { InvalidParameterError, UnavailableError } from '../../base/errors.js';
import type { VolumeCreateRequest, VolumeService } from '../../volume/index.js';
import { compareVersions } from '../api-version.js';
import { route, type Route } from '../router.js';
import { flag, readJson } from './params.js';

function isStringMap(v: unknown): v is Record<string, string> | null | undefined {
  return v === undefined || v === null || (typeof v === 'object' && !Array.isArray(v) && Object.values(v).every((x) => typeof x === 'string'));
}

function createRequest(body: unknown): VolumeCreateRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new InvalidParameterError('invalid JSON body: not an object');
  const { Name, Driver, DriverOpts, Labels } = body as Record<string, unknown>;
  const text = (v: unknown): v is string | undefined => v === undefined || typeof v === 'string';
  if (!text(Name) || !text(Driver) || !isStringMap(DriverOpts) || !isStringMap(Labels)) {
    throw new InvalidParameterError('invalid JSON body: Name and Driver are strings, DriverOpts and Labels objects of strings');
  }
  return { ...(Name !== undefined ? { Name } : {}), ...(Driver !== undefined ? { Driver } : {}), DriverOpts: DriverOpts ?? null, Labels: Labels ?? null };
}

export function volumeRoutes(volumes: VolumeService): Route[] {
  return [
    route('GET', '/volumes', (ex) => {
      ex.json(200, volumes.list(ex.query.get('filters')));
    }),
    route('POST', '/volumes/create', async (ex) => {
      ex.json(201, await volumes.create(createRequest(await readJson(ex))));
    }),
    // API 1.42 made prune take only anonymous volumes unless filtered with all=true
    route('POST', '/volumes/prune', async (ex) => {
      ex.json(200, await volumes.prune(ex.query.get('filters'), compareVersions(ex.apiVersion, '1.42') < 0));
    }),
    route('GET', '/volumes/{name}', (ex) => {
      ex.json(200, volumes.inspect(ex.params.name ?? ''));
    }),
    route('PUT', '/volumes/{name}', () => {
      throw new UnavailableError('volume update only valid for cluster volumes, but swarm is unavailable');
    }),
    route('DELETE', '/volumes/{name}', async (ex) => {
      await volumes.remove(ex.params.name ?? '', flag(ex, 'force'));
      ex.empty(204);
    }),
  ];
}
