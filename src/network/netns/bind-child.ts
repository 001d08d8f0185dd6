// Entry point of the socket binder: started with `nsenter --net` in the engine's network
// namespace (the engine itself stays in the host's), it binds the sockets the engine asks for
// there and hands each back over the IPC channel, then exits when the engine lets go of it.
import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';
import type { BindReply, BindRequest } from './bind-messages.js';

function reply(msg: BindReply, handle?: import('node:net').Server | import('node:dgram').Socket): void {
  if (!process.connected) return;
  if (handle) process.send?.(msg, handle, () => { handle.close(); });
  else process.send?.(msg);
}

process.on('message', (req: BindRequest) => {
  const fail = (err: Error): void => { reply({ id: req.id, error: err.message }); };
  if (req.kind === 'udp') {
    const socket = createSocket('udp4');
    socket.once('error', fail);
    socket.bind(req.port, req.host, () => { reply({ id: req.id }, socket); });
  } else {
    const server = createServer();
    server.once('error', fail);
    server.listen(req.port, req.host, () => { reply({ id: req.id }, server); });
  }
});

process.on('disconnect', () => process.exit(0));
