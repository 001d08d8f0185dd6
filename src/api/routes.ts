// The only method + path table of the Engine API. Order matters only where templates overlap;
// HEAD is listed explicitly where dockerd serves it (gorilla/mux does not map HEAD to GET).
import type { Logger } from '../base/log.js';
import type { ContainerService } from '../container/index.js';
import type { ImageApi } from '../image/index.js';
import { commitRoutes } from './handlers/commit.js';
import { containerFsRoutes } from './handlers/container-fs.js';
import { containerHandlers } from './handlers/containers.js';
import { containerProcRoutes } from './handlers/container-procs.js';
import { volumeRoutes } from './handlers/volumes.js';
import { networkRoutes } from './handlers/networks.js';
import type { NetworkService } from '../network/index.js';
import { eventRoutes } from './handlers/events.js';
import type { EventLog } from '../events/event-log.js';
import type { VolumeService } from '../volume/index.js';
import type { SystemService } from '../system/index.js';
import { imageHandlers } from './handlers/images.js';
import { systemHandlers } from './handlers/system.js';
import { route, type Handler, type Route } from './router.js';

export interface ApiDeps {
  logger: Logger;
  system: SystemService;
  images: ImageApi;
  /** Absent in tests of the system endpoints alone. */
  containers?: ContainerService;
  volumes?: VolumeService;
  networks?: NetworkService;
  events?: EventLog;
}

export function createRoutes(deps: ApiDeps): Route[] {
  const system = systemHandlers(deps.system);
  return [
    route('GET', '/_ping', system.ping),
    route('HEAD', '/_ping', system.ping),
    route('GET', '/version', system.version),
    route('GET', '/info', system.info),
    ...imageRoutes(deps.images, deps.events),
    ...(deps.events ? eventRoutes(deps.events) : []),
    ...(deps.containers ? [...containerRoutes(deps.containers), ...containerFsRoutes(deps.containers), ...containerProcRoutes(deps.containers), ...commitRoutes(deps.containers, deps.images)] : []),
    ...(deps.volumes ? volumeRoutes(deps.volumes) : []),
    ...(deps.networks && deps.containers ? networkRoutes(deps.networks, deps.containers.networking) : []),
  ];
}

function imageRoutes(api: ImageApi, events: EventLog | undefined): Route[] {
  const h = pick(imageHandlers(api, events));
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

function containerRoutes(service: ContainerService): Route[] {
  const h = pick(containerHandlers(service));
  return [
    route('GET', '/containers/json', h('list')),
    route('POST', '/containers/create', h('create')),
    route('GET', '/containers/{name}/json', h('inspect')),
    route('GET', '/containers/{name}/logs', h('logs')),
    route('POST', '/containers/{name}/start', h('start')),
    route('POST', '/containers/{name}/wait', h('wait')),
    route('POST', '/containers/{name}/attach', h('attach')),
    route('POST', '/containers/{name}/kill', h('kill')),
    route('POST', '/containers/{name}/stop', h('stop')),
    route('POST', '/containers/{name}/restart', h('restart')),
    route('POST', '/containers/{name}/rename', h('rename')),
    route('POST', '/containers/{name}/resize', h('resize')),
    route('POST', '/containers/{name}/pause', h('pause')),
    route('POST', '/containers/{name}/unpause', h('unpause')),
    route('POST', '/containers/prune', h('prune')),
    route('POST', '/containers/{name}/exec', h('execCreate')),
    route('POST', '/exec/{id}/start', h('execStart')),
    route('GET', '/exec/{id}/json', h('execInspect')),
    route('POST', '/exec/{id}/resize', h('execResize')),
    route('DELETE', '/containers/{name}', h('remove')),
  ];
}

/** A handler by name from a handler module; a typo in the table fails at start-up, not per request. */
function pick(handlers: Record<string, Handler>): (name: string) => Handler {
  return (name) => {
    const handler = handlers[name];
    if (!handler) throw new Error(`no handler ${name}`);
    return handler;
  };
}
