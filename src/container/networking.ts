// A container's networks (≈ libnetwork's sandbox and endpoints, as dockerd drives them): which
// networks it joins at create, addresses and veths at start, published ports, the names other
// containers resolve it by, and the release of all of it when the container stops.
import { randomBytes } from 'node:crypto';
import { ConflictError, ForbiddenError, InvalidParameterError, NotFoundError, SystemError, errorMessage } from '../base/errors.js';
import type { Logger } from '../base/log.js';
import type { Allocation, BridgeParams, EndpointConfig, EndpointView, NetworkRecord } from '../network/index.js';
import { attachEndpoint, detachEndpoint, netnsOf, wantedPorts, type PortPublisher, type PublishedPort } from '../network/index.js';
import type { NetworkNamespace } from './spec/index.js';
import type { EventLog } from '../events/event-log.js';

/** One network in `docker inspect`'s NetworkSettings.Networks. */
export interface EndpointSettings {
  IPAMConfig: { IPv4Address?: string } | null;
  Links: string[] | null;
  Aliases: string[] | null;
  NetworkID: string;
  EndpointID: string;
  Gateway: string;
  IPAddress: string;
  IPPrefixLen: number;
  IPv6Gateway: string;
  GlobalIPv6Address: string;
  GlobalIPv6PrefixLen: number;
  MacAddress: string;
  DriverOpts: Record<string, string> | null;
}

/** What a container record keeps about its networks. */
export interface ContainerNetworkState {
  /** By network name, in the order the container joined them. */
  Networks: Record<string, EndpointSettings>;
  /** Forwards open while the container runs. */
  Ports: PublishedPort[];
  /** Outer veth names while the container runs, by network name, for disconnect. */
  Veths: Record<string, string>;
}

/** The part of a container record networking reads and writes. */
export interface NetworkedContainer {
  Id: string;
  Name: string;
  Config: { Hostname?: string };
  HostConfig: {
    NetworkMode?: string;
    PortBindings?: Record<string, { HostIp?: string; HostPort?: string }[] | null> | null;
    PublishAllPorts?: boolean;
  };
  State: { Running: boolean; Pid: number };
  NetworkSettings: ContainerNetworkState;
}

/** The network records (NetworkService). */
export interface NetworkDirectory {
  get(nameOrId: string): NetworkRecord;
  allocate(networkId: string, requested?: string): Allocation;
  release(networkId: string, ip: string): void;
  bridgeParams(rec: NetworkRecord): BridgeParams | undefined;
  isPredefined(rec: NetworkRecord): boolean;
  bridgesReady(): Promise<void>;
}

export interface NetworkingDeps {
  logger: Logger;
  networks: NetworkDirectory;
  /** Absent when the daemon runs without a port driver. */
  ports: PortPublisher | undefined;
  /** The engine's network namespace, where the bridges are. */
  engineNetns: string;
  /** Looks a container up by name or id (network mode container:<x>, connect). */
  container(nameOrId: string): NetworkedContainer;
  containers(): readonly NetworkedContainer[];
  events?: EventLog;
  save(rec: NetworkedContainer): Promise<void>;
  /** The image's ExposedPorts with the container's own, for -P. */
  exposedPorts(c: NetworkedContainer): Promise<Record<string, unknown>>;
}

/** What launch needs from the networks before the runtime creates the container. */
export interface PreparedNetwork {
  namespace: NetworkNamespace;
  /** The container's address on its first network, for /etc/hosts. */
  ip: string | undefined;
  /** On a user-defined network the embedded DNS answers at 127.0.0.11. */
  embeddedDns: boolean;
}

const EMPTY_ENDPOINT: Omit<EndpointSettings, 'NetworkID' | 'IPAMConfig' | 'Aliases'> = {
  Links: null, EndpointID: '', Gateway: '', IPAddress: '', IPPrefixLen: 0, IPv6Gateway: '', GlobalIPv6Address: '', GlobalIPv6PrefixLen: 0, MacAddress: '', DriverOpts: null,
};

type Mode = { kind: 'bridge'; network: string } | { kind: 'host' } | { kind: 'none' } | { kind: 'container'; target: string };

/** NetworkMode as dockerd reads it: "default" is the bridge. */
export function networkMode(mode: string | undefined): Mode {
  const m = mode ?? '';
  if (m === '' || m === 'default' || m === 'bridge') return { kind: 'bridge', network: 'bridge' };
  if (m === 'host') return { kind: 'host' };
  if (m === 'none') return { kind: 'none' };
  if (m.startsWith('container:')) {
    const target = m.slice('container:'.length);
    if (target === '') throw new InvalidParameterError('Invalid network mode: invalid container format container:<name|id>');
    return { kind: 'container', target };
  }
  return { kind: 'bridge', network: m };
}

