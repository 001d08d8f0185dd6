// The parent's handle on the child that dials inside the namespace. Started on first use so a
// daemon with no published ports pays nothing for it.
import type { Socket as DgramSocket } from 'node:dgram';
import type { Socket } from 'node:net';
import { entryPoint } from '../../../base/install-layout.js';
import type { Owner } from '../../../base/owner.js';
import { spawnOwned, type OwnedProcess } from '../../../process/spawn-owned.js';
import { LOOPBACK_AS_ENV, type DialReply, type DialRequest } from './messages.js';

export interface Dialer {
  /** A TCP connection to host:port inside the namespace, which shows `client` as its source. */
  dial(host: string, port: number, client: string): Promise<Socket>;
  /** A UDP socket inside the namespace for one client's datagrams to host:port. */
  udp(host: string, port: number, client: string): Promise<DgramSocket>;
}

export class NamespaceDialer implements Dialer {
  private proc: OwnedProcess | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (s: Socket | DgramSocket) => void; reject: (e: Error) => void }>();

  /** `loopbackAs`: what a client on the host's loopback is shown as (the driver's gateway). */
  constructor(private readonly holderPid: number, private readonly owner: Owner, private readonly loopbackAs?: string) {}

  private start(): OwnedProcess {
    const proc = spawnOwned(
      'nsenter',
      ['--user', '--preserve-credentials', '--net', '-t', String(this.holderPid), '--', process.execPath, entryPoint('port-child')],
      { name: 'port-child', stdio: ['ignore', 'inherit', 'pipe', 'ipc'], env: { ...process.env, [LOOPBACK_AS_ENV]: this.loopbackAs ?? '' } },
    );
    proc.child.stderr?.on('data', (d: Buffer) => process.stderr.write(d));
    proc.child.on('message', (msg: DialReply, handle?: Socket | DgramSocket) => {
      const waiter = this.pending.get(msg.id);
      if (!waiter) {
        if (handle && 'destroy' in handle) handle.destroy();
        else handle?.close();
        return;
      }
      this.pending.delete(msg.id);
      if (handle && msg.error === undefined) waiter.resolve(handle);
      else waiter.reject(new Error(msg.error ?? 'port child returned no socket'));
    });
    void proc.exited.then((code) => {
      if (this.proc === proc) this.proc = undefined;
      const err = new Error(`port child exited (${code})${proc.stderrTail() ? `: ${proc.stderrTail()}` : ''}`);
      for (const w of this.pending.values()) w.reject(err);
      this.pending.clear();
    });
    this.owner.add('port-child', proc);
    return proc;
  }

  dial(host: string, port: number, client: string): Promise<Socket> {
    return this.request({ proto: 'tcp', host, port, client }) as Promise<Socket>;
  }

  udp(host: string, port: number, client: string): Promise<DgramSocket> {
    return this.request({ proto: 'udp', host, port, client }) as Promise<DgramSocket>;
  }

  private request(fields: Omit<DialRequest, 'id'>): Promise<Socket | DgramSocket> {
    const proc = this.proc ?? (this.proc = this.start());
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      const req: DialRequest = { id, ...fields };
      proc.child.send(req, (err) => {
        if (err) {
          this.pending.delete(id);
          reject(err);
        }
      });
    });
  }
}
