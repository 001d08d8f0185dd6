// Entry point of the builtin port driver's child: started by `nsenter --net` inside the holder's
// network namespace, it dials on the parent's behalf and hands each connected socket back over
// the IPC channel, so the parent copies bytes between two kernel sockets with no TCP/IP emulation.
import { connect } from 'node:net';
import type { DialReply, DialRequest } from './messages.js';

const DIAL_TIMEOUT_MS = 10_000;

function reply(msg: DialReply, handle?: import('node:net').Socket): void {
  if (!process.connected) return;
  if (handle) process.send?.(msg, handle);
  else process.send?.(msg);
}

process.on('message', (req: DialRequest) => {
  const socket = connect({ host: req.host, port: req.port, allowHalfOpen: true });
  socket.setTimeout(DIAL_TIMEOUT_MS, () => socket.destroy(new Error(`dial tcp ${req.host}:${req.port}: i/o timeout`)));
  socket.once('connect', () => {
    socket.setTimeout(0);
    socket.pause();
    reply({ id: req.id }, socket);
  });
  socket.once('error', (err) => { reply({ id: req.id, error: err.message }); });
});

// the parent is gone: nothing left to dial for
process.on('disconnect', () => process.exit(0));
