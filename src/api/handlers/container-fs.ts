// docker cp (HEAD, GET and PUT /containers/{name}/archive) and docker export. The path stat travels
// base64-encoded in a header, for HEAD and GET alike, as the CLI reads it from both.
import { Buffer } from 'node:buffer';
import { PassThrough, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { InvalidParameterError } from '../../base/errors.js';
import type { ContainerService } from '../../container/index.js';
import type { ContainerFsService, ContainerPathStat } from '../../container/fs/index.js';
import type { Exchange } from '../exchange.js';
import { route, type Route } from '../router.js';
import { flag } from './params.js';

const TAR_TYPE = 'application/x-tar';

function statHeader(stat: ContainerPathStat): string[] {
  return ['X-Docker-Container-Path-Stat', Buffer.from(JSON.stringify(stat)).toString('base64')];
}

/** httputils.ArchiveFormValues; the missing space is dockerd 20.10's own text. */
function archivePath(ex: Exchange): string {
  const path = ex.query.get('path') ?? '';
  if (path === '') throw new InvalidParameterError('bad parameter: pathcannot be empty');
  return path;
}

/**
 * The request body behind a pipe: a failed extraction destroys what it reads, and destroying the
 * request itself would reset the connection before the client could read the error.
 */
function detachedBody(ex: Exchange): Readable {
  const body = new PassThrough();
  ex.req.pipe(body);
  ex.req.once('close', () => {
    if (!ex.req.complete) body.destroy(new Error('the client closed the connection before the archive was sent'));
  });
  return body;
}

export function containerFsRoutes(containers: ContainerService): Route[] {
  // the archive code loads with the first cp or export, not with the engine
  let loading: Promise<ContainerFsService> | undefined;
  const service = (): Promise<ContainerFsService> => (loading ??= import('../../container/fs/index.js').then((m) => new m.ContainerFsService(containers)));
  const name = (ex: Exchange): string => ex.params.name ?? '';
  return [
    route('HEAD', '/containers/{name}/archive', async (ex) => {
      const stat = await (await service()).statPath(name(ex), archivePath(ex));
      ex.writeHead(200, statHeader(stat));
      ex.res.end();
    }),
    route('GET', '/containers/{name}/archive', async (ex) => {
      const { stat, tar } = await (await service()).archivePath(name(ex), archivePath(ex));
      ex.writeHead(200, [...statHeader(stat), 'Content-Type', TAR_TYPE]);
      await pipeline(tar, ex.res);
    }),
    route('PUT', '/containers/{name}/archive', async (ex) => {
      const request = { path: archivePath(ex), noOverwriteDirNonDir: flag(ex, 'noOverwriteDirNonDir'), copyUIDGID: flag(ex, 'copyUIDGID') };
      try {
        await (await service()).extract(name(ex), request, detachedBody(ex));
      } catch (err) {
        // Let the client finish sending, so it reads the error instead of a reset connection.
        ex.req.unpipe();
        ex.req.resume();
        throw err;
      }
      ex.empty(200);
    }),
    route('GET', '/containers/{name}/export', async (ex) => {
      const tar = await (await service()).exportRootfs(name(ex));
      ex.writeHead(200, ['Content-Type', TAR_TYPE]);
      await pipeline(tar, ex.res);
    }),
  ];
}
