// Where a redirected connection was going: nftables' redirect rewrote its destination to the
// egress proxy's port, and conntrack keeps the original. Node cannot ask the socket for it
// (SO_ORIGINAL_DST), so the proxy reads its namespace's /proc/net/nf_conntrack instead.

export interface OriginalDestination {
  host: string;
  port: number;
}

/**
 * Finds the TCP entry whose original source is the accepted peer and whose reply comes from the
 * proxy's own port, and returns the original destination.
 */
export function originalDestination(table: string, peer: { host: string; port: number }, proxyPort: number): OriginalDestination | undefined {
  for (const line of table.split('\n')) {
    if (!/\btcp\b/.test(line)) continue;
    const fields = [...line.matchAll(/\b(src|dst|sport|dport)=(\S+)/g)].map((m): [string, string] => [m[1] ?? '', m[2] ?? '']);
    // the first four are the original direction, the next four the reply
    const orig: Record<string, string | undefined> = Object.fromEntries(fields.slice(0, 4));
    const reply: Record<string, string | undefined> = Object.fromEntries(fields.slice(4, 8));
    if (orig.src === peer.host && orig.sport === String(peer.port) && reply.sport === String(proxyPort) && orig.dst !== undefined) {
      return { host: orig.dst, port: Number(orig.dport) };
    }
  }
  return undefined;
}
