// Entry point of the engine child: runs as root of its user namespace (the user on the host),
// in the mount namespace the holder prepared, and serves the Engine API. The parent started it over an IPC
// channel: "ready" goes back on it, and the channel closing means the parent is gone.
import { createEngineApi, type EngineServer } from '../api/index.js';
import { errorMessage } from '../base/errors.js';
import { createLogger, type Logger } from '../base/log.js';
import { bindInNetns } from '../network/index.js';
import { HostPaths } from '../host/host-paths.js';
import type { EngineMessage } from '../rootless/parent.js';
import { join } from 'node:path';
import { ContainerService } from '../container/index.js';
import { createMountPlanner } from '../container/mounts/index.js';
import { VolumeService } from '../volume/index.js';
import { EventLog } from '../events/event-log.js';
import { createImageApi } from '../image/index.js';
import { createSystemService } from '../system/index.js';
import type { EngineConfig, EngineListener } from './engine-config.js';
import type { ParentMessage } from '../rootless/parent.js';
import { gatherEngineFacts } from './engine-facts.js';
import { startNetworks } from './engine-networks.js';

/** Each -H in turn: unix sockets here, tcp:// ones bound in the network namespace the port driver forwards into. */
async function listenAll(api: EngineServer, listeners: readonly EngineListener[], netns: string, log: Logger): Promise<void> {
  for (const l of listeners) {
    if (l.kind === 'unix') {
      await api.listen(l.path, l.mode);
      log.info('API listen on ' + l.path);
      continue;
    }
    const [bound] = await bindInNetns(netns, [{ kind: 'tcp', host: l.bindHost, port: l.port }]);
    await api.serveBound(bound, l.tls);
    log.info(`API listen on ${l.url}${l.tls ? (l.tls.verify ? ' (TLS, client certificates required)' : ' (TLS)') : ''}`);
  }
}

function tell(msg: EngineMessage): void {
  process.send?.(msg);
}

/** The engine boots while the parent is still configuring itself; the configuration follows over IPC. */
function receiveConfig(timeoutMs = 60_000): Promise<EngineConfig> {
  return new Promise((resolve, reject) => {
    if (!process.connected) {
      reject(new Error('no IPC channel: the engine is started by `burrow daemon`, not by hand'));
      return;
    }
    const timer = setTimeout(() => { reject(new Error('no configuration from the parent: the engine is started by `burrow daemon`, not by hand')); }, timeoutMs);
    process.once('message', (msg: ParentMessage) => {
      clearTimeout(timer);
      resolve(msg.config as EngineConfig);
    });
  });
}

async function main(): Promise<void> {
  const config = await receiveConfig();
  const log = createLogger({ level: config.logLevel, format: config.logFormat });
  const host = new HostPaths();
  let containers: ContainerService | undefined;
  const events = new EventLog();
  const volumes = new VolumeService({ logger: log, root: join(config.dataRoot, 'volumes'), usedBy: (name) => containers?.usingVolume(name) ?? [], host });
  // independent of each other, and each mostly waiting on the file system or a child process
  const [facts, net] = await Promise.all([
    gatherEngineFacts(host, config),
    startNetworks(config, log, events, () => containers),
    volumes.open(),
  ]);
  const images = createImageApi({
    logger: log,
    dataRoot: config.dataRoot,
    storageDriver: facts.storage.driver,
    insecureRegistries: config.insecureRegistries,
    registryMirrors: config.registryMirrors,
    certsDir: config.certsDir,
    usedBy: (id) => containers?.usesImage(id),
  });
  const runc = facts.runtimes[facts.defaultRuntime]?.path;
  if (runc !== undefined) {
    containers = new ContainerService({
      logger: log,
      dataRoot: config.dataRoot,
      storageDriver: facts.storage.driver,
      runtime: { runtime: runc, runtimeRoot: join(config.stateDir, 'runtime', facts.defaultRuntime) },
      runDir: join(config.stateDir, 'containers'),
      netnsPath: net.netns,
      dns: '10.0.2.3',
      networks: net.networks,
      ports: net.ports,
      image: (name) => images.forContainer(name),
      mounts: createMountPlanner(volumes),
      events,
    });
    await containers.open();
    await containers.recover();
  }
  const list = containers;
  const counters = {
    containers: () => {
      const all = list?.list() ?? [];
      const running = all.filter((c) => c.State.Running).length;
      return { running, paused: 0, stopped: all.length - running };
    },
    images: () => images.count(),
  };
  const api = createEngineApi({ logger: log, system: createSystemService(facts, counters), images, volumes, events, networks: net.networks, ...(containers ? { containers } : {}) });
  // the configuration comes once the holder has copied up /etc and /run, so the socket's path resolves
  await listenAll(api, config.listeners, net.netns, log);

  let closing = false;
  // without its parent the engine has no network or ports left, and a new daemon may be starting
  // on the same data: requests in flight are cut off rather than waited for
  const shutdown = async (why: string, graceMs?: number): Promise<void> => {
    if (closing) return;
    closing = true;
    log.info('Processing signal ' + why);
    await api.close(graceMs);
    process.exit(0);
  };
  for (const sig of ['SIGTERM', 'SIGINT'] as const) process.on(sig, () => void shutdown(sig));
  process.on('disconnect', () => void shutdown('parent gone', 0));
  // one request's stray rejection must not take every container's daemon down with it
  process.on('unhandledRejection', (err) => {
    log.error(`unhandled rejection: ${errorMessage(err)}`, { stack: err instanceof Error ? err.stack ?? '' : '' });
  });
  tell({ type: 'ready' });
}

main().catch((err: unknown) => {
  const hint = (err as { hint?: string }).hint;
  tell({ type: 'fatal', message: errorMessage(err), ...(hint ? { hint } : {}) });
  process.stderr.write(`burrow engine: ${errorMessage(err)}\n`);
  process.exitCode = 1;
  if (process.connected) process.disconnect();
});
