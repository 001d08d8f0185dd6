// Which copy-on-write storage works without root: native overlay from kernel 5.11 (or an Ubuntu
// kernel, patched earlier) unless SELinux enforces; else fuse-overlayfs (kernel ≥ 4.18, needs
// /dev/fuse); else only vfs, which copies every layer in full.
import { findBinary } from '../binaries.js';
import { kernelAtLeast, readKernelRelease, type KernelRelease } from '../kernel-release.js';
import { defineCheck, type CheckContext, type Finding } from './check.js';
import { installFix } from './install-fix.js';

const FUSE = '/dev/fuse';

function nativeOverlayBlocker(release: KernelRelease | undefined, procVersion: string | undefined, selinux: string | undefined): string | undefined {
  if (selinux === '1') return 'SELinux is enforcing, which overlay refuses in a user namespace';
  if (release === undefined) return 'the kernel release is unknown';
  if (kernelAtLeast(release, 5, 11) || procVersion?.includes('Ubuntu') === true) return undefined;
  return `kernel ${release.text} is older than 5.11`;
}

async function detect(ctx: CheckContext): Promise<Finding> {
  const [release, procVersion, selinux] = await Promise.all([
    readKernelRelease(ctx.host),
    ctx.host.read('/proc/version'),
    ctx.host.readTrim('/sys/fs/selinux/enforce'),
  ]);
  const blocker = nativeOverlayBlocker(release, procVersion, selinux);
  if (blocker === undefined) {
    return { status: 'ok', summary: `overlay2 (native overlay in a user namespace, kernel ${release?.text ?? 'unknown'})` };
  }
  const [fuseOverlayfs, fuseUsable] = await Promise.all([findBinary(ctx.host, ctx.user.env, 'fuse-overlayfs'), ctx.host.canReadWrite(FUSE)]);
  const fuseKernel = release !== undefined && kernelAtLeast(release, 4, 18);
  const problems: string[] = [];
  const fix: string[] = [];
  if (fuseOverlayfs === undefined) {
    problems.push('fuse-overlayfs is not installed');
    fix.push(await installFix(ctx.host, { apt: 'fuse-overlayfs' }));
  }
  if (!fuseUsable) {
    problems.push(`${FUSE} is not readable and writable`);
    fix.push(`sudo chmod 0666 ${FUSE}`);
  }
  if (!fuseKernel) {
    problems.push('fuse-overlayfs needs kernel 4.18 or later');
    fix.push('# upgrade the kernel to 4.18 or later');
  }
  if (problems.length === 0) {
    return { status: 'ok', summary: `fuse-overlayfs (${fuseOverlayfs ?? 'fuse-overlayfs'}); native overlay unavailable: ${blocker}` };
  }
  return { status: 'warn', summary: `only vfs is available (slow, a full copy of every layer): ${blocker}; ${problems.join('; ')}`, fix };
}

export const storageCheck = defineCheck({ id: 'storage', title: 'Storage driver', blocking: false }, detect);
