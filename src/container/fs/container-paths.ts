// The container's filesystem as dockerd sees it while a cp runs: the rootfs with each bind mount
// and volume laid over its Destination. Burrow does not mount them in the engine's namespace, so
// every container path is mapped to the host path that holds it (the longest Destination wins),
// and symlinks are resolved in that combined view, never against the host's /.
import { readdir } from 'node:fs/promises';
import { ForbiddenError } from '../../base/errors.js';
import type { MountPoint } from '../mount-types.js';
import { resolveScoped } from '../spec/scoped-path.js';
import { goClean } from './go-paths.js';

interface Overlay {
  destination: string;
  source: string;
  rw: boolean;
}

const within = (p: string, dir: string): boolean => dir === '/' || p === dir || p.startsWith(`${dir}/`);

export class ContainerPaths {
  private readonly overlays: Overlay[];

  constructor(
    readonly rootfs: string,
    mounts: readonly MountPoint[],
    private readonly readonlyRootfs = false,
  ) {
    // tmpfs mounts have no host side: like dockerd, cp sees the rootfs underneath.
    this.overlays = mounts
      .filter((m) => m.Source !== '' && m.Type !== 'tmpfs')
      .map((m) => ({ destination: goClean(`/${m.Destination}`), source: m.Source, rw: m.RW }))
      .filter((o) => o.destination !== '/')
      .sort((a, b) => b.destination.length - a.destination.length);
  }

  private overlayOf(containerPath: string): Overlay | undefined {
    return this.overlays.find((o) => within(containerPath, o.destination));
  }

  /** The host path of a clean, '/'-rooted container path. */
  hostOf(containerPath: string): string {
    const o = this.overlayOf(containerPath);
    if (o !== undefined) return o.source + containerPath.slice(o.destination.length);
    return containerPath === '/' ? this.rootfs : this.rootfs + containerPath;
  }

  /** `containerPath` with every symlink followed inside the container. */
  resolve(containerPath: string): Promise<string> {
    return resolveScoped(containerPath, (p) => this.hostOf(p));
  }

  /** Whether the path is a mount's Destination: its host side is the mount's source directory. */
  isMountRoot(containerPath: string): boolean {
    return this.overlays.some((o) => o.destination === containerPath);
  }

  /** Whether the path lies in a bind mount or volume (as moby's checkIfPathIsInAVolume). */
  inMount(containerPath: string): boolean {
    return this.overlayOf(containerPath) !== undefined;
  }

  /** Refuses a write where the container could not write either, with dockerd's texts. */
  assertWritable(containerPath: string): void {
    const o = this.overlayOf(containerPath);
    if (o !== undefined && !o.rw) throw new ForbiddenError('mounted volume is marked read-only', { code: 'BURROW_CP_READONLY_VOLUME' });
    if (o === undefined && this.readonlyRootfs) throw new ForbiddenError('container rootfs is marked read-only', { code: 'BURROW_CP_READONLY_ROOTFS' });
  }

  /** The names in a directory, with mount points that the rootfs lacks, sorted as Go's filepath.Walk. */
  async children(containerPath: string): Promise<string[]> {
    const names = new Set(await readdir(this.hostOf(containerPath)));
    for (const o of this.overlays) {
      const slash = o.destination.lastIndexOf('/');
      if ((slash === 0 ? '/' : o.destination.slice(0, slash)) === containerPath) names.add(o.destination.slice(slash + 1));
    }
    return [...names].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  }
}

/** Joins a clean container path and a relative one. */
export function childPath(dir: string, rel: string): string {
  if (rel === '') return dir;
  return dir === '/' ? `/${rel}` : `${dir}/${rel}`;
}
