// Where a registry name is reached, as moby's lookupV2Endpoints decides: docker.io is
// registry-1.docker.io (mirrors first, for pulls only); other registries use HTTPS, and insecure ones
// (named, inside a listed CIDR, or on loopback) try HTTPS without verification, then plain HTTP.
import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { InvalidParameterError } from '../base/errors.js';
import { DEFAULT_DOMAIN } from '../reference/index.js';

export type Scheme = 'https' | 'http';

export interface Endpoint {
  /** URL host: `registry-1.docker.io`, `127.0.0.1:5000`, `[::1]:5000`. */
  host: string;
  /** Tried in order until one gives any HTTP answer. */
  schemes: Scheme[];
  verifyTls: boolean;
  mirror: boolean;
}

export type Purpose = 'pull' | 'push';

const OFFICIAL_HOST = 'registry-1.docker.io';
const DOCKER_HUB_NAMES = new Set([DEFAULT_DOMAIN, 'index.docker.io', OFFICIAL_HOST]);

/** A registry name from `docker login`'s server address, as moby's ConvertToHostname reads it. */
export function loginDomain(serveraddress: string | undefined): string {
  const stripped = (serveraddress ?? '').replace(/^https?:\/\//, '');
  const host = stripped.split('/')[0] ?? '';
  return host === '' || DOCKER_HUB_NAMES.has(host) ? DEFAULT_DOMAIN : host;
}

/** `host` of `host:port`, `[v6]:port` or a bare host, without brackets. */
export function hostnameOf(host: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(host);
  if (bracketed?.[1] !== undefined) return bracketed[1];
  const colon = host.lastIndexOf(':');
  return colon >= 0 && host.indexOf(':') === colon ? host.slice(0, colon) : host;
}

function stripScheme(entry: string): string {
  return entry.replace(/^https?:\/\//, '').replace(/\/+$/, '');
}

export class EndpointResolver {
  private readonly insecureNames = new Set<string>();
  private readonly insecureNets = new BlockList();
  private readonly insecureCache = new Map<string, Promise<boolean>>();
  private readonly mirrors: URL[];

  constructor(insecureRegistries: readonly string[], mirrors: readonly string[]) {
    this.mirrors = mirrors.map((raw) => {
      const withScheme = /^https?:\/\//.test(raw) ? raw : `https://${raw}`;
      if (!URL.canParse(withScheme)) throw new InvalidParameterError(`invalid mirror: "${raw}" is not a valid URI`);
      return new URL(withScheme);
    });
    // dockerd always treats loopback registries as insecure; ::1 joins its 127.0.0.0/8 here.
    this.insecureNets.addSubnet('127.0.0.0', 8, 'ipv4');
    this.insecureNets.addSubnet('::1', 128, 'ipv6');
    for (const raw of insecureRegistries) {
      const entry = stripScheme(raw.trim());
      const slash = entry.indexOf('/');
      const family = slash > 0 ? isIP(entry.slice(0, slash)) : 0;
      const prefix = entry.slice(slash + 1);
      const bits = Number(prefix);
      if (family !== 0 && /^\d{1,3}$/.test(prefix) && bits <= (family === 4 ? 32 : 128)) {
        this.insecureNets.addSubnet(entry.slice(0, slash), bits, family === 4 ? 'ipv4' : 'ipv6');
      } else {
        this.insecureNames.add(entry);
      }
    }
  }

  async endpoints(domain: string, purpose: Purpose): Promise<Endpoint[]> {
    if (domain === DEFAULT_DOMAIN) {
      const official: Endpoint = { host: OFFICIAL_HOST, schemes: ['https'], verifyTls: true, mirror: false };
      return purpose === 'pull' ? [...(await Promise.all(this.mirrors.map((m) => this.mirror(m)))), official] : [official];
    }
    const insecure = await this.isInsecure(domain);
    return [{ host: domain, schemes: insecure ? ['https', 'http'] : ['https'], verifyTls: !insecure, mirror: false }];
  }

  private async mirror(url: URL): Promise<Endpoint> {
    const insecure = await this.isInsecure(url.host);
    return { host: url.host, schemes: [url.protocol === 'http:' ? 'http' : 'https'], verifyTls: !insecure, mirror: true };
  }

  /** moby's isSecureIndex, negated: a listed name, else any address of the host inside a listed CIDR. */
  isInsecure(host: string): Promise<boolean> {
    let cached = this.insecureCache.get(host);
    if (!cached) {
      cached = this.lookupInsecure(host);
      this.insecureCache.set(host, cached);
    }
    return cached;
  }

  private async lookupInsecure(host: string): Promise<boolean> {
    if (this.insecureNames.has(host)) return true;
    const hostname = hostnameOf(host);
    let addresses: { address: string; family: number }[];
    if (isIP(hostname) !== 0) {
      addresses = [{ address: hostname, family: isIP(hostname) }];
    } else {
      // An unresolvable name counts as secure, as in moby: the proxy may know it.
      addresses = await lookup(hostname, { all: true }).catch(() => []);
    }
    return addresses.some((a) => this.insecureNets.check(a.address, a.family === 6 ? 'ipv6' : 'ipv4'));
  }
}
