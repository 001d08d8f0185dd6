// docker top and docker stats. A stats stream goes out a body at a time and ends when the client
// hangs up; the name is resolved before the 200, so an unknown container is still a 404.
import { ContainerProcs } from '../../container/procs/index.js';
import type { ContainerService } from '../../container/index.js';
import { compareVersions } from '../api-version.js';
import type { Exchange } from '../exchange.js';
import { route, type Route } from '../router.js';

/** httputils.BoolValueOrDefault: only an absent parameter takes the default; "" is false. */
function boolOr(ex: Exchange, name: string, fallback: boolean): boolean {
  const v = ex.query.get(name);
  return v === null ? fallback : !['', '0', 'no', 'false', 'none'].includes(v.trim().toLowerCase());
}

export function containerProcRoutes(containers: ContainerService): Route[] {
  const procs = new ContainerProcs(containers);
  return [
    route('GET', '/containers/{name}/top', async (ex) => {
      ex.json(200, await procs.top(ex.params.name ?? '', ex.query.get('ps_args') ?? ''));
    }),
    route('GET', '/containers/{name}/stats', async (ex) => {
      const stream = boolOr(ex, 'stream', true);
      // one-shot came with API 1.41; older clients always get the second sample
      const oneShot = compareVersions(ex.apiVersion, '1.41') >= 0 && boolOr(ex, 'one-shot', false);
      const gone = new AbortController();
      ex.res.once('close', () => { gone.abort(); });
      const feed = procs.stats(ex.params.name ?? '', { stream, oneShot, signal: gone.signal });
      ex.writeHead(200, ['Content-Type', 'application/json']);
      ex.res.flushHeaders();
      for await (const body of feed) {
        if (gone.signal.aborted) break;
        ex.res.write(`${JSON.stringify(body)}\n`);
      }
      ex.res.end();
    }),
  ];
}
