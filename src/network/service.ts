// Networks as dockerd keeps them: the predefined bridge, host and none, and user-defined bridges,
// one JSON record each under <data-root>/network, with an address pool per bridge in memory (the
// containers' records hold their addresses, and re-reserve them after an engine restart).
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { atomicWrite } from '../base/atomic-write.js';
import { ConflictError, errorMessage, ForbiddenError, InvalidParameterError, NotFoundError } from '../base/errors.js';
import { labelsMatch, parseFilters } from '../base/filters.js';
import type { Logger } from '../base/log.js';
import type { EventLog } from '../events/event-log.js';
import { AddressPool, contains, DEFAULT_POOLS, formatCidr, ipToNumber, macFor, nextSubnet, numberToIp, overlaps, parseCidr, type Cidr } from './ipam.js';
import type { Allocation, BridgeParams, BridgePlumbing, EndpointView, IpamPool, NetworkRecord } from './types.js';

export interface NetworkServiceOptions {
  logger: Logger;
  /** <data-root>/network */
  root: string;
  plumbing: BridgePlumbing;
  endpoints: (networkId: string) => EndpointView[];
  /** --bip: the default bridge's gateway and prefix, "172.17.0.1/16". */
  bip?: string;
  defaultAddressPools?: { base: string; size: number }[];
  mtu: number;
  events?: EventLog;
}

/** POST /networks/create's body. */
export interface NetworkCreateRequest {
  Name?: string;
  CheckDuplicate?: boolean;
  Driver?: string;
  Internal?: boolean;
  Attachable?: boolean;
  Ingress?: boolean;
  EnableIPv6?: boolean;
  IPAM?: { Driver?: string; Config?: IpamPool[] | null; Options?: Record<string, string> | null } | null;
  Options?: Record<string, string> | null;
  Labels?: Record<string, string> | null;
}

const PREDEFINED = ['bridge', 'host', 'none'];
const BRIDGE_NAME = 'com.docker.network.bridge.name';
const MASQUERADE = 'com.docker.network.bridge.enable_ip_masquerade';
const MTU_OPTION = 'com.docker.network.driver.mtu';
const LIST_FILTERS = ['dangling', 'driver', 'id', 'label', 'name', 'scope', 'type'];
const PRUNE_FILTERS = ['until', 'label', 'label!'];

/** RFC3339Nano, as dockerd (and Ryuk, which parses it) writes Created. */
function created(): string {
  return new Date().toISOString().replace('Z', '000000Z');
}

function newId(): string {
  return randomBytes(32).toString('hex');
}

type NetworkView = Omit<NetworkRecord, 'Options' | 'Labels'> & { Containers: Record<string, Omit<EndpointView, 'containerId'>>; Options: Record<string, string>; Labels: Record<string, string> };

export class NetworkService {
  private readonly records = new Map<string, NetworkRecord>();
  private readonly pools = new Map<string, AddressPool>();
  private bridges: Promise<void> = Promise.resolve();

  constructor(private readonly opts: NetworkServiceOptions) {}

  async open(): Promise<void> {
    await mkdir(this.opts.root, { recursive: true, mode: 0o700 });
    for (const f of await readdir(this.opts.root)) {
      if (!f.endsWith('.json')) continue;
      const rec = await readFile(join(this.opts.root, f), 'utf8').then((t) => JSON.parse(t) as NetworkRecord, () => undefined);
      if (rec) this.records.set(rec.Id, rec);
    }
    for (const name of PREDEFINED) {
      const had = this.byName(name);
      const fresh = this.predefined(name);
      // the default bridge follows this start's settings (--bip, --mtu, DOCKERD_ROOTLESS_ROOTLESSKIT_MTU),
      // as dockerd rebuilds it each start; its id and creation time stay
      if (!had) await this.save(fresh);
      else if (JSON.stringify([had.IPAM, had.Options]) !== JSON.stringify([fresh.IPAM, fresh.Options])) await this.save({ ...had, IPAM: fresh.IPAM, Options: fresh.Options });
    }
    for (const rec of this.records.values()) this.poolFor(rec);
    // the API serves while the bridges come up; a container's start waits for them (bridgesReady)
    this.bridges = Promise.all([...this.records.values()].map(async (rec) => {
      const params = this.bridgeParams(rec);
      if (!params) return;
      await this.opts.plumbing.ensureBridge(params).catch((err: unknown) => {
        this.opts.logger.warn('could not set up a network\'s bridge', { network: rec.Name, error: errorMessage(err) });
      });
    })).then(() => undefined);
  }

