// `burrow daemon`'s parent (≈ RootlessKit's parent): stays in the host's namespaces and owns the
// lock, the namespace holder and its id maps, the network driver, the port driver with its API
// socket, and the engine child, which it starts inside the holder's user and mount namespaces
// (and network namespace unless detach-netns). Everything it starts is disposed in reverse order.
import { rm } from 'node:fs/promises';
import type { ChildProcess } from 'node:child_process';
import { errorMessage } from '../base/errors.js';
import type { Logger } from '../base/log.js';
import { Owner } from '../base/owner.js';
import { atomicWrite } from '../base/atomic-write.js';
import type { HostPaths } from '../host/host-paths.js';
import type { UserSubids } from '../host/subid.js';
import { spawnOwned, exitedEarly, type OwnedProcess } from '../process/spawn-owned.js';
import { isAlive, type ProcIdentity } from '../process/proc-identity.js';
import { serveRootlessApi } from './api/server.js';
import { ROOTLESS_API_VERSION, type RootlessInfo } from './api/types.js';
import type { NetworkDriver, NetworkInfo } from './net/driver.js';
import { adoptable, createPause } from './pause.js';
import { BuiltinPortDriver } from './port/builtin/parent.js';
import { NamespaceDialer } from './port/builtin/dialer.js';
import type { PortDriver } from './port/driver.js';
import type { PortSpec } from './port/spec.js';
import { acquireLock, readIdentity, stateLayout, writeIdentity, type StateLayout } from './state-dir.js';
import { writeIdMaps, type IdMapUser } from './userns.js';

export interface ParentOptions {
  host: HostPaths;
  user: IdMapUser;
  subids: UserSubids;
  xdgRuntimeDir: string;
  logger: Logger;
  network: { driver: NetworkDriver; mtu: number; disableHostLoopback: boolean; sandbox: 'auto' | 'true' | 'false'; seccomp: 'auto' | 'true' | 'false' };
  portDriver: 'builtin' | 'none';
  detachNetns: boolean;
  publish: readonly PortSpec[];
  /** Paths inside the holder's mount namespace that exist once the engine has prepared it. */
  holderReadyMarks: readonly string[];
  /** The engine's command line, run inside the namespaces; it reports readiness over IPC. */
  engine: { argv: readonly string[]; env: (ctx: EngineContext) => NodeJS.ProcessEnv; readyTimeoutMs?: number };
  version: string;
}

export interface EngineContext {
  layout: StateLayout;
  holder: ProcIdentity;
}

export interface RunningDaemon {
  layout: StateLayout;
  holder: ProcIdentity;
  network: NetworkInfo;
  /** Resolves with the exit status once the daemon has stopped (by stop(), or a child dying). */
  done: Promise<number>;
  stop(reason: string): Promise<void>;
}

/** Engine → parent messages on the IPC channel. */
export type EngineMessage = { type: 'ready' } | { type: 'fatal'; message: string; hint?: string };

function waitForEngine(proc: OwnedProcess, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = proc.child;
    const timer = setTimeout(() => { reject(new Error(`the engine did not become ready within ${timeoutMs} ms`)); }, timeoutMs);
    child.on('message', (msg: EngineMessage) => {
      if (msg.type === 'ready') {
        clearTimeout(timer);
        resolve();
      } else {
        clearTimeout(timer);
        reject(Object.assign(new Error(msg.message), { hint: msg.hint }));
      }
    });
    void proc.exited.then((code) => {
      clearTimeout(timer);
      reject(exitedEarly('engine', proc, code));
    });
  });
}

