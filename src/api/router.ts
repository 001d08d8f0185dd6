// Matches a request against the route table and runs its handler. Templates use gorilla/mux's
// syntax as moby writes them: `{name}` is one path segment, `{name:.*}` may span '/'
// (`/images/{name:.*}/json`), so image names like `localhost:5000/a/b` need no encoding.
import { InvalidParameterError, NotFoundError } from '../base/errors.js';
import type { Exchange } from './exchange.js';

export type Handler = (ex: Exchange) => void | Promise<void>;

export interface Route {
  method: string;
  pattern: RegExp;
  handler: Handler;
}

export interface RouteMatch {
  handler: Handler;
  params: Record<string, string>;
}

const PARAM = /\{([A-Za-z_][A-Za-z0-9_]*)(?::([^}]+))?\}/g;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function compileTemplate(template: string): RegExp {
  let source = '^';
  let last = 0;
  for (const m of template.matchAll(PARAM)) {
    source += escapeRegExp(template.slice(last, m.index)) + `(?<${m[1] ?? ''}>${m[2] ?? '[^/]+'})`;
    last = m.index + m[0].length;
  }
  return new RegExp(source + escapeRegExp(template.slice(last)) + '$');
}

export function route(method: string, template: string, handler: Handler): Route {
  return { method, pattern: compileTemplate(template), handler };
}

/** dockerd's answer for unknown paths and for known paths with the wrong method alike. */
export function pageNotFound(): NotFoundError {
  return new NotFoundError('page not found', { code: 'BURROW_PAGE_NOT_FOUND' });
}

function decodeParam(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch (err) {
    throw new InvalidParameterError(`invalid URL escape in ${JSON.stringify(raw)}`, { cause: err });
  }
}

/** The first route whose method and pattern both match; throws page not found otherwise. */
export function matchRoute(routes: readonly Route[], method: string, path: string): RouteMatch {
  for (const r of routes) {
    if (r.method !== method) continue;
    const m = r.pattern.exec(path);
    if (!m) continue;
    const params: Record<string, string> = {};
    for (const [name, raw] of Object.entries(m.groups ?? {})) params[name] = decodeParam(raw);
    return { handler: r.handler, params };
  }
  throw pageNotFound();
}
