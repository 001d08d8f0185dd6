// The parent's handle on the child that dials inside the namespace. Started on first use so a
// daemon with no published ports pays nothing for it.
import type { Socket } from 'node:net';
import { entryPoint } from '../../../base/install-layout.js';
import type { Owner } from '../../../base/owner.js';
import { spawnOwned, type OwnedProcess } from '../../../process/spawn-owned.js';
import type { DialReply, DialRequest } from './messages.js';

export interface Dialer {
  dial(host: string, port: number): Promise<Socket>;
}

export class NamespaceDialer implements Dialer {
  private proc: OwnedProcess | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (s: Socket) => void; reject: (e: Error) => void }>();

  constructor(private readonly holderPid: number, private readonly owner: Owner) {}

  private start(): OwnedProcess {
    const proc = spawnOwned(
      'nsenter',
      ['--user', '--preserve-credentials', '--net', '-t', String(this.holderPid), '--', process.execPath, entryPoint('port-child')],
      { name: 'port-child', stdio: ['ignore', 'inherit', 'pipe', 'ipc'] },
    );
    proc.child.on('message', (msg: DialReply, handle?: Socket) => {
      const waiter = this.pending.get(msg.id);
      if (!waiter) {
        handle?.destroy();
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

  dial(host: string, port: number): Promise<Socket> {
    const proc = this.proc ?? (this.proc = this.start());
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      const req: DialRequest = { id, host, port };
      proc.child.send(req, (err) => {
        if (err) {
          this.pending.delete(id);
          reject(err);
        }
      });
    });
  }
}
