// Host measurements for /version and /info. Read once at startup: none of them changes while the
// daemon runs, and /info must not touch the disk for them.
import { readFileSync } from 'node:fs';
import os from 'node:os';

export interface HostInfo {
  kernelVersion: string;
  /** PRETTY_NAME from os-release, e.g. "Debian GNU/Linux 12 (bookworm)". */
  operatingSystem: string;
  /** VERSION_ID from os-release, e.g. "12". */
  osVersion: string;
  /** uname -m style, as /info's Architecture ("x86_64"). */
  machine: string;
  /** Go's GOARCH names, as /version's Arch ("amd64"). */
  goArch: string;
  ncpu: number;
  memTotal: number;
  /** Our stand-in for GoVersion. */
  runtimeVersion: string;
}

export interface OsRelease {
  prettyName: string;
  versionId: string;
}

/** Parses os-release(5): KEY=value lines, values optionally quoted with shell escapes. */
export function parseOsRelease(text: string): OsRelease {
  const values = new Map<string, string>();
  for (const line of text.split('\n')) {
    const m = /^\s*([A-Z0-9_]+)=(.*?)\s*$/.exec(line);
    if (!m?.[1] || m[2] === undefined) continue;
    values.set(m[1], unquote(m[2]));
  }
  // dockerd falls back to "Linux" when PRETTY_NAME is missing.
  return { prettyName: values.get('PRETTY_NAME') ?? 'Linux', versionId: values.get('VERSION_ID') ?? '' };
}

function unquote(raw: string): string {
  const q = raw[0];
  if ((q === '"' || q === "'") && raw.endsWith(q) && raw.length >= 2) {
    const inner = raw.slice(1, -1);
    return q === '"' ? inner.replace(/\\(["\\$`])/g, '$1') : inner;
  }
  return raw;
}

const GO_ARCH: Partial<Record<string, string>> = {
  x64: 'amd64',
  ia32: '386',
  arm: 'arm',
  arm64: 'arm64',
  s390x: 's390x',
  riscv64: 'riscv64',
  loong64: 'loong64',
  mips: 'mips',
  mipsel: 'mipsle',
};

/** Node's process.arch in Go's spelling; ppc64 needs the byte order to tell ppc64le apart. */
export function goArchOf(nodeArch: string, endianness: 'BE' | 'LE'): string {
  if (nodeArch === 'ppc64') return endianness === 'LE' ? 'ppc64le' : 'ppc64';
  return GO_ARCH[nodeArch] ?? nodeArch;
}

function readOsRelease(): string {
  for (const path of ['/etc/os-release', '/usr/lib/os-release']) {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      // os-release(5): fall back to the vendor copy, then to nothing.
    }
  }
  return '';
}

export function readHostInfo(): HostInfo {
  const release = parseOsRelease(readOsRelease());
  return {
    kernelVersion: os.release(),
    operatingSystem: release.prettyName,
    osVersion: release.versionId,
    machine: os.machine(),
    goArch: goArchOf(process.arch, os.endianness()),
    ncpu: os.availableParallelism(),
    memTotal: os.totalmem(),
    runtimeVersion: `node${process.versions.node}`,
  };
}