  /** Resolves once the bridges of the networks found at open() are set up (or failed, logged). */
  bridgesReady(): Promise<void> {
    return this.bridges;
  }

  private predefined(name: string): NetworkRecord {
    const base = this.record(name, name === 'bridge' ? 'bridge' : name === 'host' ? 'host' : 'null');
    if (name !== 'bridge') return base;
    const [gateway, subnet] = this.defaultBridgeAddressing();
    return {
      ...base,
      IPAM: { Driver: 'default', Options: null, Config: [{ Subnet: subnet, Gateway: gateway }] },
      Options: {
        'com.docker.network.bridge.default_bridge': 'true',
        'com.docker.network.bridge.enable_icc': 'true',
        [MASQUERADE]: 'true',
        'com.docker.network.bridge.host_binding_ipv4': '0.0.0.0',
        [BRIDGE_NAME]: 'docker0',
        [MTU_OPTION]: String(this.opts.mtu),
      },
    };
  }

  private defaultBridgeAddressing(): [string, string] {
    if (this.opts.bip === undefined) return ['172.17.0.1', '172.17.0.0/16'];
    const m = /^([\d.]+)\/(\d{1,2})$/.exec(this.opts.bip);
    if (!m) throw new InvalidParameterError(`invalid --bip ${JSON.stringify(this.opts.bip)}: want a gateway address with its prefix, e.g. 10.99.0.1/24`);
    ipToNumber(m[1] ?? '');
    return [m[1] ?? '', formatCidr(parseCidr(this.opts.bip))];
  }

  private record(name: string, driver: NetworkRecord['Driver']): NetworkRecord {
    return {
      Name: name, Id: newId(), Created: created(), Scope: 'local', Driver: driver, EnableIPv6: false,
      IPAM: { Driver: 'default', Options: null, Config: [] }, Internal: false, Attachable: false, Ingress: false,
      ConfigFrom: { Network: '' }, ConfigOnly: false, Options: {}, Labels: {},
    };
  }

  private async save(rec: NetworkRecord): Promise<void> {
    await atomicWrite(join(this.opts.root, `${rec.Id}.json`), JSON.stringify(rec));
    this.records.set(rec.Id, rec);
  }

  private byName(name: string): NetworkRecord | undefined {
    return [...this.records.values()].find((r) => r.Name === name);
  }

  isPredefined(rec: NetworkRecord): boolean {
    return PREDEFINED.includes(rec.Name) && this.byName(rec.Name) === rec;
  }

  /** By full id, name, or unique id prefix, in that order (dockerd's FindNetwork). */
  get(nameOrId: string): NetworkRecord {
    const exact = this.records.get(nameOrId) ?? this.byName(nameOrId);
    if (exact) return exact;
    const matches = /^[0-9a-f]+$/.test(nameOrId) ? [...this.records.values()].filter((r) => r.Id.startsWith(nameOrId)) : [];
    if (matches.length > 1) throw new InvalidParameterError(`network ${nameOrId} is ambiguous (${matches.length} matches found based on ID prefix)`);
    const found = matches[0];
    if (!found) throw new NotFoundError(`network ${nameOrId} not found`);
    return found;
  }

  bridgeParams(rec: NetworkRecord): BridgeParams | undefined {
    const pool = rec.IPAM.Config[0];
    if (rec.Driver !== 'bridge' || !pool) return undefined;
    return {
      bridge: rec.Options[BRIDGE_NAME] ?? `br-${rec.Id.slice(0, 12)}`,
      subnet: pool.Subnet,
      gateway: pool.Gateway,
      internal: rec.Internal,
      masquerade: rec.Options[MASQUERADE] !== 'false',
      mtu: Number(rec.Options[MTU_OPTION] ?? this.opts.mtu),
    };
  }

