// The running kernel's release string; overlayfs works inside a user namespace from 5.11 on.
import type { HostPaths } from './host-paths.js';

export interface KernelRelease {
  text: string;
  major: number;
  minor: number;
}

export function parseKernelRelease(text: string): KernelRelease | undefined {
  const m = /^(\d+)\.(\d+)/.exec(text.trim());
  if (m === null) return undefined;
  return { text: text.trim(), major: Number(m[1]), minor: Number(m[2]) };
}

export function kernelAtLeast(release: KernelRelease, major: number, minor: number): boolean {
  return release.major > major || (release.major === major && release.minor >= minor);
}

export async function readKernelRelease(host: HostPaths): Promise<KernelRelease | undefined> {
  const text = await host.read('/proc/sys/kernel/osrelease');
  return text === undefined ? undefined : parseKernelRelease(text);
}
