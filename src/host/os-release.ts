// /etc/os-release tells which package manager a fix should name.
import type { HostPaths } from './host-paths.js';

export type PackageFamily = 'apt' | 'dnf' | 'zypper' | 'pacman';

export interface OsRelease {
  id: string;
  idLike: string[];
  prettyName: string | undefined;
  versionId: string | undefined;
}

function unquote(raw: string): string {
  const q = raw[0];
  if ((q === '"' || q === "'") && raw.endsWith(q) && raw.length >= 2) {
    const inner = raw.slice(1, -1);
    return q === '"' ? inner.replace(/\\(["\\$`])/g, '$1') : inner;
  }
  return raw;
}

/** os-release(5): KEY=value lines, values optionally quoted with shell escapes. */
export function parseOsRelease(text: string): OsRelease {
  const values = new Map<string, string>();
  for (const line of text.split('\n')) {
    const m = /^\s*([A-Z0-9_]+)=(.*?)\s*$/.exec(line);
    if (!m?.[1] || m[2] === undefined) continue;
    values.set(m[1], unquote(m[2]));
  }
  return {
    id: values.get('ID') ?? 'linux',
    idLike: (values.get('ID_LIKE') ?? '').split(/\s+/).filter((v) => v !== ''),
    prettyName: values.get('PRETTY_NAME'),
    versionId: values.get('VERSION_ID'),
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
