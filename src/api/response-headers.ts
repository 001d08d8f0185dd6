// Headers dockerd's middleware puts on every response, computed once per server as a flat
// [name, value, …] list so writeHead does no per-request header bookkeeping.
import type { SystemService } from '../system/index.js';

export function staticHeaders(system: Pick<SystemService, 'release' | 'experimental'>): readonly string[] {
  return Object.freeze([
    'API-Version', system.release.apiVersion,
    'Docker-Experimental', String(system.experimental),
    'OSType', 'linux',
    'Server', `Docker/${system.release.version} (linux)`,
  ]);
}

export const JSON_TYPE = 'application/json';
export const TEXT_TYPE = 'text/plain; charset=utf-8';