  private poolFor(rec: NetworkRecord): AddressPool | undefined {
    const existing = this.pools.get(rec.Id);
    if (existing) return existing;
    const cfg = rec.IPAM.Config[0];
    if (rec.Driver !== 'bridge' || !cfg) return undefined;
    const aux = Object.values(cfg.AuxiliaryAddresses ?? {}).map(ipToNumber);
    const pool = new AddressPool(parseCidr(cfg.Subnet), ipToNumber(cfg.Gateway), aux, cfg.IPRange ? parseCidr(cfg.IPRange) : undefined);
    this.pools.set(rec.Id, pool);
    return pool;
  }

  allocate(networkId: string, requested?: string): Allocation {
    const rec = this.get(networkId);
    const pool = this.poolFor(rec);
    if (!pool) throw new InvalidParameterError(`network ${rec.Name} has no address pool`);
    let ip: number;
    if (requested !== undefined && requested !== '') {
      ip = ipToNumber(requested);
      pool.reserve(ip);
    } else {
      ip = pool.allocate();
    }
    const text = numberToIp(ip);
    return { ip: text, prefixLen: pool.subnet.prefix, gateway: numberToIp(pool.gateway), mac: macFor(text) };
  }

  release(networkId: string, ip: string): void {
    const rec = this.records.get(networkId) ?? this.get(networkId);
    this.poolFor(rec)?.release(ipToNumber(ip));
  }

  private view(rec: NetworkRecord, withEndpoints: boolean): NetworkView {
    const containers: NetworkView['Containers'] = {};
    if (withEndpoints) {
      for (const { containerId, ...ep } of this.opts.endpoints(rec.Id)) containers[containerId] = ep;
    }
    return {
      Name: rec.Name, Id: rec.Id, Created: rec.Created, Scope: rec.Scope, Driver: rec.Driver, EnableIPv6: rec.EnableIPv6,
      IPAM: rec.IPAM, Internal: rec.Internal, Attachable: rec.Attachable, Ingress: rec.Ingress, ConfigFrom: rec.ConfigFrom,
      ConfigOnly: rec.ConfigOnly, Containers: containers, Options: rec.Options, Labels: rec.Labels,
    };
  }

  inspect(nameOrId: string): NetworkView {
    return this.view(this.get(nameOrId), true);
  }

  list(filtersRaw: string | null): NetworkView[] {
    const f = parseFilters(filtersRaw, LIST_FILTERS);
    const any = (key: string, test: (v: string) => boolean): boolean => f.get(key)?.some(test) ?? true;
    return [...this.records.values()]
      .filter((r) => any('driver', (v) => v === r.Driver))
      .filter((r) => any('id', (v) => r.Id.startsWith(v)))
      .filter((r) => any('name', (v) => r.Name.includes(v)))
      .filter(() => any('scope', (v) => v === 'local'))
      .filter((r) => any('type', (v) => (v === 'builtin') === this.isPredefined(r)))
      .filter((r) => labelsMatch(f.get('label'), r.Labels))
      .filter((r) => any('dangling', (v) => (v === 'true' || v === '1') === (!this.isPredefined(r) && this.opts.endpoints(r.Id).length === 0)))
      .sort((a, b) => a.Created.localeCompare(b.Created))
      .map((r) => this.view(r, false));
  }

  private used(): Cidr[] {
    return [...this.records.values()].flatMap((r) => r.IPAM.Config.map((c) => parseCidr(c.Subnet)));
  }

  private pool(req: IpamPool | undefined): IpamPool {
    if (!req?.Subnet) {
      const subnet = nextSubnet(this.opts.defaultAddressPools ?? DEFAULT_POOLS, this.used());
      if (!subnet) throw new ForbiddenError('could not find an available, non-overlapping IPv4 address pool among the defaults to assign to the network');
      return { Subnet: formatCidr(subnet), Gateway: numberToIp(subnet.base + 1) };
    }
    const subnet = parseCidr(req.Subnet);
    if (this.used().some((u) => overlaps(u, subnet))) throw new ForbiddenError('Pool overlaps with other one on this address space');
    const gateway = req.Gateway ? ipToNumber(req.Gateway) : subnet.base + 1;
    if (!contains(subnet, gateway)) throw new InvalidParameterError(`no matching subnet for gateway ${numberToIp(gateway)}`);
    if (req.IPRange !== undefined && req.IPRange !== '' && !contains(subnet, parseCidr(req.IPRange).base)) throw new InvalidParameterError(`no matching subnet for range ${req.IPRange}`);
    return { ...req, Subnet: formatCidr(subnet), Gateway: numberToIp(gateway) };
  }

