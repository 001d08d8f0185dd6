// IPv4 address management as dockerd's default IPAM does it: subnets from the default address
// pools, the gateway on the first host address, containers on the lowest free address.
import { ConflictError, InvalidParameterError } from '../base/errors.js';

export interface Cidr {
  /** Network address as an unsigned 32-bit number. */
  base: number;
  prefix: number;
}

export function ipToNumber(ip: string): number {
  const parts = ip.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) throw new InvalidParameterError(`invalid IPv4 address: ${ip}`);
  return parts.reduce((n, p) => n * 256 + Number(p), 0);
}

export function numberToIp(n: number): string {
  return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');
}

function size(prefix: number): number {
  return 2 ** (32 - prefix);
}

export function parseCidr(text: string): Cidr {
  const m = /^([\d.]+)\/(\d{1,2})$/.exec(text);
  const prefix = Number(m?.[2]);
  if (!m || prefix > 32) throw new InvalidParameterError(`invalid CIDR address: ${text}`);
  const ip = ipToNumber(m[1] ?? '');
  return { base: ip - (ip % size(prefix)), prefix };
}

export function formatCidr(c: Cidr): string {
  return `${numberToIp(c.base)}/${c.prefix}`;
}

export function contains(c: Cidr, ip: number): boolean {
  return ip >= c.base && ip < c.base + size(c.prefix);
}

export function overlaps(a: Cidr, b: Cidr): boolean {
  return contains(a, b.base) || contains(b, a.base);
}

/** dockerd's defaults: 172.17-31.0.0/16, then 192.168.0.0/16 in /20s. */
export const DEFAULT_POOLS: readonly { base: string; size: number }[] = [
  { base: '172.17.0.0/16', size: 16 },
  { base: '172.18.0.0/16', size: 16 },
  { base: '172.19.0.0/16', size: 16 },
  { base: '172.20.0.0/14', size: 16 },
  { base: '172.24.0.0/14', size: 16 },
  { base: '172.28.0.0/14', size: 16 },
  { base: '192.168.0.0/16', size: 20 },
];

/** The first subnet of the pools that overlaps none in use. */
export function nextSubnet(pools: readonly { base: string; size: number }[], used: readonly Cidr[]): Cidr | undefined {
  for (const pool of pools) {
    const p = parseCidr(pool.base);
    if (pool.size < p.prefix || pool.size > 32) throw new InvalidParameterError(`invalid default address pool ${pool.base} with size ${pool.size}`);
    for (let base = p.base; base < p.base + size(p.prefix); base += size(pool.size)) {
      const candidate = { base, prefix: pool.size };
      if (!used.some((u) => overlaps(u, candidate))) return candidate;
    }
  }
  return undefined;
}

/** dockerd's MAC for an address: 02:42 and the four bytes. */
export function macFor(ip: string): string {
  const n = ipToNumber(ip);
  return ['02', '42', ...[24, 16, 8, 0].map((s) => (Math.floor(n / 2 ** s) % 256).toString(16).padStart(2, '0'))].join(':');
}

/** One network's addresses. */
export class AddressPool {
  private readonly taken = new Set<number>();
  private readonly range: Cidr;

  constructor(readonly subnet: Cidr, readonly gateway: number, reserved: readonly number[] = [], range?: Cidr) {
    this.range = range ?? subnet;
    for (const r of [gateway, ...reserved]) this.taken.add(r);
  }

  /** The lowest free address (of the IPRange if there is one), never network, broadcast or gateway. */
  allocate(): number {
    const first = Math.max(this.range.base, this.subnet.base + 1);
    const last = Math.min(this.range.base + size(this.range.prefix), this.subnet.base + size(this.subnet.prefix) - 1);
    for (let ip = first; ip < last; ip++) {
      if (!this.taken.has(ip)) {
        this.taken.add(ip);
        return ip;
      }
    }
    throw new ConflictError(`no available IPv4 addresses on this network's address pools: ${formatCidr(this.subnet)}`);
  }

  reserve(ip: number): void {
    const broadcast = this.subnet.base + size(this.subnet.prefix) - 1;
    if (!contains(this.subnet, ip) || ip === this.subnet.base || ip === broadcast) {
      throw new InvalidParameterError(`no configured subnet or ip-range contain the IP address ${numberToIp(ip)}`);
    }
    if (this.taken.has(ip)) throw new ConflictError('Address already in use');
    this.taken.add(ip);
  }

  release(ip: number): void {
    if (ip !== this.gateway) this.taken.delete(ip);
  }
}
