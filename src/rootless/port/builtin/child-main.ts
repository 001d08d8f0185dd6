// Entry point of the builtin port driver's child: started by `nsenter --net` inside the holder's
// network namespace, it opens sockets on the parent's behalf and hands each back over the IPC
// channel: a TCP connection to the target, or a UDP socket for one client's flow, both from an address
// that the container sees as the client's. The parent then moves bytes between kernel sockets.
import { createSocket, type Socket as DgramSocket } from 'node:dgram';
import { connect, type Socket } from 'node:net';
import { LOOPBACK_AS_ENV, type DialReply, type DialRequest } from './messages.js';
import { SourceAddresses } from './source-ip.js';

const DIAL_TIMEOUT_MS = 10_000;

const sources = new SourceAddresses(process.env[LOOPBACK_AS_ENV] || undefined, undefined, (msg) => { process.stderr.write(`port driver: ${msg}\n`); });

function reply(msg: DialReply, handle?: Socket | DgramSocket, sent?: () => void): void {
  if (!process.connected) return;
  if (handle) process.send?.(msg, handle, sent);
  else process.send?.(msg);
}

function dialTcp(req: DialRequest, localAddress: string | undefined): void {
  const socket = connect({ host: req.host, port: req.port, allowHalfOpen: true, ...(localAddress ? { localAddress } : {}) });
  socket.setTimeout(DIAL_TIMEOUT_MS, () => socket.destroy(new Error(`dial tcp ${req.host}:${req.port}: i/o timeout`)));
  socket.once('connect', () => {
    socket.setTimeout(0);
    socket.pause();
    reply({ id: req.id }, socket);
  });
  socket.once('error', (err) => { reply({ id: req.id, error: err.message }); });
}

function dialUdp(req: DialRequest, localAddress: string | undefined): void {
  const socket = createSocket('udp4');
  socket.once('error', (err) => {
    socket.close();
    reply({ id: req.id, error: err.message });
  });
  // sent over IPC, a TCP socket closes here by itself; a UDP one has to be closed after sending
  socket.bind({ port: 0, ...(localAddress ? { address: localAddress } : {}) }, () => {
    reply({ id: req.id }, socket, () => { socket.close(); });
  });
}

/** Targets on the namespace's loopback (a --network host container's server) are dialled plainly. */
function loopback(host: string): boolean {
  return host === '::1' || host.startsWith('127.');
}

process.on('message', (req: DialRequest) => {
  void (loopback(req.host) ? Promise.resolve(undefined) : sources.localAddress(req.client)).then((local) => {
    if (req.proto === 'udp') dialUdp(req, local);
    else dialTcp(req, local);
  });
});

// the parent is gone: nothing left to dial for
process.on('disconnect', () => process.exit(0));
