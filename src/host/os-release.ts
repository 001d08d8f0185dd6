// /etc/os-release tells which package manager a fix should name.
import type { HostPaths } from './host-paths.js';

export type PackageFamily = 'apt' | 'dnf' | 'zypper' | 'pacman';

export interface OsRelease {
  id: string;
  idLike: string[];
  prettyName: string | undefined;
}

export function parseOsRelease(text: string): OsRelease {
  const values = new Map<string, string>();
  for (const line of text.split('\n')) {
    const m = /^([A-Z_]+)=(.*)$/.exec(line.trim());
    if (m === null) continue;
    values.set(m[1] ?? '', (m[2] ?? '').replace(/^(["'])(.*)\1$/, '$2'));
  }
  return {
    id: values.get('ID') ?? 'linux',
    idLike: (values.get('ID_LIKE') ?? '').split(/\s+/).filter((v) => v !== ''),
    prettyName: values.get('PRETTY_NAME'),
  };
}

const FAMILY_OF: Record<string, PackageFamily> = {
  debian: 'apt',
  ubuntu: 'apt',
  fedora: 'dnf',
  rhel: 'dnf',
  centos: 'dnf',
  suse: 'zypper',
  opensuse: 'zypper',
  sles: 'zypper',
  arch: 'pacman',
};

export function packageFamily(os: OsRelease): PackageFamily | undefined {
  for (const id of [os.id, ...os.idLike]) {
    const family = FAMILY_OF[id] ?? (id.startsWith('opensuse') ? 'zypper' : undefined);
    if (family !== undefined) return family;
  }
  return undefined;
}

export async function readOsRelease(host: HostPaths): Promise<OsRelease> {
  return parseOsRelease((await host.read('/etc/os-release')) ?? (await host.read('/usr/lib/os-release')) ?? '');
}
