// Host measurements for /version and /info. Read once at startup: none of them changes while the
// daemon runs, and /info must not touch the disk for them.
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { parseOsRelease } from '../host/os-release.js';

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

/** /info's OperatingSystem and OSVersion; dockerd says "Linux" when PRETTY_NAME is missing. */
export function osFields(osRelease: string): { operatingSystem: string; osVersion: string } {
  const release = parseOsRelease(osRelease);
  return { operatingSystem: release.prettyName ?? 'Linux', osVersion: release.versionId ?? '' };
}

export function readHostInfo(): HostInfo {
  return {
    kernelVersion: os.release(),
    ...osFields(readOsRelease()),
    machine: os.machine(),
    goArch: goArchOf(process.arch, os.endianness()),
    ncpu: os.availableParallelism(),
    memTotal: os.totalmem(),
    runtimeVersion: `node${process.versions.node}`,
  };
}