export async function startDaemon(opts: ParentOptions): Promise<RunningDaemon> {
  const log = opts.logger;
  const layout = stateLayout(opts.xdgRuntimeDir);
  const owner = new Owner((name, err) => { log.warn(`cleanup of ${name} failed`, { error: errorMessage(err) }); });
  try {
    const lock = await acquireLock(layout);
    owner.addFn('lock', () => lock.release());

    const recorded = await readIdentity(layout.pause);
    const adopted = recorded !== undefined && (await adoptable(recorded, opts.holderReadyMarks));
    if (recorded && !adopted && (await isAlive(recorded))) {
      log.warn('discarding a namespace holder left half-prepared by an earlier run', { pid: recorded.pid });
      process.kill(recorded.pid, 'SIGKILL');
    }
    const holder: ProcIdentity = adopted ? recorded : await createPause(opts.host);
    owner.addFn('namespace holder', async () => {
      if (await isAlive(holder)) process.kill(holder.pid, 'SIGKILL');
      await rm(layout.pause, { force: true });
    });
    log.debug('namespace holder up', { pid: holder.pid, adopted });
    if (adopted) {
      log.info('rejoining the namespaces of a running holder', { pid: holder.pid });
    } else {
      await writeIdMaps(holder.pid, opts.user, opts.subids);
      await writeIdentity(layout.pause, holder);
      log.debug('id maps written');
    }

    // the engine boots (the slowest step) while the network and port driver come up
    const ctx: EngineContext = { layout, holder };
    const nsArgs = ['--user', '--preserve-credentials', '--mount', ...(opts.detachNetns ? [] : ['--net']), '-t', String(holder.pid), '--'];
    const [file, ...rest] = opts.engine.argv;
    if (file === undefined) throw new Error('no engine command');
    const engine = spawnOwned('nsenter', [...nsArgs, file, ...rest], {
      name: 'engine',
      stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
      env: opts.engine.env(ctx),
      graceMs: 15_000,
    });
    engine.child.stderr?.on('data', (d: Buffer) => process.stderr.write(d));
    owner.add('engine', engine);
    const n = opts.network;
    const attaching = n.driver.attach(holder.pid, { mtu: n.mtu, disableHostLoopback: n.disableHostLoopback, sandbox: n.sandbox, seccomp: n.seccomp });
    // registered before awaiting, so a failure elsewhere still detaches it once it is up
    owner.addFn(`network driver ${n.driver.name}`, async () => { await (await attaching.catch(() => undefined))?.dispose(); });

    let ports: PortDriver | undefined;
    if (opts.portDriver === 'builtin') {
      ports = owner.add('port driver', new BuiltinPortDriver({
        dialer: new NamespaceDialer(holder.pid, owner),
        logger: log,
        unprivilegedPortStart: async () => Number((await opts.host.readTrim('/proc/sys/net/ipv4/ip_unprivileged_port_start')) ?? '1024'),
      }));
    }
    const net = await attaching;
    log.debug('network ready', { driver: net.info.driver });
    const info = (): RootlessInfo => ({
      apiVersion: ROOTLESS_API_VERSION,
      version: opts.version,
      stateDir: layout.dir,
      childPID: holder.pid,
      networkDriver: { driver: net.info.driver, dns: net.info.dns, ...(net.info.ip ? { childIP: net.info.ip } : {}) },
      ...(ports ? { portDriver: { driver: ports.name, protos: [...ports.protos] } } : {}),
    });
    const api = await serveRootlessApi(layout.apiSock, { info, ports, logger: log });
    owner.addFn('rootless API', async () => {
      api.closeAllConnections();
      await new Promise<void>((r) => api.close(() => { r(); }));
      await rm(layout.apiSock, { force: true });
    });

    const publishing = Promise.all(opts.publish.map((spec) => {
      if (!ports) throw new Error('DOCKERD_ROOTLESS_ROOTLESSKIT_FLAGS publishes ports, but the port driver is none');
      return ports.add(spec);
    }));
    await Promise.all([waitForEngine(engine, opts.engine.readyTimeoutMs ?? 30_000), publishing]);

    log.debug('engine ready');
    await atomicWrite(layout.pidFile, `${holder.pid}\n`, 0o644);
    owner.addFn('pid file', () => rm(layout.pidFile, { force: true }));

    let stopping: Promise<void> | undefined;
    let status = 0;
    const stop = (reason: string): Promise<void> => {
      stopping ??= (async () => {
        log.info('stopping', { reason });
        // the engine goes first: it was started early but depends on everything else
        await engine.dispose();
        await owner.dispose();
      })();
      return stopping;
    };
    // `kill $(cat docker.pid)` reaches the holder: losing the namespaces stops the daemon
    const watch = setInterval(() => {
      void isAlive(holder).then((alive) => {
        if (!alive) void engine.dispose();
      });
    }, 1000).unref();
    owner.addFn('holder watch', () => { clearInterval(watch); });
    const done = new Promise<number>((resolve) => {
      void engine.exited.then(async (code) => {
        if (!stopping) {
          status = typeof code === 'number' && code !== 0 ? code : 1;
          log.error('the engine exited unexpectedly', { status: code });
        }
        await stop('engine exited');
        resolve(status);
      });
    });
    return { layout, holder, network: net.info, done, stop };
  } catch (err) {
    await owner.dispose();
    throw err;
  }
}
