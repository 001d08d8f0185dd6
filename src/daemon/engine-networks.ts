// The engine's networks, wired: bridges in the holder's network namespace (with the embedded DNS
// on user-defined ones), the network records, and published ports through the parent's API.
import { readlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../base/log.js';
import type { ContainerService } from '../container/index.js';
import type { EventLog } from '../events/event-log.js';
import { BridgesWithDns, EmbeddedDns, hostResolvers, NetnsBridges, NetworkService, PortPublisher, netnsOf } from '../network/index.js';
import { RootlessApiClient } from '../rootless/api/client.js';
import type { EngineConfig } from './engine-config.js';

/** slirp4netns' and pasta's DNS forwarder, for an engine that shares the containers' namespace. */
const DRIVER_DNS = '10.0.2.3';

export interface EngineNetworks {
  netns: string;
  networks: NetworkService;
  ports: PortPublisher | undefined;
}

/** The host's resolvers are reachable when the engine stays in the host's network namespace (--detach-netns). */
async function upstreamResolvers(netns: string): Promise<string[]> {
  const [own, holder] = await Promise.all([readlink('/proc/self/ns/net').catch(() => ''), readlink(netns).catch(() => '')]);
  return own !== '' && own === holder ? [DRIVER_DNS] : hostResolvers();
}

export async function startNetworks(config: EngineConfig, log: Logger, events: EventLog, containers: () => ContainerService | undefined): Promise<EngineNetworks> {
  const netns = netnsOf(config.holderPid);
  // the DNS answers only once the records exist, which need the DNS's plumbing first
  const networkOfBridge = (bridge: string): string | undefined =>
    networks.list(null).find((n) => networks.bridgeParams(networks.get(n.Id))?.bridge === bridge)?.Id;
  const upstream = await upstreamResolvers(netns);
  const dns = new EmbeddedDns({
    logger: log,
    upstream: () => upstream,
    lookup: (bridge, name) => {
      const id = networkOfBridge(bridge);
      return id === undefined ? undefined : containers()?.networking.resolve(id, name);
    },
    reverse: (bridge, ip) => {
      const id = networkOfBridge(bridge);
      return id === undefined ? undefined : containers()?.networking.reverse(id, ip);
    },
  });
  const plumbing = new BridgesWithDns(new NetnsBridges({ netns, firewall: config.network.firewall }), dns, netns, log);
  const networks = new NetworkService({
    logger: log,
    root: join(config.dataRoot, 'network'),
    plumbing,
    endpoints: (id) => containers()?.networking.endpoints(id) ?? [],
    mtu: config.network.mtu,
    events,
    ...(config.network.bip !== undefined ? { bip: config.network.bip } : {}),
    ...(config.network.defaultAddressPools ? { defaultAddressPools: config.network.defaultAddressPools } : {}),
  });
  await networks.open();
  const ports = config.portDriver === 'none' ? undefined : new PortPublisher(new RootlessApiClient(join(config.stateDir, 'api.sock')));
  return { netns, networks, ports };
}
