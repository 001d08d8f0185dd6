// Platform matching as containerd's platforms.Only, which dockerd uses to pick from a manifest list:
// names normalised (aarch64 → arm64, arm64/v8 ≡ arm64), and older compatible platforms accepted in
// order of preference (arm/v7 also runs v6 and v5, arm64 runs arm, amd64 runs 386).
import { InvalidParameterError } from '../base/errors.js';
import type { Platform } from './types.js';

const NODE_TO_GO_ARCH: Record<string, string> = { x64: 'amd64', arm64: 'arm64', arm: 'arm', ia32: '386', ppc64: 'ppc64le', s390x: 's390x', riscv64: 'riscv64', loong64: 'loong64' };
const KNOWN_OS = new Set(['linux', 'windows', 'darwin', 'freebsd', 'netbsd', 'openbsd', 'solaris', 'illumos', 'aix', 'android', 'ios', 'plan9', 'js', 'wasip1', 'dragonfly']);
const KNOWN_ARCH = new Set(['386', 'amd64', 'arm', 'arm64', 'ppc64', 'ppc64le', 's390x', 'riscv64', 'mips', 'mipsle', 'mips64', 'mips64le', 'loong64', 'wasm', 'x86_64', 'x86-64', 'aarch64', 'armhf', 'armel', 'i386']);

/** This machine's platform, as Go's GOOS/GOARCH/GOARM and containerd's cpu variant describe it. */
export function hostPlatform(): Platform {
  const architecture = NODE_TO_GO_ARCH[process.arch] ?? process.arch;
  if (architecture === 'arm64') return { os: 'linux', architecture, variant: 'v8' };
  if (architecture === 'arm') {
    const armVersion = (process.config.variables as Record<string, unknown>)['arm_version'];
    return { os: 'linux', architecture, variant: `v${typeof armVersion === 'string' && armVersion !== '' ? armVersion : '7'}` };
  }
  return { os: 'linux', architecture };
}

function withVariant(os: string, architecture: string, variant: string): Platform {
  return variant === '' ? { os, architecture } : { os, architecture, variant };
}

/** containerd's Normalize. */
export function normalizePlatform(p: Platform): Platform {
  const os = p.os.toLowerCase();
  const architecture = p.architecture.toLowerCase();
  const variant = (p.variant ?? '').toLowerCase();
  switch (architecture) {
    case 'i386':
      return { os, architecture: '386' };
    case 'x86_64':
    case 'x86-64':
    case 'amd64':
      return withVariant(os, 'amd64', variant === 'v1' ? '' : variant);
    case 'aarch64':
    case 'arm64':
      return withVariant(os, 'arm64', variant === '8' || variant === 'v8' ? '' : variant);
    case 'armhf':
      return { os, architecture: 'arm', variant: 'v7' };
    case 'armel':
      return { os, architecture: 'arm', variant: 'v6' };
    case 'arm':
      return { os, architecture, variant: variant === '' || variant === '7' ? 'v7' : /^[568]$/.test(variant) ? `v${variant}` : variant };
    default:
      return withVariant(os, architecture, variant);
  }
}

/** `os/arch[/variant]`, or one of them alone, as containerd's platforms.Parse reads `--platform`. */
export function parsePlatform(spec: string): Platform {
  const parts = spec.toLowerCase().split('/');
  const invalid = (): InvalidParameterError =>
    new InvalidParameterError(`"${spec}": unknown operating system or architecture: invalid argument`);
  if (parts.length > 3 || parts.some((part) => !/^[a-z0-9_.-]+$/.test(part))) throw invalid();
  const [first = '', architecture, variant] = parts;
  if (architecture !== undefined) return normalizePlatform({ os: first, architecture, ...(variant !== undefined ? { variant } : {}) });
  const host = hostPlatform();
  if (KNOWN_OS.has(first)) return normalizePlatform(first === host.os ? host : { os: first, architecture: host.architecture });
  if (KNOWN_ARCH.has(first)) return normalizePlatform({ os: host.os, architecture: first });
  throw invalid();
}

export function formatPlatform(p: Platform): string {
  return [p.os, p.architecture, ...(p.variant ? [p.variant] : [])].join('/');
}

function variantNumber(variant: string | undefined): number {
  const n = Number((variant ?? '').replace(/^v/, ''));
  return Number.isInteger(n) ? n : NaN;
}

/** containerd's platformVector: the wanted platform, then what it can also run, best first. */
function compatible(want: Platform): Platform[] {
  const vector = [want];
  const version = variantNumber(want.variant);
  if (want.architecture === 'amd64') {
    for (let v = version - 1; v >= 1; v--) vector.push({ os: want.os, architecture: 'amd64', variant: `v${v}` });
    vector.push({ os: want.os, architecture: '386' });
  } else if (want.architecture === 'arm') {
    for (let v = version - 1; v >= 5; v--) vector.push({ os: want.os, architecture: 'arm', variant: `v${v}` });
  } else if (want.architecture === 'arm64') {
    vector.push(...compatible({ os: want.os, architecture: 'arm', variant: want.variant ?? 'v8' }));
  }
  return vector.map(normalizePlatform);
}

/** The position of `candidate` in `want`'s preference order, or -1 when it cannot run here. */
export function platformRank(want: Platform, candidate: Platform): number {
  const c = normalizePlatform(candidate);
  return compatible(normalizePlatform(want)).findIndex(
    (p) => p.os === c.os && p.architecture === c.architecture && (p.variant ?? '') === (c.variant ?? ''),
  );
}
