// Entry point of the egress proxy's child: started by `nsenter --net` inside the holder's network
// namespace. The engine redirects its containers' outbound TCP here (netns/bridge.ts); each
// accepted connection goes to the parent with its original destination, and the parent connects
// from the host's network namespace, so container egress runs at socket speed instead of through
// slirp4netns' user-mode TCP stack.
import { readFile } from 'node:fs/promises';
import { createServer, type Socket } from 'node:net';
import { originalDestination } from './conntrack.js';
import { EGRESS_PROXY_PORT, type EgressConnection } from './messages.js';

async function handOver(socket: Socket): Promise<void> {
  const peer = { host: (socket.remoteAddress ?? '').replace(/^::ffff:/, ''), port: socket.remotePort ?? 0 };
  const table = await readFile('/proc/net/nf_conntrack', 'utf8');
  const dest = originalDestination(table, peer, EGRESS_PROXY_PORT);
  if (!dest || !process.connected) {
    socket.destroy();
    return;
  }
  const msg: EgressConnection = dest;
  process.send?.(msg, socket);
}

const server = createServer({ pauseOnConnect: true, allowHalfOpen: true }, (socket) => {
  handOver(socket).catch(() => socket.destroy());
});
server.on('error', (err) => {
  process.stderr.write(`egress proxy: ${err.message}\n`);
  process.exit(1);
});
server.listen(EGRESS_PROXY_PORT, '0.0.0.0', () => { process.send?.({ ready: true }); });

process.on('disconnect', () => process.exit(0));
