// Bridges inside the engine's network namespace (≈ libnetwork's bridge driver): the Linux bridge
// with the gateway address, and an nftables table per bridge for what dockerd does with iptables:
// masquerade out of the namespace, isolation between bridges (DOCKER-ISOLATION), and --internal.
import { isIPv4 } from 'node:net';
import { InvalidParameterError } from '../../base/errors.js';
import type { BridgeParams, BridgePlumbing } from '../types.js';
import { inNetns } from './shell.js';

const IFNAME = /^[A-Za-z0-9_.-]{1,15}$/;
const CIDR = /^(\d{1,3}(?:\.\d{1,3}){3})\/(\d{1,2})$/;

function checked(p: BridgeParams): BridgeParams {
  if (!IFNAME.test(p.bridge)) throw new InvalidParameterError(`invalid bridge name ${JSON.stringify(p.bridge)}: 1-15 letters, digits, '_', '.', '-'`);
  const m = CIDR.exec(p.subnet);
  if (!m || !isIPv4(m[1] ?? '') || Number(m[2]) > 32) throw new InvalidParameterError(`invalid subnet ${JSON.stringify(p.subnet)}`);
  if (!isIPv4(p.gateway)) throw new InvalidParameterError(`invalid gateway ${JSON.stringify(p.gateway)}`);
  if (!Number.isInteger(p.mtu) || p.mtu < 68 || p.mtu > 65535) throw new InvalidParameterError(`invalid MTU ${p.mtu}`);
  return p;
}

export function natTableName(bridge: string): string {
  return `burrow-${bridge}`;
}

/** The nft script for one bridge: recreated whole, so it is idempotent and atomic. */
export function bridgeRules(p: BridgeParams): string {
  const br = JSON.stringify(p.bridge);
  const table = natTableName(p.bridge);
  const forward = [
    // traffic between two bridges is dropped, as dockerd isolates its networks
    `iifname ${br} oifname "br-*" oifname != ${br} drop`,
    ...(p.bridge === 'docker0' ? [] : [`iifname ${br} oifname "docker0" drop`]),
    ...(p.internal ? [`iifname ${br} oifname != ${br} drop`, `oifname ${br} iifname != ${br} drop`] : []),
  ];
  const nat = !p.internal && p.masquerade ? [`chain post { type nat hook postrouting priority srcnat; policy accept; ip saddr ${p.subnet} oifname != ${br} masquerade; }`] : [];
  return [
    `table ip ${table}`,
    `delete table ip ${table}`,
    `table ip ${table} {`,
    ...nat.map((l) => `  ${l}`),
    `  chain isolate { type filter hook forward priority filter; policy accept;`,
    ...forward.map((l) => `    ${l}`),
    '  }',
    '}',
  ].join('\n');
}

export interface NetnsBridgeOptions {
  /** The namespace the bridges live in (the holder's). */
  netns: string;
  /** dockerd's --iptables: false leaves filtering and NAT to the user. */
  firewall: boolean;
}

export class NetnsBridges implements BridgePlumbing {
  constructor(private readonly opts: NetnsBridgeOptions) {}

  async ensureBridge(params: BridgeParams): Promise<void> {
    const p = checked(params);
    const prefix = p.subnet.split('/')[1] ?? '';
    const script = [
      `ip link show ${p.bridge} >/dev/null 2>&1 || ip link add ${p.bridge} type bridge`,
      `ip link set ${p.bridge} mtu ${p.mtu}`,
      `ip addr replace ${p.gateway}/${prefix} dev ${p.bridge}`,
      `ip link set ${p.bridge} up`,
      'echo 1 > /proc/sys/net/ipv4/ip_forward',
      ...(this.opts.firewall ? [`nft -f - <<'EOF'\n${bridgeRules(p)}\nEOF`] : []),
    ].join('\n');
    await inNetns(this.opts.netns, script);
  }

  async removeBridge(params: BridgeParams): Promise<void> {
    const p = checked(params);
    await inNetns(this.opts.netns, [
      `ip link del ${p.bridge} 2>/dev/null || true`,
      ...(this.opts.firewall ? [`nft delete table ip ${natTableName(p.bridge)} 2>/dev/null || true`] : []),
    ].join('\n'));
  }
}
