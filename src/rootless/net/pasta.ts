// pasta (passt): translates the namespace's L2 traffic to host sockets without a TCP stack of its
// own. It daemonizes once the namespace is configured, so its exit means "ready"; it is tracked
// by the pid file it writes and quits by itself when the namespace goes away.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runFile } from '../../host/run-file.js';
import { USERMODE_ADDRESSING, type AttachedNetwork, type NetworkDriver } from './driver.js';

export function pastaArgs(pid: number, mtu: number, disableHostLoopback: boolean, pidFile: string): string[] {
  const a = USERMODE_ADDRESSING;
  const args = [
    '--config-net', '--quiet', '--ipv4-only',
    '--ns-ifname', a.ifname, '--mtu', String(mtu),
    '--address', a.ip, '--netmask', String(a.netmask), '--gateway', a.gateway,
    '--dns-forward', a.dns[0],
    // published ports go through Burrow's port driver, not pasta's automatic forwarding
    '--tcp-ports', 'none', '--udp-ports', 'none', '--tcp-ns', 'none', '--udp-ns', 'none',
    '--pid', pidFile,
  ];
  if (disableHostLoopback) args.push('--no-map-gw');
  args.push('--userns', `/proc/${pid}/ns/user`, '--netns', `/proc/${pid}/ns/net`);
  return args;
}

export const pasta: NetworkDriver = {
  name: 'pasta',
  defaultMtu: 65520,
  async attach(pid, config): Promise<AttachedNetwork> {
    const dir = await mkdtemp(join(tmpdir(), 'burrow-pasta-'));
    const pidFile = join(dir, 'pasta.pid');
    try {
      const r = await runFile('pasta', pastaArgs(pid, config.mtu, config.disableHostLoopback, pidFile), { timeoutMs: 15_000 });
      if (r.code !== 0) throw new Error(`pasta exited ${r.code}: ${r.stderr.trim()}`);
      const pastaPid = Number((await readFile(pidFile, 'utf8')).trim());
      return {
        info: { driver: 'pasta', ...USERMODE_ADDRESSING, dns: [...USERMODE_ADDRESSING.dns], mtu: config.mtu },
        dispose: () => {
          try {
            process.kill(pastaPid, 'SIGTERM');
          } catch {
            // already gone with its namespace
          }
        },
      };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },
};
