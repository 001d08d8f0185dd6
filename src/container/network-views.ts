// NetworkSettings as `docker inspect` and `docker ps` show them: the live forwards by container
// port (null for a port exposed but not published), and the default bridge's endpoint copied to
// the top level, as dockerd still does for old clients.
import type { ContainerNetworkState, EndpointSettings } from './networking.js';
import { parsePortKey } from '../network/index.js';

interface Shown {
  State: { Running: boolean; Pid: number };
  NetworkSettings: ContainerNetworkState;
}

function exposedKeys(exposed: Record<string, unknown> | null | undefined): string[] {
  return Object.keys(exposed ?? {}).map((k) => {
    const { port, proto } = parsePortKey(k);
    return `${port}/${proto}`;
  });
}

export function portsView(c: Shown, exposed: Record<string, unknown> | null | undefined): Record<string, { HostIp: string; HostPort: string }[] | null> {
  if (!c.State.Running) return {};
  const out: Record<string, { HostIp: string; HostPort: string }[] | null> = {};
  for (const k of exposedKeys(exposed)) out[k] = null;
  for (const p of c.NetworkSettings.Ports) (out[p.key] ??= []).push({ HostIp: p.hostIp, HostPort: String(p.hostPort) });
  return out;
}

/** `docker ps`'s Ports: published first, then exposed-only, each sorted as the CLI expects. */
export function portsSummary(c: Shown, exposed: Record<string, unknown> | null | undefined): Record<string, unknown>[] {
  if (!c.State.Running) return [];
  const published = c.NetworkSettings.Ports.map((p) => {
    const { port, proto } = parsePortKey(p.key);
    return { IP: p.hostIp, PrivatePort: port, PublicPort: p.hostPort, Type: proto };
  });
  const bound = new Set(c.NetworkSettings.Ports.map((p) => p.key));
  const exposedOnly = exposedKeys(exposed).filter((k) => !bound.has(k)).map((k) => {
    const { port, proto } = parsePortKey(k);
    return { PrivatePort: port, Type: proto };
  });
  return [...published, ...exposedOnly];
}

const TOP_LEVEL: (keyof EndpointSettings)[] = ['EndpointID', 'Gateway', 'GlobalIPv6Address', 'GlobalIPv6PrefixLen', 'IPAddress', 'IPPrefixLen', 'IPv6Gateway', 'MacAddress'];

export function networkSettingsView(c: Shown, exposed: Record<string, unknown> | null | undefined): Record<string, unknown> {
  const bridge = c.NetworkSettings.Networks.bridge;
  const top: Record<string, unknown> = {};
  for (const k of TOP_LEVEL) top[k] = bridge?.[k] ?? (typeof bridge?.[k] === 'number' ? 0 : k.endsWith('PrefixLen') ? 0 : '');
  return {
    Bridge: '',
    SandboxID: '',
    HairpinMode: false,
    LinkLocalIPv6Address: '',
    LinkLocalIPv6PrefixLen: 0,
    Ports: portsView(c, exposed),
    SandboxKey: c.State.Running ? `/proc/${c.State.Pid}/ns/net` : '',
    SecondaryIPAddresses: null,
    SecondaryIPv6Addresses: null,
    ...top,
    Networks: c.NetworkSettings.Networks,
  };
}
