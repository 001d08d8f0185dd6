// HEAD and GET /containers/{name}/archive: moby's ResolvePath, StatPath and TarResourceRebase. The
// parent of the requested path is resolved in the container; its last element is followed only
// when the path ends in `/` or `/.`. The archive names the resource after filepath.Base of the
// request, so a symlink followed with `link/` is archived as `link/…`, `dir/.` as `./…`, `/` as `/…`.
import type { BigIntStats } from 'node:fs';
import { lstat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { packTar, statEntry, type TarInput } from '../../archive/index.js';
import { errnoCode, NotFoundError, SystemError } from '../../base/errors.js';
import { childPath, type ContainerPaths } from './container-paths.js';
import { goFileMode, goTimeJson } from './go-file-mode.js';
import { containerAbsPath, goBase, goSplit } from './go-paths.js';

/** types.ContainerPathStat, as the CLI decodes it from X-Docker-Container-Path-Stat. */
export interface ContainerPathStat {
  name: string;
  size: number;
  mode: number;
  mtime: string;
  linkTarget: string;
}

export interface ResolvedResource {
  stat: ContainerPathStat;
  /** The container path whose content is archived (the symlink's target for `link/`). */
  source: string;
  isDir: boolean;
  /** The name the archive gives the resource: filepath.Base of the request. */
  rebaseName: string;
}

export function fileNotFound(requested: string, container: string, cause?: unknown): NotFoundError {
  return new NotFoundError(`Could not find the file ${requested} in container ${container}`, { code: 'BURROW_CP_NO_SUCH_PATH', cause });
}

async function lstatOrFail(host: string, absPath: string, requested: string, container: string): Promise<BigIntStats> {
  try {
    return await lstat(host, { bigint: true });
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') throw fileNotFound(requested, container, err);
    if (errnoCode(err) === 'ENOTDIR') throw new SystemError(`lstat ${absPath}: not a directory`, { cause: err });
    throw err;
  }
}

/** Stats `requested` in the container (container.ResolvePath + StatPath). */
export async function resolveResource(paths: ContainerPaths, requested: string, container: string): Promise<ResolvedResource> {
  const absPath = containerAbsPath(requested);
  const { dir, base } = goSplit(absPath);
  const parent = await paths.resolve(dir);
  // With `/` or `/.` at the end the resolution above already followed the last element.
  const source = base === '' || base === '.' ? parent : childPath(parent, base);
  const st = await lstatOrFail(paths.hostOf(source), absPath, requested, container);
  if ((base === '' || base === '.') && !st.isDirectory()) throw new SystemError(`lstat ${absPath}: not a directory`);
  const linkTarget = st.isSymbolicLink() ? await paths.resolve(absPath) : '';
  const rebaseName = goBase(absPath);
  return {
    stat: { name: rebaseName, size: Number(st.size), mode: goFileMode(st), mtime: goTimeJson(st.mtimeNs), linkTarget },
    source,
    isDir: st.isDirectory(),
    rebaseName,
  };
}

async function entryFor(host: string, name: string, firstName: Map<string, string>): Promise<TarInput | undefined> {
  let st: BigIntStats;
  try {
    st = await lstat(host, { bigint: true });
  } catch (err) {
    // A running container may delete files while they are archived; dockerd skips them too.
    if (errnoCode(err) === 'ENOENT') return undefined;
    throw err;
  }
  return statEntry(host, name, st, firstName);
}

async function* treeEntries(paths: ContainerPaths, at: string, name: string, firstName: Map<string, string>): AsyncGenerator<TarInput> {
  const entry = await entryFor(paths.hostOf(at), name, firstName);
  if (entry === undefined) return;
  yield entry;
  if (entry.header.type !== 'dir') return;
  for (const child of await paths.children(at)) yield* treeEntries(paths, childPath(at, child), `${name}/${child}`, firstName);
}

/** The tar dockerd sends for GET …/archive: the resource under its rebase name, the root as `/`. */
export function archiveResource(paths: ContainerPaths, resource: ResolvedResource): Readable {
  const name = resource.isDir && resource.rebaseName === '/' ? '' : resource.rebaseName;
  return packTar(treeEntries(paths, resource.source, name, new Map()));
}
