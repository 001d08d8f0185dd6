// `burrow daemon`'s parent (≈ RootlessKit's parent), second half of the start (begin.ts is the
// first): it stays in the host's namespaces and adds to what begin.ts made (lock, namespace holder,
// engine) the network driver, the port driver with its API socket and the engine's configuration.
// Everything is disposed in reverse order, the engine first.
import { rm } from 'node:fs/promises';
import type { ChildProcess } from 'node:child_process';
import type { Logger } from '../base/log.js';
import { atomicWrite } from '../base/atomic-write.js';
import type { HostPaths } from '../host/host-paths.js';
import { exitedEarly, type OwnedProcess } from '../process/spawn-owned.js';
import { isAlive, type ProcIdentity } from '../process/proc-identity.js';
import { ROOTLESS_API_VERSION, type RootlessInfo } from './api/types.js';
import { USERMODE_ADDRESSING, type NetworkDriver, type NetworkInfo } from './net/driver.js';
import { BuiltinPortDriver } from './port/builtin/parent.js';
import { NamespaceDialer } from './port/builtin/dialer.js';
import type { PortDriver } from './port/driver.js';
import type { PortSpec } from './port/spec.js';
import type { StateLayout } from './state-dir.js';
import type { DaemonBeginning } from './begin.js';

export interface ParentOptions {
  host: HostPaths;
  logger: Logger;
  network: { driver: NetworkDriver; mtu: number; disableHostLoopback: boolean; sandbox: 'auto' | 'true' | 'false'; seccomp: 'auto' | 'true' | 'false' };
  portDriver: 'builtin' | 'none';
  publish: readonly PortSpec[];
  /** Sent to the engine as its configuration. */
  engineConfig: unknown;
  engineReadyTimeoutMs?: number;
  version: string;
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
/** Parent → engine. */
export interface ParentMessage {
  type: 'config';
  config: unknown;
}

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

/** The second half: network, port driver and its API, the engine's configuration; then ready. */
export async function startDaemon(opts: ParentOptions, begun: DaemonBeginning): Promise<RunningDaemon> {
  const log = opts.logger;
  const { owner, layout, holder, engine } = begun;
  try {
    // listen for "ready" before sending the configuration that leads to it
    const engineReady = waitForEngine(engine, opts.engineReadyTimeoutMs ?? 30_000);
    engineReady.catch(() => undefined);
    const config: ParentMessage = { type: 'config', config: opts.engineConfig };
    engine.child.send(config);
    const n = opts.network;
    const attaching = n.driver.attach(holder.pid, { mtu: n.mtu, disableHostLoopback: n.disableHostLoopback, sandbox: n.sandbox, seccomp: n.seccomp });
    // registered before awaiting, so a failure elsewhere still detaches it once it is up
    owner.addFn(`network driver ${n.driver.name}`, async () => { await (await attaching.catch(() => undefined))?.dispose(); });

    let ports: PortDriver | undefined;
    if (opts.portDriver === 'builtin') {
      ports = owner.add('port driver', new BuiltinPortDriver({
        // a client on the host's loopback is shown to containers as the host they know
        dialer: new NamespaceDialer(holder.pid, owner, n.driver.name === 'none' ? undefined : USERMODE_ADDRESSING.gateway),
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
    // node:http loads here, after the engine was spawned, not on the way to spawning it
    const { serveRootlessApi } = await import('./api/server.js');
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
    await Promise.all([engineReady, publishing]);

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
