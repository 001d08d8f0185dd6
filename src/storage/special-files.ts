// Node cannot make fifos or device nodes; coreutils' mknod can. Overlay whiteouts are char 0/0
// devices, which a user namespace may create since Linux 5.8. Both are rare in layers, so one
// spawn each is cheap next to the rest of an unpack.
import { runToolChecked } from '../archive/run-tool.js';

export async function makeFifo(path: string): Promise<void> {
  await runToolChecked('mknod', ['-m', '0600', '--', path, 'p']);
}

export async function makeWhiteoutDevice(path: string): Promise<void> {
  await runToolChecked('mknod', ['-m', '0000', '--', path, 'c', '0', '0']);
}
