// The only method + path table of the Engine API. Order matters only where templates overlap;
// HEAD is listed explicitly where dockerd serves it (gorilla/mux does not map HEAD to GET).
import type { Logger } from '../base/log.js';
import type { SystemService } from '../system/index.js';
import { systemHandlers } from './handlers/system.js';
import { route, type Route } from './router.js';

export interface ApiDeps {
  logger: Logger;
  system: SystemService;
}

export function createRoutes(deps: ApiDeps): Route[] {
  const system = systemHandlers(deps.system);
  return [
    route('GET', '/_ping', system.ping),
    route('HEAD', '/_ping', system.ping),
    route('GET', '/version', system.version),
    route('GET', '/info', system.info),
  ];
}
