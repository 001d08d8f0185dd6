// slirp4netns (libslirp): the reference's default network driver. Features are probed from
// --help as RootlessKit does, so an option the installed version lacks is never passed.
import { readFile } from 'node:fs/promises';
import { HostSetupError } from '../../base/errors.js';
import { runFile } from '../../host/run-file.js';
import { spawnOwned, exitedEarly } from '../../process/spawn-owned.js';
import { USERMODE_ADDRESSING, type AttachedNetwork, type NetworkConfig, type NetworkDriver } from './driver.js';

export interface Slirp4netnsFeatures {
  netnsType: boolean;
  disableHostLoopback: boolean;
  sandbox: boolean;
  seccomp: boolean;
}

export function parseSlirp4netnsHelp(help: string): Slirp4netnsFeatures {
  return {
    netnsType: help.includes('--netns-type'),
    disableHostLoopback: help.includes('--disable-host-loopback'),
    sandbox: help.includes('--enable-sandbox'),
    seccomp: help.includes('--enable-seccomp'),
  };
}

async function kernelHasSeccompFilter(): Promise<boolean> {
  // "Seccomp: 0|1|2" exists when the kernel was built with CONFIG_SECCOMP
  const status = await readFile('/proc/self/status', 'utf8').catch(() => '');
  return /^Seccomp:\s+\d/m.test(status);
}

function wanted(setting: NetworkConfig['sandbox'], supported: boolean, what: string): boolean {
  if (setting === 'false') return false;
  if (setting === 'true' && !supported) {
    throw new HostSetupError(`slirp4netns does not support ${what}`, { hint: `install slirp4netns >= 0.4.0 or set it to auto` });
  }
  return supported;
}

export function slirp4netnsArgs(pid: number, config: NetworkConfig, features: Slirp4netnsFeatures, seccompKernel: boolean): string[] {
  const args = ['--configure', `--mtu=${config.mtu}`];
  if (config.disableHostLoopback && features.disableHostLoopback) args.push('--disable-host-loopback');
  if (wanted(config.sandbox, features.sandbox, '--enable-sandbox')) args.push('--enable-sandbox');
  if (wanted(config.seccomp, features.seccomp && seccompKernel, '--enable-seccomp')) args.push('--enable-seccomp');
  args.push('--ready-fd=3', '--exit-fd=4', String(pid), USERMODE_ADDRESSING.ifname);
  return args;
}

export const slirp4netns: NetworkDriver = {
  name: 'slirp4netns',
  defaultMtu: 65520,
  async attach(pid, config): Promise<AttachedNetwork> {
    const help = await runFile('slirp4netns', ['--help']);
    const features = parseSlirp4netnsHelp(help.stdout + help.stderr);
    if (!features.netnsType) {
      throw new HostSetupError('slirp4netns (>= v0.4.0) needs to be installed', {
        hint: 'as root: apt-get install -y slirp4netns (check with `slirp4netns --version`)',
      });
    }
    const args = slirp4netnsArgs(pid, config, features, await kernelHasSeccompFilter());
    const proc = spawnOwned('slirp4netns', args, { name: 'slirp4netns', stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'] });
    const readyFd = proc.child.stdio[3];
    const ready = new Promise<void>((resolve) => readyFd?.once('data', () => { resolve(); }));
    const outcome = await Promise.race([ready.then(() => 'ready' as const), proc.exited]);
    if (outcome !== 'ready') throw exitedEarly('slirp4netns', proc, outcome);
    return {
      info: { driver: 'slirp4netns', ...USERMODE_ADDRESSING, dns: [...USERMODE_ADDRESSING.dns], mtu: config.mtu },
      dispose: () => proc.dispose(),
    };
  },
};
