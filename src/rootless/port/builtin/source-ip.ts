// Keeping the client's address (the reference's table marks this ❌ for builtin): the child
// connects from a private alias address, and an nftables map SNATs each alias to the client it
// stands for, so the container sees the real client and its replies come back by conntrack.
// Clients on the host's loopback appear as the address the container knows the host by.
import { execFile } from 'node:child_process';
import { isIPv4 } from 'node:net';

/** RFC 2544's benchmarking range: real networks do not use it, so an alias never hides a peer. */
const ALIAS_BASE = (198 << 24) + (18 << 16);
const MAX_ALIASES = 4096;
export const TABLE = 'burrow-ports';

export type Run = (file: string, args: string[], input?: string) => Promise<void>;

export const runTool: Run = (file, args, input) => new Promise((resolve, reject) => {
  const child = execFile(file, args, { timeout: 10_000 }, (err, _out, stderr) => {
    if (err) reject(new Error(`${file} ${args.join(' ')}: ${stderr.trim() || err.message}`));
    else resolve();
  });
  // a tool that exits without reading its stdin (ip) makes the write fail with EPIPE; its exit
  // status, not the pipe, says whether it worked
  child.stdin?.on('error', () => undefined);
  child.stdin?.end(input);
});

function aliasAddress(index: number): string {
  const n = ALIAS_BASE + 1 + index;
  return [24, 16, 8, 0].map((s) => (n >>> s) & 255).join('.');
}

/** The address a client is shown as, or undefined when it cannot be kept (IPv6). */
export function shownAs(client: string, loopbackAs: string | undefined): string | undefined {
  const v4 = client.replace(/^::ffff:/, '');
  if (v4 === '::1' || v4.startsWith('127.')) return loopbackAs;
  return isIPv4(v4) ? v4 : undefined;
}

/** Alias addresses by client, least recently used first out when the pool is full. */
export class AliasPool {
  private readonly byClient = new Map<string, { alias: string; ready: Promise<void> }>();
  private next = 0;

  /** The alias for a client; `setup` runs once for a new (or reassigned) one, before first use. */
  aliasFor(client: string, setup: (alias: string, previous: string | undefined) => Promise<void>): { alias: string; ready: Promise<void> } {
    const known = this.byClient.get(client);
    if (known) {
      this.byClient.delete(client);
      this.byClient.set(client, known);
      return known;
    }
    let alias: string;
    let previous: string | undefined;
    if (this.byClient.size < MAX_ALIASES) {
      alias = aliasAddress(this.next++);
    } else {
      const [oldest, entry] = this.byClient.entries().next().value as [string, { alias: string }];
      this.byClient.delete(oldest);
      alias = entry.alias;
      previous = oldest;
    }
    const entry = { alias, ready: setup(alias, previous) };
    this.byClient.set(client, entry);
    entry.ready.catch(() => { if (this.byClient.get(client) === entry) this.byClient.delete(client); });
    return entry;
  }
}

export class SourceAddresses {
  private readonly pool = new AliasPool();
  private readonly enabled: Promise<boolean>;

  constructor(private readonly loopbackAs: string | undefined, private readonly run: Run = runTool, private readonly warn: (msg: string) => void = () => undefined) {
    this.enabled = this.start();
  }

  private async start(): Promise<boolean> {
    const rules = [
      `table ip ${TABLE}`,
      `delete table ip ${TABLE}`,
      `table ip ${TABLE} {`,
      '  map client_src { type ipv4_addr : ipv4_addr; }',
      '  chain post { type nat hook postrouting priority srcnat; policy accept; snat to ip saddr map @client_src; }',
      '}',
    ].join('\n');
    try {
      await this.run('nft', ['-f', '-'], rules);
      // aliases of an earlier child, gone with its table
      await this.run('ip', ['addr', 'flush', 'dev', 'lo', 'to', '198.18.0.0/15']);
      return true;
    } catch (err) {
      this.warn(`published ports will show the bridge's address as the client: ${(err as Error).message}`);
      return false;
    }
  }

  /** The local address to connect from so the container sees `client`, or undefined for the default. */
  async localAddress(client: string): Promise<string | undefined> {
    const shown = shownAs(client, this.loopbackAs);
    if (shown === undefined || !(await this.enabled)) return undefined;
    const { alias, ready } = this.pool.aliasFor(shown, async (a, previous) => {
      if (previous === undefined) await this.run('ip', ['addr', 'add', `${a}/32`, 'dev', 'lo']);
      else await this.run('nft', ['delete', 'element', 'ip', TABLE, 'client_src', `{ ${a} }`]);
      await this.run('nft', ['add', 'element', 'ip', TABLE, 'client_src', `{ ${a} : ${shown} }`]);
    });
    try {
      await ready;
      return alias;
    } catch (err) {
      this.warn(`could not keep the address of client ${shown}: ${(err as Error).message}`);
      return undefined;
    }
  }
}
