// The embedded DNS of user-defined networks (≈ libnetwork's resolver at 127.0.0.11): containers'
// names and aliases on the network are answered here, everything else is forwarded as is to the
// host's resolvers. One instance serves every network; each network brings its bound sockets.
import { createSocket, type Socket as DgramSocket } from 'node:dgram';
import { connect, type Server, type Socket } from 'node:net';
import { isIPv6 } from 'node:net';
import type dnsPacket from 'dns-packet';
import { errorMessage } from '../../base/errors.js';
import type { Logger } from '../../base/log.js';

export interface EmbeddedDnsOptions {
  logger: Logger;
  /** The network's containers by name or alias. */
  lookup: (network: string, name: string) => string[] | undefined;
  /** A container's name by its address, for PTR queries. */
  reverse?: (network: string, ip: string) => string | undefined;
  /** "ip" or "ip:port", read on every forward. */
  upstream: () => string[];
  timeoutMs?: number;
}

/** dockerd answers its own names with this TTL. */
const TTL = 600;

function parseUpstream(text: string): { host: string; port: number } {
  const m = /^\[?([^\]]+?)\]?(?::(\d+))?$/.exec(text);
  if (!isIPv6(text) && m?.[2] !== undefined) return { host: m[1] ?? text, port: Number(m[2]) };
  return { host: text, port: 53 };
}

function ptrAddress(name: string): string | undefined {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\.in-addr\.arpa$/i.exec(name);
  return m ? [m[4], m[3], m[2], m[1]].join('.') : undefined;
}

type Codec = typeof dnsPacket;

export class EmbeddedDns {
  private readonly networks = new Map<string, { udp: DgramSocket; tcp: Server }>();
  /** Loaded with the first network served, not on the way to the engine's first request. */
  private codec: Promise<Codec> | undefined;

  constructor(private readonly opts: EmbeddedDnsOptions) {}

  /** Our own answer, or undefined to forward the query. */
  private answer(dnsPacket: Codec, network: string, query: Buffer): Buffer | undefined {
    const packet = dnsPacket.decode(query);
    const q = packet.questions?.[0];
    if (!q || packet.type !== 'query') return undefined;
    const name = q.name.replace(/\.$/, '').toLowerCase();
    const reply = (answers: dnsPacket.Answer[]): Buffer => dnsPacket.encode({
      id: packet.id ?? 0, type: 'response',
      flags: dnsPacket.AUTHORITATIVE_ANSWER | dnsPacket.RECURSION_AVAILABLE | ((packet.flags ?? 0) & dnsPacket.RECURSION_DESIRED),
      questions: [q], answers,
    });
    if (q.type === 'PTR') {
      const ip = ptrAddress(name);
      const found = ip === undefined ? undefined : this.opts.reverse?.(network, ip);
      return found === undefined ? undefined : reply([{ type: 'PTR', name: q.name, ttl: TTL, data: found }]);
    }
    const ips = this.opts.lookup(network, name);
    if (!ips) return undefined;
    // a known name has no AAAA: answer empty so that clients fall back to A at once, as dockerd does
    if (q.type !== 'A') return reply([]);
    return reply(ips.map((ip) => ({ type: 'A' as const, name: q.name, ttl: TTL, data: ip })));
  }

  private servfail(dnsPacket: Codec, query: Buffer): Buffer | undefined {
    try {
      const packet = dnsPacket.decode(query);
      return dnsPacket.encode({ id: packet.id ?? 0, type: 'response', flags: dnsPacket.RECURSION_AVAILABLE | 2, questions: packet.questions ?? [] });
    } catch {
      return undefined;
    }
  }

  /** The query answered by the first upstream that replies in time. */
  private async forward(dnsPacket: Codec, query: Buffer, tcp: boolean): Promise<Buffer | undefined> {
    for (const server of this.opts.upstream()) {
      const { host, port } = parseUpstream(server);
      const answer = await (tcp ? this.forwardTcp(query, host, port) : this.forwardUdp(query, host, port)).catch(() => undefined);
      if (answer) return answer;
    }
    return this.servfail(dnsPacket, query);
  }

  private forwardUdp(query: Buffer, host: string, port: number): Promise<Buffer | undefined> {
    return new Promise((resolve) => {
      const s = createSocket(isIPv6(host) ? 'udp6' : 'udp4');
      const done = (b: Buffer | undefined): void => {
        clearTimeout(timer);
        s.close();
        resolve(b);
      };
      const timer = setTimeout(() => { done(undefined); }, this.opts.timeoutMs ?? 2000);
      s.on('error', () => { done(undefined); });
      s.on('message', (m) => { if (m.readUInt16BE(0) === query.readUInt16BE(0)) done(m); });
      s.send(query, port, host);
    });
  }

  private forwardTcp(query: Buffer, host: string, port: number): Promise<Buffer | undefined> {
    return new Promise((resolve) => {
      const s = connect({ host, port });
      let buf = Buffer.alloc(0);
      const done = (b: Buffer | undefined): void => {
        clearTimeout(timer);
        s.destroy();
        resolve(b);
      };
      const timer = setTimeout(() => { done(undefined); }, this.opts.timeoutMs ?? 2000);
      s.on('error', () => { done(undefined); });
      s.on('data', (d: Buffer) => {
        buf = Buffer.concat([buf, d]);
        if (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) done(buf.subarray(2, 2 + buf.readUInt16BE(0)));
      });
      const len = Buffer.alloc(2);
      len.writeUInt16BE(query.length);
      s.end(Buffer.concat([len, query]));
    });
  }

  private async respond(network: string, query: Buffer, tcp: boolean): Promise<Buffer | undefined> {
    try {
      const codec = await (this.codec ??= import('dns-packet').then((m) => m.default));
      return this.answer(codec, network, query) ?? await this.forward(codec, query, tcp);
    } catch (err) {
      // a malformed query gets no answer, as from any resolver
      this.opts.logger.debug('dropped a DNS query', { network, error: errorMessage(err) });
      return undefined;
    }
  }

  private serveUdp(network: string, socket: DgramSocket): void {
    socket.on('message', (query, peer) => {
      void this.respond(network, query, false).then((answer) => {
        if (answer) socket.send(answer, peer.port, peer.address);
      });
    });
    socket.on('error', (err) => { this.opts.logger.debug('DNS socket error', { network, error: err.message }); });
  }

  private serveTcp(network: string, server: Server): void {
    server.on('connection', (conn: Socket) => {
      let buf = Buffer.alloc(0);
      conn.on('error', () => conn.destroy());
      conn.setTimeout(10_000, () => conn.destroy());
      conn.on('data', (d: Buffer) => {
        buf = Buffer.concat([buf, d]);
        while (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) {
          const query = buf.subarray(2, 2 + buf.readUInt16BE(0));
          buf = buf.subarray(2 + query.length);
          void this.respond(network, query, true).then((answer) => {
            if (!answer || conn.destroyed) return;
            const len = Buffer.alloc(2);
            len.writeUInt16BE(answer.length);
            conn.write(Buffer.concat([len, answer]));
          });
        }
      });
    });
  }

  /** Answers on a network's sockets, bound to its gateway's port 53, until close(). */
  serve(network: string, sockets: { udp: DgramSocket; tcp: Server }): void {
    this.networks.set(network, sockets);
    this.serveUdp(network, sockets.udp);
    this.serveTcp(network, sockets.tcp);
  }

  close(network: string): void {
    const s = this.networks.get(network);
    this.networks.delete(network);
    s?.udp.close();
    s?.tcp.close();
  }

  dispose(): void {
    for (const network of [...this.networks.keys()]) this.close(network);
  }
}
