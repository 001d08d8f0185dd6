// The system domain behind /version and /info: static facts and host measurements are combined
// once; only the live counters are gathered per /info request.
import { readdir } from 'node:fs/promises';
import { ENGINE_RELEASE, type EngineRelease } from './engine-release.js';
import { ZERO_COUNTERS, type EngineCounters, type EngineFacts } from './facts.js';
import { readHostInfo, type HostInfo } from './host-info.js';
import { buildInfoBody } from './info-body.js';
import type { InfoBody, VersionBody } from './types.js';
import { buildVersionBody } from './version-body.js';

export interface SystemService {
  readonly release: EngineRelease;
  /** Sent as the Docker-Experimental header on every response. */
  readonly experimental: boolean;
  version(): VersionBody;
  info(): Promise<InfoBody>;
}

export interface SystemServiceOptions {
  /** Defaults to the real host, read once. */
  host?: HostInfo;
  now?: () => Date;
}

/** dockerd's NFd; -1 where /proc is unavailable, as dockerd reports on platforms without it. */
async function countOpenFiles(): Promise<number> {
  try {
    return (await readdir('/proc/self/fd')).length;
  } catch {
    return -1;
  }
}

export function createSystemService(
  facts: EngineFacts,
  counters: EngineCounters = ZERO_COUNTERS,
  options: SystemServiceOptions = {},
): SystemService {
  const host = options.host ?? readHostInfo();
  const now = options.now ?? (() => new Date());
  const versionBody = buildVersionBody(facts, host, ENGINE_RELEASE);
  return {
    release: ENGINE_RELEASE,
    experimental: facts.experimental,
    version: () => versionBody,
    info: async () => {
      const [containers, images, openFiles] = await Promise.all([
        counters.containers(),
        counters.images(),
        countOpenFiles(),
      ]);
      // NGoroutines has no Node equivalent; live libuv handles are the closest measure of activity.
      const activeHandles = process.getActiveResourcesInfo().length;
      return buildInfoBody(facts, host, ENGINE_RELEASE, { containers, images, openFiles, activeHandles, now: now() });
    },
  };
}