/** A copy without one key, keeping the order of the rest (the order networks were joined in). */
function without<T>(record: Record<string, T>, key: string): Record<string, T> {
  return Object.fromEntries(Object.entries(record).filter(([k]) => k !== key));
}

function endpointId(): string {
  return randomBytes(32).toString('hex');
}

export class ContainerNetworking {
  constructor(private readonly deps: NetworkingDeps) {}

  /** POST /containers/create: the networks the container will join, checked now as dockerd does. */
  plan(id: string, hostConfig: NetworkedContainer['HostConfig'], endpoints: Record<string, EndpointConfig | null> | null | undefined): ContainerNetworkState {
    const mode = networkMode(hostConfig.NetworkMode);
    const configs = Object.entries(endpoints ?? {});
    if (configs.length > 1) throw new InvalidParameterError(`Container cannot be connected to network endpoints: ${configs.map(([k]) => k).join(', ')}`);
    wantedPorts(hostConfig.PortBindings, undefined, false);
    const state: ContainerNetworkState = { Networks: {}, Ports: [], Veths: {} };
    if (mode.kind === 'container') {
      if (mode.target === id) throw new InvalidParameterError('cannot join own network');
      return state;
    }
    if (mode.kind === 'host' || mode.kind === 'none') {
      const rec = this.deps.networks.get(mode.kind);
      state.Networks[rec.Name] = { ...EMPTY_ENDPOINT, IPAMConfig: null, Aliases: null, NetworkID: rec.Id };
      return state;
    }
    const rec = this.deps.networks.get(mode.network);
    const config = configs[0]?.[1] ?? null;
    state.Networks[rec.Name] = this.endpointSettings(rec, config);
    return state;
  }

  private endpointSettings(rec: NetworkRecord, config: EndpointConfig | null): EndpointSettings {
    const aliases = config?.Aliases ?? [];
    if (aliases.length > 0 && this.deps.networks.isPredefined(rec)) throw new InvalidParameterError('network-scoped alias is supported only for containers in user defined networks');
    const requested = config?.IPAMConfig?.IPv4Address;
    if (requested !== undefined && requested !== '' && this.deps.networks.isPredefined(rec)) throw new InvalidParameterError('user specified IP address is supported on user defined networks only');
    return {
      ...EMPTY_ENDPOINT,
      IPAMConfig: requested !== undefined && requested !== '' ? { IPv4Address: requested } : null,
      Aliases: aliases.length > 0 ? [...aliases] : null,
      Links: config?.Links ?? null,
      NetworkID: rec.Id,
    };
  }

  /** Before the runtime creates the container: its namespace, and addresses on every network. */
  prepare(c: NetworkedContainer): PreparedNetwork {
    const mode = networkMode(c.HostConfig.NetworkMode);
    // the engine's namespace (the reference: "--net=host is also namespaced inside RootlessKit"),
    // which is not the engine process's own when it stays in the host's (--detach-netns)
    if (mode.kind === 'host') return { namespace: { path: this.deps.engineNetns, host: true }, ip: undefined, embeddedDns: false };
    if (mode.kind === 'container') {
      const target = this.deps.container(mode.target);
      if (!target.State.Running) throw new ConflictError(`cannot join network of a non running container: ${target.Id}`);
      return { namespace: { path: netnsOf(target.State.Pid) }, ip: undefined, embeddedDns: false };
    }
    let first: string | undefined;
    let embeddedDns = false;
    try {
      for (const [name, ep] of Object.entries(c.NetworkSettings.Networks)) {
        const rec = this.deps.networks.get(ep.NetworkID || name);
        if (!this.deps.networks.bridgeParams(rec)) continue;
        const a = this.deps.networks.allocate(rec.Id, ep.IPAMConfig?.IPv4Address ?? (ep.IPAddress || undefined));
        Object.assign(ep, { IPAddress: a.ip, IPPrefixLen: a.prefixLen, Gateway: a.gateway, MacAddress: a.mac, EndpointID: endpointId() });
        if (!this.deps.networks.isPredefined(rec)) {
          embeddedDns = true;
          const short = c.Id.slice(0, 12);
          // compose reconnects a container on every `up` whose aliases lack its short id
          if (!(ep.Aliases ?? []).includes(short)) ep.Aliases = [...(ep.Aliases ?? []), short];
        }
        first ??= a.ip;
      }
    } catch (err) {
      this.releaseAddresses(c);
      throw err;
    }
    return { namespace: 'none', ip: first, embeddedDns };
  }

