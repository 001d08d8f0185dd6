// The request pipeline: strip and check the version prefix, match a route, run it, and turn
// whatever it throws into dockerd's `{"message": …}` reply. Handlers never choose error statuses.
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { errorMessage } from '../base/errors.js';
import type { Logger } from '../base/log.js';
import type { EngineRelease } from '../system/index.js';
import { negotiateApiVersion, splitVersionPrefix } from './api-version.js';
import { Exchange } from './exchange.js';
import { statusFromError } from './http-status.js';
import { matchRoute, type Route } from './router.js';

export interface PipelineOptions {
  routes: readonly Route[];
  release: EngineRelease;
  headers: readonly string[];
  logger: Logger;
}

/** "a: b: c" along the cause chain, so a 500 in the log says what really failed. */
function causeChain(err: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = err, depth = 0; e !== undefined && depth < 16; depth++) {
    parts.push(errorMessage(e));
    e = e instanceof Error ? e.cause : undefined;
  }
  return parts.join(': ');
}

export function createRequestListener(options: PipelineOptions): RequestListener {
  const { routes, release, headers, logger } = options;
  // The level is fixed for a logger's life; checking once keeps /_ping free of log work.
  const debug = logger.isDebug();

  const replyError = (ex: Exchange, err: unknown): number => {
    const status = statusFromError(err);
    if (status >= 500) {
      logger.error(`Handler for ${ex.req.method ?? ''} ${ex.req.url ?? ''} returned error: ${errorMessage(err)}`, {
        cause: causeChain(err),
      });
    }
    if (ex.res.headersSent) {
      // A stream already started under a 2xx; the client can only learn of the failure by EOF.
      ex.res.destroy();
    } else if (status === 304) {
      ex.empty(304);
    } else {
      ex.json(status, { message: errorMessage(err) });
    }
    return status;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const start = debug ? performance.now() : 0;
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const { version, path } = splitVersionPrefix(q < 0 ? url : url.slice(0, q));
    const rawQuery = q < 0 ? '' : url.slice(q + 1);
    let ex: Exchange | undefined;
    let status: number;
    let error: string | undefined;
    try {
      // Route first, then version, as in dockerd: an unknown path is 404 whatever its prefix.
      const match = matchRoute(routes, req.method ?? '', path);
      ex = new Exchange(req, res, rawQuery, negotiateApiVersion(version, release), match.params, headers);
      await match.handler(ex);
      status = res.statusCode;
    } catch (err) {
      error = errorMessage(err);
      status = replyError(ex ?? new Exchange(req, res, rawQuery, release.apiVersion, {}, headers), err);
    }
    if (debug) {
      const ms = Math.round((performance.now() - start) * 1000) / 1000;
      logger.debug('request', { method: req.method, path: url, status, ms, error });
    }
  };

  return (req, res) => {
    handle(req, res).catch((err: unknown) => {
      logger.error(`request pipeline failed: ${errorMessage(err)}`, { cause: causeChain(err) });
      res.destroy();
    });
  };
}
