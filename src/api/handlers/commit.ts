// GET /containers/{name}/changes (docker diff) and POST /commit (docker commit): both read the
// container's changes against its image, through the container's filesystem view.
import { InvalidParameterError } from '../../base/errors.js';
import type { ChangeBase } from '../../container/changes.js';
import type { ContainerFsView, ContainerRecord, ContainerService } from '../../container/index.js';
import type { ContainerConfig, ImageApi } from '../../image/index.js';
import type { Exchange } from '../exchange.js';
import { route, type Route } from '../router.js';
import { readJson } from './params.js';

/** The fields of a container's record that are dockerd's container.Config. */
const CONFIG_FIELDS = [
  'Hostname', 'Domainname', 'User', 'AttachStdin', 'AttachStdout', 'AttachStderr', 'ExposedPorts', 'Tty', 'OpenStdin', 'StdinOnce', 'Env', 'Cmd',
  'Healthcheck', 'ArgsEscaped', 'Image', 'Volumes', 'WorkingDir', 'Entrypoint', 'NetworkDisabled', 'MacAddress', 'OnBuild', 'Labels', 'StopSignal',
  'StopTimeout', 'Shell',
] as const;

function containerConfig(rec: ContainerRecord): ContainerConfig {
  const source: Readonly<Record<string, unknown>> = { ...rec.Config };
  const config = Object.fromEntries(CONFIG_FIELDS.filter((k) => source[k] !== undefined).map((k) => [k, source[k]])) as ContainerConfig;
  // dockerd fills in the hostname at create; Burrow at start, from the same id prefix
  if ((config.Hostname ?? '') === '') config.Hostname = rec.Id.slice(0, 12);
  return config;
}

/** The body's config; dockerd ignores an empty or null one (it only overrides when fields are set). */
async function bodyConfig(ex: Exchange): Promise<ContainerConfig | undefined> {
  const body = await readJson(ex);
  if (body === null) return undefined;
  if (typeof body !== 'object' || Array.isArray(body)) throw new InvalidParameterError('invalid JSON body: expected a container config object');
  return Object.keys(body).length === 0 ? undefined : body;
}

async function withChanges<T>(containers: ContainerService, images: ImageApi, name: string, use: (view: ContainerFsView, base: ChangeBase, rec: ContainerRecord) => Promise<T>): Promise<T> {
  const rec = containers.get(name);
  const view = await containers.fsView(rec.Id);
  try {
    const image = view.upperDir === undefined ? await images.forContainer(rec.Image) : undefined;
    const base: ChangeBase = {
      imageTree: image?.rootfs.kind === 'copy' ? image.rootfs.dir : undefined,
      extraMounts: Object.keys(rec.HostConfig.Tmpfs ?? {}),
    };
    return await use(view, base, rec);
  } finally {
    await view.release();
  }
}

export function commitRoutes(containers: ContainerService, images: ImageApi): Route[] {
  // the layer code (archive, storage) loads with the first diff or commit, not with the engine
  const changes = (): Promise<typeof import('../../container/changes.js')> => import('../../container/changes.js');
  return [
    route('GET', '/containers/{name}/changes', async (ex) => {
      const { changesBody, containerChanges } = await changes();
      const list = await withChanges(containers, images, ex.params['name'] ?? '', (view, base) => containerChanges(view, base));
      ex.json(200, changesBody(list));
    }),
    route('POST', '/commit', async (ex) => {
      const q = ex.query;
      const config = await bodyConfig(ex);
      const { changesLayer } = await changes();
      const id = await withChanges(containers, images, q.get('container') ?? '', (view, base, rec) =>
        images.commit({
          container: { id: rec.Id, config: containerConfig(rec) },
          image: rec.Image,
          layer: changesLayer(view, base),
          config,
          changes: q.getAll('changes'),
          author: q.get('author') ?? '',
          comment: q.get('comment') ?? '',
          repo: q.get('repo') ?? '',
          tag: q.get('tag') ?? '',
        }),
      );
      ex.json(201, { Id: id });
    }),
  ];
}