  /** After the runtime created the container (its namespace exists): interfaces, then ports. */
  async attach(c: NetworkedContainer, pid: number): Promise<void> {
    await this.deps.networks.bridgesReady();
    let index = 0;
    for (const [name, ep] of Object.entries(c.NetworkSettings.Networks)) {
      if (ep.IPAddress === '') continue;
      const rec = this.deps.networks.get(ep.NetworkID || name);
      const bridge = this.deps.networks.bridgeParams(rec);
      if (!bridge) continue;
      c.NetworkSettings.Veths[name] = await attachEndpoint(this.deps.engineNetns, {
        pid, ifname: `eth${index}`, bridge: bridge.bridge, ip: ep.IPAddress, prefixLen: ep.IPPrefixLen, gateway: ep.Gateway, mac: ep.MacAddress,
        mtu: bridge.mtu, defaultRoute: index === 0, dnsRedirect: index === 0 && !this.deps.networks.isPredefined(rec),
      });
      index++;
    }
    await this.publish(c);
  }

  private async publish(c: NetworkedContainer): Promise<void> {
    const publishAll = c.HostConfig.PublishAllPorts === true;
    const wanted = wantedPorts(c.HostConfig.PortBindings, publishAll ? await this.deps.exposedPorts(c) : undefined, publishAll);
    if (wanted.length === 0) return;
    const ep = Object.values(c.NetworkSettings.Networks).find((e) => e.IPAddress !== '');
    if (!ep) return;
    if (!this.deps.ports) throw new InvalidParameterError('cannot publish ports: the daemon runs without a port driver (DOCKERD_ROOTLESS_ROOTLESSKIT_PORT_DRIVER=none)');
    try {
      c.NetworkSettings.Ports = await this.deps.ports.publish(ep.IPAddress, wanted);
    } catch (err) {
      throw new SystemError(`driver failed programming external connectivity on endpoint ${c.Name.replace(/^\//, '')} (${ep.EndpointID}): Error starting userland proxy: error while calling PortManager.AddPort(): ${errorMessage(err)}`, { cause: err });
    }
  }

  /** The container stopped (or failed to start): its forwards close and its addresses are free again. */
  async release(c: NetworkedContainer): Promise<void> {
    const ports = c.NetworkSettings.Ports;
    c.NetworkSettings.Ports = [];
    c.NetworkSettings.Veths = {};
    if (ports.length > 0 && this.deps.ports) await this.deps.ports.unpublish(ports);
    this.releaseAddresses(c);
  }

  private releaseAddresses(c: NetworkedContainer): void {
    for (const [name, ep] of Object.entries(c.NetworkSettings.Networks)) {
      if (ep.IPAddress === '') continue;
      try {
        this.deps.networks.release(ep.NetworkID || this.deps.networks.get(name).Id, ep.IPAddress);
      } catch (err) {
        this.deps.logger.debug('address release failed', { id: c.Id, network: name, error: errorMessage(err) });
      }
      Object.assign(ep, { ...EMPTY_ENDPOINT, IPAMConfig: ep.IPAMConfig, Aliases: ep.Aliases, Links: ep.Links, NetworkID: ep.NetworkID });
    }
  }

  /** After an engine restart: a running container keeps its addresses, and its ports open again. */
  async adopt(c: NetworkedContainer): Promise<void> {
    for (const ep of Object.values(c.NetworkSettings.Networks)) {
      if (ep.IPAddress === '') continue;
      try {
        this.deps.networks.allocate(ep.NetworkID, ep.IPAddress);
      } catch (err) {
        this.deps.logger.warn('could not keep a running container\'s address', { id: c.Id, ip: ep.IPAddress, error: errorMessage(err) });
      }
    }
    c.NetworkSettings.Ports = [];
    await this.publish(c).catch((err: unknown) => { this.deps.logger.warn('could not publish a running container\'s ports again', { id: c.Id, error: errorMessage(err) }); });
  }

