// Public surface of the network domain.
export type { Allocation, BridgeParams, BridgePlumbing, EndpointView, IpamPool, NetworkRecord } from './types.js';
export type { EndpointConfig } from './endpoint-config.js';
export { NetworkService, type NetworkCreateRequest, type NetworkServiceOptions } from './service.js';
export { NetnsBridges } from './netns/bridge.js';
export { attachEndpoint, detachEndpoint, type EndpointParams } from './netns/endpoint.js';
export { netnsOf } from './netns/shell.js';
export { bindInNetns, type BindSpec } from './netns/socket-binder.js';
export { BridgesWithDns } from './dns-plumbing.js';
export { EmbeddedDns, hostResolvers } from './dns/index.js';
export { PortPublisher, parsePortKey, wantedPorts, type PortForwarder, type PublishedPort, type WantedPort } from './ports.js';
