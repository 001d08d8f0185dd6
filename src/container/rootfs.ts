// A container's root filesystem: an overlay of its image's layers with the container's own upper
// dir (or, with vfs, a copy), mounted while anyone uses it. A running container holds one use; a
// cp, export, diff or commit of a stopped one holds another for its duration.
import { mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { runChecked } from '../process/run.js';
import type { ContainerImage } from './service.js';

export class ContainerRootfs {
  private readonly users = new Map<string, { count: number; ready: Promise<string> }>();

  constructor(private readonly dataRoot: string, private readonly driver: 'overlay2' | 'fuse-overlayfs' | 'vfs') {}

  /** `<data-root>/<driver>/<id>`: diff, work and merged (or the vfs copy as merged). */
  dir(id: string): string {
    return join(this.dataRoot, this.driver, id);
  }

  merged(id: string): string {
    return join(this.dir(id), 'merged');
  }

  /** The rootfs, mounted for one more user. */
  acquire(id: string, image: ContainerImage): Promise<string> {
    const held = this.users.get(id);
    if (held) {
      held.count++;
      return held.ready;
    }
    const ready = this.mount(id, image);
    this.users.set(id, { count: 1, ready });
    ready.catch(() => { this.users.delete(id); });
    return ready;
  }

  async release(id: string): Promise<void> {
    const held = this.users.get(id);
    if (held && --held.count > 0) return;
    this.users.delete(id);
    await this.unmount(id);
  }

  /** A running container found at engine start already has its rootfs mounted: it holds that use. */
  adopt(id: string): void {
    this.users.set(id, { count: 1, ready: Promise.resolve(this.merged(id)) });
  }

  /** Unmounts whoever still holds it (docker rm). */
  async drop(id: string): Promise<void> {
    this.users.delete(id);
    await this.unmount(id);
  }

  private async mount(id: string, image: ContainerImage): Promise<string> {
    const base = this.dir(id);
    const merged = this.merged(id);
    if (image.rootfs.kind === 'copy') {
      await mkdir(base, { recursive: true });
      if (!(await stat(merged).then(() => true, () => false))) await runChecked('cp', ['-a', '--reflink=auto', image.rootfs.dir, merged]);
      return merged;
    }
    await Promise.all(['diff', 'work', 'merged'].map((d) => mkdir(join(base, d), { recursive: true })));
    const opts = `lowerdir=${image.rootfs.lowerDirs.join(':')},upperdir=${join(base, 'diff')},workdir=${join(base, 'work')}`;
    if (this.driver === 'fuse-overlayfs') await runChecked('fuse-overlayfs', ['-o', opts, merged]);
    else await runChecked('mount', ['--no-mtab', '-t', 'overlay', 'overlay', '-o', `${opts},userxattr`, merged]);
    return merged;
  }

  private async unmount(id: string): Promise<void> {
    if (this.driver !== 'vfs') await runChecked('umount', ['--no-mtab', '-l', this.merged(id)]).catch(() => undefined);
  }
}
