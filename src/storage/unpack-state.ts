// What one unpack remembers between entries: checked directories, directory times to set last
// (creating children changes them), and for vfs which paths this layer wrote (an opaque marker
// removes everything else).
import { lutimes, rm } from 'node:fs/promises';
import type { XattrAccess } from '../archive/xattrs.js';
import { FileJobs } from './file-jobs.js';
import { SafeTree } from './safe-tree.js';
import { currentUmask } from './umask.js';
import type { StorageDriverName, StoreLogger } from './types.js';

export interface UnpackOptions {
  /** The directory to unpack into: a new overlay diff dir, or for vfs a copy of the parent layer. */
  root: string;
  driver: StorageDriverName;
  /** Overlay drivers: the parent layers' diff dirs, top first (to emulate opaque dirs without xattrs). */
  lowers: readonly string[];
  xattrs: XattrAccess | undefined;
  logger: StoreLogger;
}

export class UnpackState {
  readonly tree: SafeTree;
  private readonly dirTimes = new Map<string, { atime: number; mtime: number }>();
  readonly written: Set<string> | undefined;
  /** Overlay dirs to make opaque by whiting out the lower layers' names (no xattr tool). */
  readonly emulatedOpaque = new Set<string>();
  readonly jobs = new FileJobs();
  readonly umask = currentUmask();
  size = 0;

  constructor(readonly options: UnpackOptions) {
    this.tree = new SafeTree(options.root);
    this.written = options.driver === 'vfs' ? new Set<string>() : undefined;
  }

  wrote(rel: string): void {
    this.written?.add(rel);
  }

  deferDirTimes(rel: string, atime: number, mtime: number): void {
    this.dirTimes.set(rel, { atime, mtime });
  }

  /** Removes `rel` (recursively) and forgets what was known about it and below. */
  async remove(rel: string): Promise<void> {
    await rm(this.tree.full(rel), { recursive: true, force: true });
    this.tree.forget(rel);
    const prefix = `${rel}/`;
    for (const d of this.dirTimes.keys()) if (rel === '' || d === rel || d.startsWith(prefix)) this.dirTimes.delete(d);
    for (const d of this.emulatedOpaque) if (rel === '' || d === rel || d.startsWith(prefix)) this.emulatedOpaque.delete(d);
  }

  /** Directory times go last: lutimes, since only the tree's own memory says each is still a directory. */
  async applyDirTimes(): Promise<void> {
    for (const [rel, t] of this.dirTimes) await lutimes(this.tree.full(rel), t.atime, t.mtime);
  }
}
