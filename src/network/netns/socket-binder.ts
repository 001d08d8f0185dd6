// Sockets bound inside the engine's network namespace, for the engine (which lives in the host's)
// to serve there: the embedded DNS on each user network's gateway, and tcp:// API listeners. A
// short-lived binder process in the namespace binds them and passes them over; sockets keep their
// namespace for good.
import type { Socket as DgramSocket } from 'node:dgram';
import type { Server } from 'node:net';
import { entryPoint } from '../../base/install-layout.js';
import { SystemError } from '../../base/errors.js';
import { spawnOwned } from '../../process/spawn-owned.js';
import type { BindReply, BindRequest } from './bind-messages.js';

export type BindSpec = Omit<BindRequest, 'id'>;
type Bound<S extends BindSpec> = S['kind'] extends 'udp' ? DgramSocket : Server;

/** Binds each spec's socket inside `netns`, in one binder run; the sockets come back in order. */
export async function bindInNetns<const T extends readonly BindSpec[]>(netns: string, specs: T): Promise<{ -readonly [K in keyof T]: Bound<T[K]> }> {
  const proc = spawnOwned('nsenter', [`--net=${netns}`, '--', process.execPath, entryPoint('netns-bind')], {
    name: 'netns-bind',
    stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
  });
  try {
    const handles = new Map<number, DgramSocket | Server>();
    await new Promise<void>((resolve, reject) => {
      proc.child.on('message', (msg: BindReply, handle?: DgramSocket | Server) => {
        const spec = specs[msg.id];
        if (msg.error !== undefined || !handle || !spec) {
          reject(new SystemError(`bind ${spec?.kind ?? '?'} ${spec?.host ?? '?'}:${spec?.port ?? '?'} in the engine's network namespace: ${msg.error ?? 'no socket came back'}`));
          return;
        }
        handles.set(msg.id, handle);
        if (handles.size === specs.length) resolve();
      });
      void proc.exited.then((code) => { reject(new SystemError(`the socket binder exited (${code}) ${proc.stderrTail()}`)); });
      specs.forEach((spec, id) => { proc.child.send({ id, ...spec } satisfies BindRequest); });
    });
    return specs.map((_, id) => handles.get(id)) as { -readonly [K in keyof T]: Bound<T[K]> };
  } finally {
    await proc.dispose();
  }
}
