// vfs layers and vfs container roots start as full copies. coreutils cp keeps owners, modes, times,
// xattrs, hard links and special files in one process, and reflinks where the filesystem can.
import { runToolChecked } from '../archive/run-tool.js';

/** Copies the tree at `src` to `dest`, which must not exist yet. */
export async function copyTree(src: string, dest: string): Promise<void> {
  await runToolChecked('cp', ['-a', '--reflink=auto', '-T', '--', src, dest]);
}
