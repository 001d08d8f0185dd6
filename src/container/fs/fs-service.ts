// docker cp and docker export over a container's filesystem view. The view (and with it a stopped
// container's mounted rootfs) is held until the operation ends: for streamed archives, until the
// stream closes, whether it was read to the end or abandoned.
import type { Readable } from 'node:stream';
import { packDirectory } from '../../archive/index.js';
import { errorMessage, InvalidParameterError } from '../../base/errors.js';
import type { ContainerFsView } from '../mount-types.js';
import type { ContainerService } from '../service.js';
import { resolveUser } from '../spec/index.js';
import { archiveResource, resolveResource, type ContainerPathStat } from './archive-path.js';
import { ContainerPaths } from './container-paths.js';
import { extractToDir } from './extract-archive.js';

export interface ExtractRequest {
  path: string;
  noOverwriteDirNonDir: boolean;
  copyUIDGID: boolean;
}

function releaseOnClose(stream: Readable, view: ContainerFsView): Readable {
  stream.once('close', () => { void view.release(); });
  return stream;
}

export class ContainerFsService {
  constructor(private readonly containers: ContainerService) {}

  private async open(name: string): Promise<{ view: ContainerFsView; paths: ContainerPaths }> {
    const readonly = this.containers.get(name).HostConfig.ReadonlyRootfs === true;
    const view = await this.containers.fsView(name);
    return { view, paths: new ContainerPaths(view.rootfs, view.mounts, readonly) };
  }

  private async withView<T>(name: string, use: (view: ContainerFsView, paths: ContainerPaths) => Promise<T>): Promise<T> {
    const { view, paths } = await this.open(name);
    try {
      return await use(view, paths);
    } finally {
      await view.release();
    }
  }

  /** HEAD …/archive. */
  statPath(name: string, path: string): Promise<ContainerPathStat> {
    return this.withView(name, async (_view, paths) => (await resolveResource(paths, path, name)).stat);
  }

  /** GET …/archive: the stat for the header, and the tar, which holds the view until it closes. */
  async archivePath(name: string, path: string): Promise<{ stat: ContainerPathStat; tar: Readable }> {
    const { view, paths } = await this.open(name);
    try {
      const resource = await resolveResource(paths, path, name);
      return { stat: resource.stat, tar: releaseOnClose(archiveResource(paths, resource), view) };
    } catch (err) {
      await view.release();
      throw err;
    }
  }

  /** PUT …/archive. */
  extract(name: string, request: ExtractRequest, tar: Readable): Promise<void> {
    return this.withView(name, async (view, paths) => {
      const user = this.containers.get(name).Config.User ?? '';
      // As dockerd: -a gives every entry the container's configured user; without one, the tar's ids stay.
      const owner = request.copyUIDGID && user !== '' ? await this.userIds(user, view.rootfs) : undefined;
      await extractToDir(paths, request.path, name, tar, { noOverwriteDirNonDir: request.noOverwriteDirNonDir, owner });
    });
  }

  private async userIds(user: string, rootfs: string): Promise<{ uid: number; gid: number }> {
    try {
      const { uid, gid } = await resolveUser(user, rootfs);
      return { uid, gid };
    } catch (err) {
      throw new InvalidParameterError(errorMessage(err), { cause: err });
    }
  }

  /** GET …/export: the rootfs alone, without volumes and bind mounts, as dockerd exports it. */
  async exportRootfs(name: string): Promise<Readable> {
    const view = await this.containers.fsView(name);
    return releaseOnClose(packDirectory(view.rootfs), view);
  }
}
