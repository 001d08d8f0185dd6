// What every registry operation shares, and the few helpers they all use.
import { SystemError } from '../base/errors.js';
import type { Endpoint, EndpointResolver, Purpose } from './endpoints.js';
import type { HttpResponse, HttpTransport } from './http.js';
import type { RegistrySession } from './session.js';
import type { TokenService } from './tokens.js';

export interface RegistryContext {
  resolver: EndpointResolver;
  session: RegistrySession;
  tokens: TokenService;
  http: HttpTransport;
  debug: (msg: string, fields?: object) => void;
}

export function pullScope(path: string): string {
  return `repository:${path}:pull`;
}

export function pushScope(path: string): string {
  return `repository:${path}:pull,push`;
}

/**
 * Runs `operation` against each endpoint in turn. Only mirrors fall through to the next one, on any
 * error, as moby's continueOnError does for them; the registry itself (always last) has the final word.
 */
export async function onEndpoints<T>(ctx: RegistryContext, domain: string, purpose: Purpose, operation: (endpoint: Endpoint) => Promise<T>): Promise<T> {
  for (const endpoint of await ctx.resolver.endpoints(domain, purpose)) {
    try {
      return await operation(endpoint);
    } catch (err) {
      if (!endpoint.mirror) throw err;
      ctx.debug('registry mirror failed, trying the next endpoint', { mirror: endpoint.host, error: err instanceof Error ? err.message : String(err) });
    }
  }
  throw new SystemError(`no endpoints found for ${domain}`);
}

/** A whole body, refused beyond `limit` bytes (a registry is not trusted to stop). */
export async function readLimited(res: HttpResponse, limit: number, what: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res.body as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      res.body.destroy();
      throw new SystemError(`${what} exceeds the maximum size of ${limit} bytes`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** The upload URL a registry answered with, resolved against the request it answered. */
export function locationOf(res: HttpResponse): URL {
  const location = res.headers.location;
  if (typeof location !== 'string' || location === '') throw new SystemError(`registry answered ${res.status} without a Location header`);
  return new URL(location, res.url);
}
