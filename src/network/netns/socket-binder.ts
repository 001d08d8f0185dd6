// Sockets bound inside the engine's network namespace, for the engine (which lives in the host's)
// to serve there: the embedded DNS on each user network's gateway. A short-lived binder process
// in the namespace binds them and passes them over; sockets keep their namespace for good.
import type { Socket as DgramSocket } from 'node:dgram';
import type { Server } from 'node:net';
import { entryPoint } from '../../base/install-layout.js';
import { SystemError } from '../../base/errors.js';
import { spawnOwned } from '../../process/spawn-owned.js';
import type { BindReply, BindRequest } from './bind-messages.js';

export interface BoundPair {
  udp: DgramSocket;
  tcp: Server;
}

/** Binds UDP and TCP `port` on each address inside `netns`, in one binder run. */
export async function bindInNetns(netns: string, addresses: readonly string[], port: number): Promise<Map<string, BoundPair>> {
  const out = new Map<string, BoundPair>();
  if (addresses.length === 0) return out;
  const proc = spawnOwned('nsenter', [`--net=${netns}`, '--', process.execPath, entryPoint('netns-bind')], {
    name: 'netns-bind',
    stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
  });
  try {
    const requests: BindRequest[] = addresses.flatMap((host, i) => [
      { id: 2 * i, kind: 'udp' as const, host, port },
      { id: 2 * i + 1, kind: 'tcp' as const, host, port },
    ]);
    const handles = new Map<number, DgramSocket | Server>();
    await new Promise<void>((resolve, reject) => {
      proc.child.on('message', (msg: BindReply, handle?: DgramSocket | Server) => {
        const req = requests[msg.id];
        if (msg.error !== undefined || !handle || !req) {
          reject(new SystemError(`bind ${req?.kind ?? '?'} ${req?.host ?? '?'}:${port} in the engine's network namespace: ${msg.error ?? 'no socket came back'}`));
          return;
        }
        handles.set(msg.id, handle);
        if (handles.size === requests.length) resolve();
      });
      void proc.exited.then((code) => { reject(new SystemError(`the socket binder exited (${code}) ${proc.stderrTail()}`)); });
      for (const r of requests) proc.child.send(r);
    });
    addresses.forEach((host, i) => {
      out.set(host, { udp: handles.get(2 * i) as DgramSocket, tcp: handles.get(2 * i + 1) as Server });
    });
    return out;
  } finally {
    await proc.dispose();
  }
}
