// One container's interface on a bridge (≈ libnetwork's sandbox join): a veth pair whose outer end
// joins the bridge in the engine's network namespace and whose inner end becomes ethN in the
// container's, with the address, MAC, MTU and (for the first network) the default route. The pair
// goes away by itself with the container's network namespace.
import { randomBytes } from 'node:crypto';
import { isIPv4 } from 'node:net';
import { InvalidParameterError } from '../../base/errors.js';
import { inNetns, netnsOf } from './shell.js';

export interface EndpointParams {
  /** The container's init process, whose network namespace gets the interface. */
  pid: number;
  /** "eth0", "eth1", … */
  ifname: string;
  bridge: string;
  ip: string;
  prefixLen: number;
  gateway: string;
  mac: string;
  mtu: number;
  /** Only the first network's gateway becomes the default route. */
  defaultRoute: boolean;
  /**
   * Sends the container's 127.0.0.11:53 to this gateway, where the engine's DNS answers (as
   * dockerd's embedded resolver does on user-defined networks).
   */
  dnsRedirect: boolean;
}

const MAC = /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/;
const IFNAME = /^[A-Za-z0-9_.-]{1,15}$/;

/** The nft rules that make 127.0.0.11 the container's resolver, as dockerd's iptables rules do. */
export function dnsRedirectRules(gateway: string): string {
  return [
    'table ip burrow-dns {',
    '  chain out { type nat hook output priority -100; policy accept;',
    `    ip daddr 127.0.0.11 udp dport 53 dnat to ${gateway}:53`,
    `    ip daddr 127.0.0.11 tcp dport 53 dnat to ${gateway}:53`,
    '  }',
    '  chain post { type nat hook postrouting priority srcnat; policy accept;',
    `    ip daddr ${gateway} meta l4proto { tcp, udp } th dport 53 masquerade`,
    '  }',
    '}',
  ].join('\n');
}

function check(p: EndpointParams): void {
  const ok = Number.isInteger(p.pid) && p.pid > 0 && IFNAME.test(p.ifname) && IFNAME.test(p.bridge) && isIPv4(p.ip) && isIPv4(p.gateway)
    && MAC.test(p.mac) && Number.isInteger(p.prefixLen) && p.prefixLen >= 1 && p.prefixLen <= 32 && Number.isInteger(p.mtu);
  if (!ok) throw new InvalidParameterError(`invalid endpoint ${JSON.stringify(p)}`);
}

/** Creates the interface; resolves with the outer end's name, which disconnect deletes. */
export async function attachEndpoint(engineNetns: string, p: EndpointParams): Promise<string> {
  check(p);
  const veth = `veth${randomBytes(4).toString('hex').slice(0, 7)}`;
  const inner = [
    'ip link set lo up',
    `ip link set ${p.ifname} address ${p.mac} mtu ${p.mtu} up`,
    `ip addr add ${p.ip}/${p.prefixLen} dev ${p.ifname}`,
    ...(p.defaultRoute ? [`ip route replace default via ${p.gateway}`] : []),
    // the redirected packets leave with a loopback source, which the kernel drops unless allowed
    ...(p.dnsRedirect ? ['echo 1 > /proc/sys/net/ipv4/conf/all/route_localnet', `nft -f - <<'EOF'\n${dnsRedirectRules(p.gateway)}\nEOF`] : []),
  ].join('\n');
  await inNetns(engineNetns, [
    `ip link add ${veth} mtu ${p.mtu} type veth peer name ${p.ifname} netns ${p.pid}`,
    `ip link set ${veth} master ${p.bridge} up`,
    `nsenter --net=${netnsOf(p.pid)} /bin/sh -ec "$BURROW_INNER"`,
  ].join('\n'), { BURROW_INNER: inner });
  return veth;
}

/** Removes an interface from a running container (network disconnect). */
export async function detachEndpoint(engineNetns: string, veth: string): Promise<void> {
  if (!IFNAME.test(veth)) throw new InvalidParameterError(`invalid interface name ${JSON.stringify(veth)}`);
  await inNetns(engineNetns, `ip link del ${veth} 2>/dev/null || true`);
}
