// The storage driver Burrow will use (host/storage-driver.ts), and what to install when only vfs,
// which copies every layer in full, is left.
import { chooseStorageDriver, FUSE_DEVICE } from '../storage-driver.js';
import { defineCheck, type CheckContext, type Finding } from './check.js';
import { installFix } from './install-fix.js';

async function detect(ctx: CheckContext): Promise<Finding> {
  const choice = await chooseStorageDriver(ctx.host, ctx.user.env);
  const { overlayBlocker, fuse } = choice;
  if (overlayBlocker === undefined || fuse === undefined) {
    return { status: 'ok', summary: `overlay2 (native overlay in a user namespace, kernel ${choice.release?.text ?? 'unknown'})` };
  }
  if (choice.driver === 'fuse-overlayfs') {
    return { status: 'ok', summary: `fuse-overlayfs (${fuse.binary ?? 'fuse-overlayfs'}); native overlay unavailable: ${overlayBlocker}` };
  }
  const problems: string[] = [];
  const fix: string[] = [];
  if (fuse.binary === undefined) {
    problems.push('fuse-overlayfs is not installed');
    fix.push(await installFix(ctx.host, { apt: 'fuse-overlayfs' }));
  }
  if (!fuse.deviceUsable) {
    problems.push(`${FUSE_DEVICE} is not readable and writable`);
    fix.push(`sudo chmod 0666 ${FUSE_DEVICE}`);
  }
  if (!fuse.kernelOk) {
    problems.push('fuse-overlayfs needs kernel 4.18 or later');
    fix.push('# upgrade the kernel to 4.18 or later');
  }
  return { status: 'warn', summary: `only vfs is available (slow, a full copy of every layer): ${overlayBlocker}; ${problems.join('; ')}`, fix };
}

export const storageCheck = defineCheck({ id: 'storage', title: 'Storage driver', blocking: false }, detect);
