// No network: the namespace has only its loopback device, brought up so local servers work.
import { runChecked } from '../../process/run.js';
import type { NetworkDriver } from './driver.js';

export const none: NetworkDriver = {
  name: 'none',
  defaultMtu: 1500,
  async attach(pid, config) {
    await runChecked('nsenter', ['--user', '--preserve-credentials', '--net', '-t', String(pid), '--', 'ip', 'link', 'set', 'lo', 'up']);
    return { info: { driver: 'none', dns: [], mtu: config.mtu }, dispose: () => undefined };
  },
};
