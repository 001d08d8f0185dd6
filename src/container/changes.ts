// A container's filesystem changes against its image, for `docker diff` and `docker commit`.
// The kinds follow moby's ChangesDirs: a path the image lacks is added, one whose type, mode,
// owner, device or (not for directories) size or mtime differs is modified, a path the image
// has and the container lacks is deleted, and a directory holding any change is listed as
// modified too. Overlay changes come from the upper dir (whiteouts and opaque directories being
// the deletions), vfs ones from comparing the container's copy with the image's tree. Paths
// something is mounted on are the engine's, not the container's, and are left out as dockerd's
// init layer leaves them out.
import type { BigIntStats } from 'node:fs';
import { lstat, readdir, readlink } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { findXattrTools, isOpaqueXattrs, OPAQUE_MARKER, packPaths, WHITEOUT_PREFIX, type PackItem, type XattrAccess } from '../archive/index.js';
import { errnoCode } from '../base/errors.js';
import { changedPaths, differs, lowerNames, reach } from '../storage/index.js';
import type { ContainerFsView } from './mount-types.js';
import { INIT_PATH } from './spec/process-args.js';

/** moby's archive.ChangeType. */
export const ChangeKind = { modified: 0, added: 1, deleted: 2 } as const;
export type ChangeKind = (typeof ChangeKind)[keyof typeof ChangeKind];

export interface FsChange {
  /** Relative to the root, without a leading '/'. */
  rel: string;
  kind: ChangeKind;
}

/** What the change list is taken against: the view's lower dirs (overlay), or the image's full tree (vfs). */
export interface ChangeBase {
  /** vfs: the image's tree the container was copied from. */
  imageTree?: string | undefined;
  /** Mount destinations besides the view's own mounts (--tmpfs). */
  extraMounts?: readonly string[];
}

/** Mount points runc creates when the image lacks them; dockerd keeps these in the container's init layer. */
const ENGINE_MOUNTS = ['/etc/hosts', '/etc/resolv.conf', '/etc/hostname', '/proc', '/sys', '/dev', INIT_PATH];

const byBytes = (a: string, b: string): number => Buffer.compare(Buffer.from(a), Buffer.from(b));

function mountedSkip(view: ContainerFsView, base: ChangeBase): (rel: string) => boolean {
  const mounted = [...ENGINE_MOUNTS, ...view.mounts.map((m) => m.Destination), ...(base.extraMounts ?? [])]
    .map((d) => d.replace(/^\/+/, '').replace(/\/+$/, ''))
    .filter((d) => d !== '');
  return (rel) => mounted.some((m) => rel === m || rel.startsWith(`${m}/`));
}

function isWhiteoutDevice(st: BigIntStats): boolean {
  return st.isCharacterDevice() && st.rdev === 0n;
}

async function lstatOrUndefined(path: string): Promise<BigIntStats | undefined> {
  try {
    return await lstat(path, { bigint: true });
  } catch (err) {
    if (errnoCode(err) === 'ENOENT' || errnoCode(err) === 'ENOTDIR') return undefined;
    throw err;
  }
}

/** What the image shows at `rel` through its layers (top first), undefined when it shows nothing. */
async function lowerEntry(lowers: readonly string[], rel: string): Promise<{ st: BigIntStats; path: string } | undefined> {
  const slash = rel.lastIndexOf('/');
  const dir = slash < 0 ? '' : rel.slice(0, slash);
  for (const layer of lowers) {
    const path = `${layer}/${rel}`;
    const st = await lstatOrUndefined(path);
    if (st !== undefined) return isWhiteoutDevice(st) ? undefined : { st, path };
    if ((await reach(layer, dir)) === 'blocked') return undefined;
  }
  return undefined;
}

async function linkDiffers(a: string, b: string): Promise<boolean> {
  return (await readlink(a)) !== (await readlink(b));
}

class OverlayWalk {
  constructor(
    private readonly upper: string,
    private readonly lowers: readonly string[],
    private readonly opaque: ReadonlySet<string>,
    private readonly skip: (rel: string) => boolean,
  ) {}

