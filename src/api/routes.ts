// The only method + path table of the Engine API. Order matters only where templates overlap;
// HEAD is listed explicitly where dockerd serves it (gorilla/mux does not map HEAD to GET).
import type { Logger } from '../base/log.js';
import type { ImageApi } from '../image/index.js';
import type { SystemService } from '../system/index.js';
import { imageHandlers } from './handlers/images.js';
import { systemHandlers } from './handlers/system.js';
import { route, type Handler, type Route } from './router.js';

export interface ApiDeps {
  logger: Logger;
  system: SystemService;
  images: ImageApi;
}

export function createRoutes(deps: ApiDeps): Route[] {
  const system = systemHandlers(deps.system);
  return [
    route('GET', '/_ping', system.ping),
    route('HEAD', '/_ping', system.ping),
    route('GET', '/version', system.version),
    route('GET', '/info', system.info),
    ...imageRoutes(deps.images),
  ];
}

function imageRoutes(api: ImageApi): Route[] {
  const images = imageHandlers(api);
  const h = (name: string): Handler => {
    const handler = images[name];
    if (!handler) throw new Error(`no image handler ${name}`);
    return handler;
  };
  return [
    route('GET', '/images/json', h('list')),
    route('POST', '/images/create', h('create')),
    route('GET', '/images/search', h('search')),
    route('GET', '/images/get', h('save')),
    route('POST', '/images/load', h('load')),
    route('POST', '/images/prune', h('prune')),
    route('GET', '/images/{name:.*}/get', h('save')),
    route('GET', '/images/{name:.*}/history', h('history')),
    route('GET', '/images/{name:.*}/json', h('inspect')),
    route('POST', '/images/{name:.*}/push', h('push')),
    route('POST', '/images/{name:.*}/tag', h('tag')),
    route('DELETE', '/images/{name:.*}', h('remove')),
    route('POST', '/auth', h('auth')),
    route('GET', '/distribution/{name:.*}/json', h('distribution')),
  ];
}
