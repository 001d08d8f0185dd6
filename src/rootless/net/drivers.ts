// The only place that names the network drivers, keyed by DOCKERD_ROOTLESS_ROOTLESSKIT_NET values.
import { InvalidParameterError } from '../../base/errors.js';
import type { NetworkDriver } from './driver.js';
import { none } from './none.js';
import { pasta } from './pasta.js';
import { slirp4netns } from './slirp4netns.js';

export const networkDrivers: Readonly<Record<string, NetworkDriver>> = { slirp4netns, pasta, none };

export function networkDriver(name: string): NetworkDriver {
  const driver = networkDrivers[name];
  if (!driver) {
    throw new InvalidParameterError(
      `unknown network driver ${JSON.stringify(name)} in DOCKERD_ROOTLESS_ROOTLESSKIT_NET (supported: ${Object.keys(networkDrivers).join(', ')})`,
    );
  }
  return driver;
}