  /** The changes below `rel` (not `rel` itself), in walk order. */
  async below(rel: string): Promise<FsChange[]> {
    const dir = rel === '' ? this.upper : `${this.upper}/${rel}`;
    const names = await readdir(dir);
    const deleted = new Set<string>();
    const present = new Set<string>();
    let opaque = this.opaque.has(rel);
    for (const name of names) {
      if (name === OPAQUE_MARKER) opaque = true;
      // fuse-overlayfs writes `.wh.` files where it cannot make whiteout devices
      else if (name.startsWith(WHITEOUT_PREFIX)) deleted.add(name.slice(WHITEOUT_PREFIX.length));
      else present.add(name);
    }
    if (opaque) for (const name of (await lowerNames(this.lowers, rel)).keys()) if (!present.has(name)) deleted.add(name);
    const changes: FsChange[] = [];
    for (const name of [...new Set([...present, ...deleted])].sort(byBytes)) {
      const child = rel === '' ? name : `${rel}/${name}`;
      if (this.skip(child)) continue;
      const st = present.has(name) ? await lstat(`${dir}/${name}`, { bigint: true }) : undefined;
      if (st === undefined || isWhiteoutDevice(st)) {
        if ((await lowerEntry(this.lowers, child)) !== undefined) changes.push({ rel: child, kind: ChangeKind.deleted });
        continue;
      }
      changes.push(...(await this.entry(child, st)));
    }
    return changes;
  }

  private async entry(rel: string, st: BigIntStats): Promise<FsChange[]> {
    const before = await lowerEntry(this.lowers, rel);
    let own: ChangeKind | undefined;
    if (before === undefined) own = ChangeKind.added;
    else if (differs(before.st, st) || (st.isSymbolicLink() && (await linkDiffers(before.path, `${this.upper}/${rel}`)))) own = ChangeKind.modified;
    const below = st.isDirectory() ? await this.below(rel) : [];
    if (own !== undefined) return [{ rel, kind: own }, ...below];
    return below.length > 0 ? [{ rel, kind: ChangeKind.modified }, ...below] : [];
  }
}

async function overlayChanges(upper: string, lowers: readonly string[], skip: (rel: string) => boolean, xattrs: XattrAccess | undefined): Promise<FsChange[]> {
  const attrs = xattrs === undefined ? new Map<string, Map<string, Buffer>>() : await xattrs.readTree(upper);
  const opaque = new Set([...attrs].filter(([, a]) => isOpaqueXattrs(a)).map(([rel]) => rel));
  return new OverlayWalk(upper, lowers, opaque, skip).below('');
}

async function treeChanges(imageTree: string, rootfs: string, skip: (rel: string) => boolean): Promise<FsChange[]> {
  const changes: FsChange[] = [];
  for await (const item of changedPaths(imageTree, rootfs, skip)) {
    if (item.whiteout === true) changes.push({ rel: item.rel, kind: ChangeKind.deleted });
    else changes.push({ rel: item.rel, kind: (await lstatOrUndefined(`${imageTree}/${item.rel}`)) === undefined ? ChangeKind.added : ChangeKind.modified });
  }
  return changes;
}

let xattrTools: Promise<XattrAccess | undefined> | undefined;

/** The container's changes in walk order (each directory before what it holds, names by bytes). */
export async function containerChanges(view: ContainerFsView, base: ChangeBase = {}, xattrs?: XattrAccess | 'none'): Promise<FsChange[]> {
  const skip = mountedSkip(view, base);
  if (view.upperDir !== undefined) {
    const access = xattrs === 'none' ? undefined : (xattrs ?? (await (xattrTools ??= findXattrTools())));
    return overlayChanges(view.upperDir, view.lowerDirs, skip, access);
  }
  if (base.imageTree === undefined) throw new Error('a vfs container needs its image tree to be diffed');
  return treeChanges(base.imageTree, view.rootfs, skip);
}

/** GET /containers/{name}/changes: dockerd answers null, not [], when nothing changed. */
export function changesBody(changes: readonly FsChange[]): { Path: string; Kind: ChangeKind }[] | null {
  return changes.length === 0 ? null : changes.map((c) => ({ Path: `/${c.rel}`, Kind: c.kind }));
}

/**
 * The container's changes as a layer tar: the changed paths as they are now, deletions as `.wh.`
 * whiteouts, and opaque directories with their `.wh..wh..opq` marker. Nothing is read until the
 * stream is, and an unchanged container gives the empty tar (which commit turns into no layer).
 */
export function changesLayer(view: ContainerFsView, base: ChangeBase = {}): Readable {
  async function* chunks(): AsyncGenerator<Buffer> {
    const xattrs = await (xattrTools ??= findXattrTools());
    const changes = await containerChanges(view, base, xattrs ?? 'none');
    const items: PackItem[] = changes.map((c) => (c.kind === ChangeKind.deleted ? { rel: c.rel, whiteout: true } : { rel: c.rel }));
    const root = view.upperDir ?? view.rootfs;
    yield* packPaths(root, Readable.from(items), { xattrs }) as AsyncIterable<Buffer>;
  }
  return Readable.from(chunks(), { objectMode: false });
}
