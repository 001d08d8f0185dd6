// The network domain's shared shapes: a network as dockerd stores and shows it, one container's
// attachment to it, and the namespace-side work (bridges) the records ask for.

export interface IpamPool {
  Subnet: string;
  Gateway: string;
  IPRange?: string;
  AuxiliaryAddresses?: Record<string, string>;
}

/** A network as dockerd keeps it; list and inspect add Containers. */
export interface NetworkRecord {
  Name: string;
  Id: string;
  /** RFC3339Nano (Ryuk parses it). */
  Created: string;
  Scope: 'local';
  Driver: 'bridge' | 'host' | 'null';
  EnableIPv6: boolean;
  IPAM: { Driver: string; Options: Record<string, string> | null; Config: IpamPool[] };
  Internal: boolean;
  Attachable: boolean;
  Ingress: boolean;
  ConfigFrom: { Network: string };
  ConfigOnly: boolean;
  Options: Record<string, string>;
  Labels: Record<string, string>;
}

/** One container's attachment, as GET /networks/{id} lists it under Containers. */
export interface EndpointView {
  containerId: string;
  Name: string;
  EndpointID: string;
  MacAddress: string;
  /** "172.18.0.2/16" */
  IPv4Address: string;
  IPv6Address: string;
}

/** What a bridge network needs inside the engine's network namespace. */
export interface BridgeParams {
  /** "docker0" for the default bridge, else "br-<first 12 of id>" or com.docker.network.bridge.name. */
  bridge: string;
  /** "172.18.0.0/16" */
  subnet: string;
  /** "172.18.0.1" */
  gateway: string;
  /** --internal: no route out (no NAT), reachable only from its own containers. */
  internal: boolean;
  /** com.docker.network.bridge.enable_ip_masquerade (default true). */
  masquerade: boolean;
  mtu: number;
}

/** The namespace side of networks; implemented in src/network/netns/. */
export interface BridgePlumbing {
  /** Idempotent: the bridge exists, has the gateway address, is up, and NAT rules are in place. */
  ensureBridge(params: BridgeParams): Promise<void>;
  /** Idempotent: the bridge and its NAT rules are gone. */
  removeBridge(params: BridgeParams): Promise<void>;
}

/** An address handed out to one container on one network. */
export interface Allocation {
  /** "172.18.0.2" */
  ip: string;
  prefixLen: number;
  gateway: string;
  /** 02:42 + the address, as dockerd derives it. */
  mac: string;
}
