// A container's settings for one network, as POST /containers/create (NetworkingConfig) and
// POST /networks/{id}/connect (EndpointConfig) carry them.
export interface EndpointConfig {
  IPAMConfig?: { IPv4Address?: string; IPv6Address?: string } | null;
  Aliases?: string[] | null;
  Links?: string[] | null;
  DriverOpts?: Record<string, string> | null;
}