  async create(req: NetworkCreateRequest): Promise<{ Id: string; Warning: string }> {
    const name = req.Name ?? '';
    if (name === '') throw new InvalidParameterError('network name is required');
    if (!/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(name)) throw new InvalidParameterError(`invalid network name ${JSON.stringify(name)}: only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed`);
    if (PREDEFINED.includes(name)) throw new ForbiddenError(`operation is not permitted on predefined ${name} network `);
    // dockerd 20.10 makes a second network of the same name when CheckDuplicate is false; every
    // client in use sends it, and two networks of one name only confuse lookups by name
    if (this.byName(name)) throw new ConflictError(`network with name ${name} already exists`);
    const driver = req.Driver === undefined || req.Driver === '' ? 'bridge' : req.Driver;
    if (driver !== 'bridge') throw new InvalidParameterError(`plugin "${driver}" not found`);
    if (req.EnableIPv6 === true) throw new InvalidParameterError('IPv6 networks are not supported by Burrow yet');
    const configs = req.IPAM?.Config ?? [];
    if (configs.length > 1) throw new InvalidParameterError('Burrow supports one IPv4 pool per network');
    const pool = this.pool(configs[0]);
    const rec: NetworkRecord = {
      ...this.record(name, 'bridge'),
      IPAM: { Driver: req.IPAM?.Driver ?? 'default', Options: req.IPAM?.Options ?? {}, Config: [pool] },
      Internal: req.Internal === true,
      Attachable: req.Attachable === true,
      Options: req.Options ?? {},
      Labels: req.Labels ?? {},
    };
    const params = this.bridgeParams(rec);
    if (params) await this.opts.plumbing.ensureBridge(params);
    await this.save(rec);
    this.opts.events?.emit('network', 'create', rec.Id, { name: rec.Name, type: rec.Driver });
    return { Id: rec.Id, Warning: '' };
  }

  async remove(nameOrId: string): Promise<void> {
    const rec = this.get(nameOrId);
    if (this.isPredefined(rec)) throw new ForbiddenError(`${rec.Name} is a pre-defined network and cannot be removed`);
    if (this.opts.endpoints(rec.Id).length > 0) throw new ForbiddenError(`error while removing network: network ${rec.Name} id ${rec.Id} has active endpoints`);
    const params = this.bridgeParams(rec);
    if (params) await this.opts.plumbing.removeBridge(params);
    await rm(join(this.opts.root, `${rec.Id}.json`), { force: true });
    this.records.delete(rec.Id);
    this.pools.delete(rec.Id);
    this.opts.events?.emit('network', 'destroy', rec.Id, { name: rec.Name, type: rec.Driver });
  }

  async prune(filtersRaw: string | null): Promise<{ NetworksDeleted: string[] | null }> {
    const f = parseFilters(filtersRaw, PRUNE_FILTERS);
    const until = f.get('until')?.map((t) => (/^\d+(\.\d+)?$/.test(t) ? Number(t) * 1000 : Date.parse(t)));
    const deleted: string[] = [];
    for (const rec of [...this.records.values()]) {
      if (this.isPredefined(rec) || this.opts.endpoints(rec.Id).length > 0) continue;
      if (!labelsMatch(f.get('label'), rec.Labels)) continue;
      if (f.get('label!')?.some((l) => labelsMatch([l], rec.Labels)) === true) continue;
      if (until?.some((t) => Date.parse(rec.Created) >= t) === true) continue;
      await this.remove(rec.Id);
      deleted.push(rec.Name);
    }
    this.opts.events?.emit('network', 'prune', '', { reclaimed: '0' });
    return { NetworksDeleted: deleted.length > 0 ? deleted : null };
  }
}
