// Public surface of the Engine API: a server for the unix socket, built from the domain services.
import { createRequestListener } from './request-listener.js';
import { staticHeaders } from './response-headers.js';
import { createRoutes, type ApiDeps } from './routes.js';
import { createEngineServer, type EngineServer, type EngineServerOptions } from './server.js';

export type { ApiDeps } from './routes.js';
export type { EngineServer, EngineServerOptions } from './server.js';

export function createEngineApi(deps: ApiDeps, options: EngineServerOptions = {}): EngineServer {
  const listener = createRequestListener({
    routes: createRoutes(deps),
    release: deps.system.release,
    headers: staticHeaders(deps.system),
    logger: deps.logger,
  });
  return createEngineServer(listener, deps.logger, options);
}
