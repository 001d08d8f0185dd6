// Path resolution inside a layer root without ever following a symlink. Every parent is checked
// with lstat once and then remembered (the root is written only by this unpack, so the memory stays
// true until the unpack itself removes something, which calls forget()).
import { lstat, mkdir } from 'node:fs/promises';
import { errnoCode, InvalidParameterError } from '../base/errors.js';
import { parentOf } from './clean-name.js';

export class SafeTree {
  private readonly knownDirs = new Set<string>(['']);

  constructor(readonly root: string) {}

  full(rel: string): string {
    return rel === '' ? this.root : `${this.root}/${rel}`;
  }

  /** Whether `rel` is a directory this unpack created or checked. */
  knows(rel: string): boolean {
    return this.knownDirs.has(rel);
  }

  /** Records a directory this unpack created or checked. */
  markDir(rel: string): void {
    this.knownDirs.add(rel);
  }

  /** Forgets `rel` and everything below it, after a removal. */
  forget(rel: string): void {
    if (rel === '') {
      this.knownDirs.clear();
      this.knownDirs.add('');
      return;
    }
    const prefix = `${rel}/`;
    for (const d of this.knownDirs) if (d === rel || d.startsWith(prefix)) this.knownDirs.delete(d);
  }

  /** Makes `rel` a directory (0755, like Docker's implied parents) unless it is one; refuses symlinks and files on the way. */
  async ensureDir(rel: string, entryName: string): Promise<void> {
    if (this.knownDirs.has(rel)) return;
    await this.ensureDir(parentOf(rel), entryName);
    const state = await this.kind(rel);
    if (state === 'missing') await mkdir(this.full(rel), 0o755);
    else this.refuseUnlessDir(state, rel, entryName);
    this.knownDirs.add(rel);
  }

  /** Whether `rel` is an existing directory reached without symlinks; refuses a symlink on the way. */
  async isDir(rel: string, entryName: string): Promise<boolean> {
    if (this.knownDirs.has(rel)) return true;
    if (!(await this.isDir(parentOf(rel), entryName))) return false;
    const state = await this.kind(rel);
    if (state === 'symlink') this.refuseUnlessDir(state, rel, entryName);
    if (state !== 'dir') return false;
    this.knownDirs.add(rel);
    return true;
  }

  private async kind(rel: string): Promise<'missing' | 'dir' | 'symlink' | 'other'> {
    try {
      const st = await lstat(this.full(rel));
      return st.isDirectory() ? 'dir' : st.isSymbolicLink() ? 'symlink' : 'other';
    } catch (err) {
      if (errnoCode(err) === 'ENOENT') return 'missing';
      throw err;
    }
  }

  private refuseUnlessDir(state: 'dir' | 'symlink' | 'other', rel: string, entryName: string): void {
    if (state === 'symlink') {
      throw new InvalidParameterError(`refusing to unpack ${entryName}: /${rel} is a symbolic link, and unpacking never writes through one`);
    }
    if (state === 'other') throw new InvalidParameterError(`cannot unpack ${entryName}: /${rel} is not a directory`);
  }
}