  /** POST /networks/{id}/connect, for a created or a running container. */
  async connect(network: string, container: string, config: EndpointConfig | null): Promise<void> {
    const c = this.deps.container(container);
    const rec = this.deps.networks.get(network);
    const mode = networkMode(c.HostConfig.NetworkMode);
    if (mode.kind === 'container' || mode.kind === 'host' || mode.kind === 'none' || rec.Driver !== 'bridge') {
      throw new ForbiddenError(`container cannot be disconnected from host network or connected to host network`);
    }
    if (c.NetworkSettings.Networks[rec.Name]) throw new ForbiddenError(`endpoint with name ${c.Name.replace(/^\//, '')} already exists in network ${rec.Name}`);
    const ep = this.endpointSettings(rec, config);
    c.NetworkSettings.Networks[rec.Name] = ep;
    if (c.State.Running) {
      try {
        const bridge = this.deps.networks.bridgeParams(rec);
        if (!bridge) throw new InvalidParameterError(`network ${rec.Name} has no bridge`);
        const a = this.deps.networks.allocate(rec.Id, ep.IPAMConfig?.IPv4Address);
        Object.assign(ep, { IPAddress: a.ip, IPPrefixLen: a.prefixLen, Gateway: a.gateway, MacAddress: a.mac, EndpointID: endpointId() });
        if (!this.deps.networks.isPredefined(rec)) ep.Aliases = [...(ep.Aliases ?? []), c.Id.slice(0, 12)];
        const index = Object.keys(c.NetworkSettings.Veths).length;
        c.NetworkSettings.Veths[rec.Name] = await attachEndpoint(this.deps.engineNetns, {
          pid: c.State.Pid, ifname: `eth${index}`, bridge: bridge.bridge, ip: a.ip, prefixLen: a.prefixLen, gateway: a.gateway, mac: a.mac,
          mtu: bridge.mtu, defaultRoute: index === 0, dnsRedirect: false,
        });
      } catch (err) {
        if (ep.IPAddress !== '') this.deps.networks.release(rec.Id, ep.IPAddress);
        c.NetworkSettings.Networks = without(c.NetworkSettings.Networks, rec.Name);
        throw err;
      }
    }
    await this.deps.save(c);
    this.emit('connect', rec, c);
  }

  private emit(action: string, net: NetworkRecord, c: NetworkedContainer): void {
    this.deps.events?.emit('network', action, net.Id, { container: c.Id, name: net.Name, type: net.Driver });
  }

  /** POST /networks/{id}/disconnect; dockerd's force only matters for swarm, so it is accepted and unused. */
  async disconnect(network: string, container: string): Promise<void> {
    const c = this.deps.container(container);
    const rec = this.deps.networks.get(network);
    const ep = c.NetworkSettings.Networks[rec.Name];
    if (!ep) throw new ForbiddenError(`container ${c.Id} is not connected to network ${rec.Name}`);
    if (rec.Driver !== 'bridge') throw new ForbiddenError('container cannot be disconnected from host network or connected to host network');
    const veth = c.NetworkSettings.Veths[rec.Name];
    if (veth !== undefined) await detachEndpoint(this.deps.engineNetns, veth);
    if (ep.IPAddress !== '') this.deps.networks.release(rec.Id, ep.IPAddress);
    c.NetworkSettings.Networks = without(c.NetworkSettings.Networks, rec.Name);
    c.NetworkSettings.Veths = without(c.NetworkSettings.Veths, rec.Name);
    await this.deps.save(c);
    this.emit('disconnect', rec, c);
  }

  /** GET /networks/{id}'s Containers, from the containers that have an address on it. */
  endpoints(networkId: string): EndpointView[] {
    const out: EndpointView[] = [];
    for (const c of this.deps.containers()) {
      for (const ep of Object.values(c.NetworkSettings.Networks)) {
        if (ep.NetworkID !== networkId || (ep.IPAddress === '' && !c.State.Running)) continue;
        out.push({
          containerId: c.Id, Name: c.Name.replace(/^\//, ''), EndpointID: ep.EndpointID, MacAddress: ep.MacAddress,
          IPv4Address: ep.IPAddress === '' ? '' : `${ep.IPAddress}/${ep.IPPrefixLen}`, IPv6Address: '',
        });
      }
    }
    return out;
  }

  /** The embedded DNS's answer: running containers on the network by name, alias or id prefix. */
  resolve(networkId: string, name: string): string[] | undefined {
    const wanted = name.toLowerCase().replace(/\.$/, '');
    const ips: string[] = [];
    for (const c of this.deps.containers()) {
      if (!c.State.Running) continue;
      const ep = Object.values(c.NetworkSettings.Networks).find((e) => e.NetworkID === networkId && e.IPAddress !== '');
      if (!ep) continue;
      const names = [c.Name.replace(/^\//, ''), ...(ep.Aliases ?? [])].map((n) => n.toLowerCase());
      if (names.includes(wanted) || (wanted.length >= 12 && c.Id.startsWith(wanted))) ips.push(ep.IPAddress);
    }
    return ips.length > 0 ? ips : undefined;
  }

  /** The embedded DNS's PTR answer. */
  reverse(networkId: string, ip: string): string | undefined {
    for (const c of this.deps.containers()) {
      const ep = Object.values(c.NetworkSettings.Networks).find((e) => e.NetworkID === networkId && e.IPAddress === ip);
      if (ep && c.State.Running) return c.Name.replace(/^\//, '');
    }
    return undefined;
  }

  /** The network a name refers to, for network filters (ps --filter network=). */
  networkOf(nameOrId: string): NetworkRecord | undefined {
    try {
      return this.deps.networks.get(nameOrId);
    } catch (err) {
      if (err instanceof NotFoundError) return undefined;
      throw err;
    }
  }
}
