// Which copy-on-write storage works without root: native overlay from kernel 5.11 (or an Ubuntu
// kernel, patched earlier) unless SELinux enforces; else fuse-overlayfs (kernel ≥ 4.18, needs
// /dev/fuse); else only vfs, which copies every layer in full. `burrow check` explains this
// choice and the engine reports it, so both read it from here.
import { findBinary } from './binaries.js';
import type { HostPaths } from './host-paths.js';
import { kernelAtLeast, readKernelRelease, type KernelRelease } from './kernel-release.js';

export const FUSE_DEVICE = '/dev/fuse';

export interface StorageChoice {
  driver: 'overlay2' | 'fuse-overlayfs' | 'vfs';
  release: KernelRelease | undefined;
  /** Why native overlay cannot be used; undefined when it can. */
  overlayBlocker?: string;
  /** Set when native overlay is blocked. */
  fuse?: { binary: string | undefined; deviceUsable: boolean; kernelOk: boolean };
}

function nativeOverlayBlocker(release: KernelRelease | undefined, procVersion: string | undefined, selinux: string | undefined): string | undefined {
  if (selinux === '1') return 'SELinux is enforcing, which overlay refuses in a user namespace';
  if (release === undefined) return 'the kernel release is unknown';
  if (kernelAtLeast(release, 5, 11) || procVersion?.includes('Ubuntu') === true) return undefined;
  return `kernel ${release.text} is older than 5.11`;
}

export async function chooseStorageDriver(host: HostPaths, env: NodeJS.ProcessEnv): Promise<StorageChoice> {
  const [release, procVersion, selinux] = await Promise.all([
    readKernelRelease(host),
    host.read('/proc/version'),
    host.readTrim('/sys/fs/selinux/enforce'),
  ]);
  const overlayBlocker = nativeOverlayBlocker(release, procVersion, selinux);
  if (overlayBlocker === undefined) return { driver: 'overlay2', release };
  const [binary, deviceUsable] = await Promise.all([findBinary(host, env, 'fuse-overlayfs'), host.canReadWrite(FUSE_DEVICE)]);
  const kernelOk = release !== undefined && kernelAtLeast(release, 4, 18);
  const driver = binary !== undefined && deviceUsable && kernelOk ? 'fuse-overlayfs' : 'vfs';
  return { driver, release, overlayBlocker, fuse: { binary, deviceUsable, kernelOk } };
}
