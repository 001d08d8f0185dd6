// `burrow daemon` (≈ dockerd-rootless.sh): refuses root, runs the fast prerequisite checks, then
// starts the parent and its engine child and stays in the foreground until SIGTERM/SIGINT.
import { lstat, mkdir, readlink, rm, symlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { entryPoint } from '../base/install-layout.js';
import { createLogger, type Logger } from '../base/log.js';
import { runChecks, selectChecks } from '../host/checks/index.js';
import { certsDir } from '../host/docker-dirs.js';
import { HostPaths, type HostUser } from '../host/host-paths.js';
import { currentUser } from '../host/current-user.js';
import { readUserSubids } from '../host/subid.js';
import { loadDaemonConfig, type DaemonConfig } from '../daemon/config.js';
import type { EngineConfig, EngineListener } from '../daemon/engine-config.js';
import { DAEMON_USAGE, parseDaemonFlags } from '../daemon/flags.js';
import { apiPortSpecs } from '../daemon/listeners.js';
import type { PortSpec } from '../rootless/port/spec.js';
import { networkDriver } from '../rootless/net/drivers.js';
import { beginDaemon } from '../rootless/begin.js';
import { stateLayout } from '../rootless/state-dir.js';
import { startDaemon } from '../rootless/parent.js';
import { BURROW_VERSION } from './version.js';
import { printError } from './print-error.js';

const PREFLIGHT = ['newuidmap', 'subuid', 'subgid', 'userns', 'xdg-runtime-dir'];

async function preflight(host: HostPaths, user: HostUser): Promise<string | undefined> {
  const results = await runChecks({ host, user }, selectChecks(PREFLIGHT));
  const failed = results.filter((r) => r.status === 'fail');
  if (failed.length === 0) return undefined;
  return failed.map((r) => `${r.title}: ${r.summary}${r.fix ? '\n' + r.fix.map((l) => `  ${l}`).join('\n') : ''}`).join('\n');
}

/**
 * dockerode and other SDKs that ignore DOCKER_HOST fall back to ~/.docker/run/docker.sock; point
 * it at our socket when nothing else is there, and take it away again on exit.
 */
async function linkSdkFallback(user: HostUser, socketPath: string, log: Logger): Promise<() => Promise<void>> {
  const link = join(user.home, '.docker', 'run', 'docker.sock');
  const nothing = (): Promise<void> => Promise.resolve();
  if (link === socketPath) return nothing;
  try {
    await lstat(link);
    return nothing;
  } catch {
    // absent: ours to create
  }
  try {
    await mkdir(dirname(link), { recursive: true, mode: 0o700 });
    await symlink(socketPath, link);
  } catch (err) {
    log.debug('could not link the SDK fallback socket', { path: link, error: (err as Error).message });
    return nothing;
  }
  return async () => {
    if ((await readlink(link).catch(() => undefined)) === socketPath) await rm(link, { force: true });
  };
}

function engineConfig(config: DaemonConfig, user: HostUser, stateDir: string, holderPid: number, net: string, port: string, driverMtu: number): EngineConfig {
  return {
    version: BURROW_VERSION,
    listeners: config.listeners.map((l): EngineListener => (l.kind === 'unix'
      ? { kind: 'unix', path: l.path, mode: 0o660 }
      : { kind: 'tcp', url: l.url, bindHost: l.bindHost, port: l.port, ...(config.tls ? { tls: config.tls } : {}) })),
    dataRoot: config.dataRoot,
    debug: config.debug,
    logLevel: config.logLevel,
    logFormat: config.logFormat,
    uid: user.uid,
    stateDir,
    holderPid,
    networkDriver: net,
    portDriver: port,
    insecureRegistries: config.insecureRegistries,
    registryMirrors: config.registryMirrors,
    ...(config.storageDriver ? { storageDriver: config.storageDriver } : {}),
    certsDir: certsDir(user),
    labels: config.labels,
    experimental: config.experimental,
    network: { ...config.network, mtu: config.network.mtu ?? driverMtu },
  };
}

/** The FLAGS' -p specs plus one per tcp:// listener they leave unpublished. */
function publishedPorts(config: DaemonConfig, log: Logger): PortSpec[] {
  const r = config.rootless;
  const extra = apiPortSpecs(config.listeners, r.publish);
  if (extra.length === 0) return r.publish;
  if (r.portDriver === 'none') {
    log.warn('the port driver is none: tcp:// listeners are reachable only inside the daemon\'s network namespace', { ports: extra.map((p) => p.childPort).join(',') });
    return r.publish;
  }
  for (const p of extra) log.info('publishing the API listener\'s port on the host, as DOCKERD_ROOTLESS_ROOTLESSKIT_FLAGS=-p would', { spec: `${p.parentIP}:${p.parentPort}:${p.childPort}/tcp` });
  return [...r.publish, ...extra];
}

/** What `export` lines point a client at this daemon. */
function clientHint(config: DaemonConfig): string {
  const lines = config.listeners.map((l) => (l.kind === 'unix'
    ? `  export DOCKER_HOST=unix://${l.path}`
    : `  export DOCKER_HOST=tcp://${l.host === '0.0.0.0' ? '<this host>' : l.host}:${l.port}${config.tls?.verify ? ' DOCKER_TLS_VERIFY=1 DOCKER_CERT_PATH=<dir with ca.pem, cert.pem, key.pem>' : ''}`));
  return `burrow daemon is ready. Point clients at it with${lines.length > 1 ? ' one of' : ''}:\n${lines.join('\n')}\n`;
}

export async function daemonCommand(args: readonly string[]): Promise<number> {
  const flags = parseDaemonFlags(args);
  if (flags.help) {
    process.stdout.write(DAEMON_USAGE);
    return 0;
  }
  if (process.getuid?.() === 0) {
    printError(Object.assign(new Error('burrow daemon must not be run as root'), {
      hint: 'Rootless mode runs the daemon and every container as an ordinary user, inside a user namespace;\n' +
        'as root there is nothing to gain and the namespace mapping would be wrong. Run it as the user\n' +
        'who will use it (e.g. `su - alice -c "burrow daemon"` after `machinectl shell alice@`).',
    }));
    return 1;
  }
  const host = new HostPaths();
  const user = currentUser();
  // a stop request during start-up must still clean up: remember it until there is something to stop
  const stopping: { requested?: string; now?: (sig: string) => void } = {};
  for (const sig of ['SIGTERM', 'SIGINT'] as const) {
    process.on(sig, () => {
      stopping.requested = sig;
      stopping.now?.(sig);
    });
  }
  const config = await loadDaemonConfig(flags, user);
  const log = createLogger({ level: config.logLevel, format: config.logFormat });
  for (const w of config.warnings) log.warn(w.msg, { host: w.host });
  const r = config.rootless;
  const driver = networkDriver(r.net ?? 'slirp4netns');
  const portDriver = r.portDriver;
  // the checks run while the namespaces are made (which fails anyway when a check does), and
  // their explanation wins over the raw failure
  const [checked, beginning] = await Promise.allSettled([
    preflight(host, user),
    readUserSubids(host, user.name, user.uid, user.gid).then((subids) => beginDaemon({
      host,
      user: { uid: user.uid, gid: user.gid, name: user.name },
      subids,
      xdgRuntimeDir: config.xdgRuntimeDir,
      logger: log,
      detachNetns: r.detachNetns,
      engineArgv: [process.execPath, '--max-semi-space-size=1', entryPoint('engine')],
      engineEnv: {
        ...process.env,
        ROOTLESSKIT_STATE_DIR: stateLayout(config.xdgRuntimeDir).dir,
        ROOTLESSKIT_PARENT_EUID: String(user.uid),
        ROOTLESSKIT_PARENT_EGID: String(user.gid),
      },
    })),
  ]);
  const failures = checked.status === 'fulfilled' ? checked.value : undefined;
  if (failures) {
    if (beginning.status === 'fulfilled') await beginning.value.owner.dispose();
    process.stderr.write(`burrow: the host is not ready for rootless mode:\n${failures}\n`);
    return 1;
  }
  if (checked.status === 'rejected') throw checked.reason;
  if (beginning.status === 'rejected') throw beginning.reason;
  const begun = beginning.value;
  const mtu = r.mtu ?? driver.defaultMtu;
  const running = await startDaemon({
    host,
    logger: log,
    network: { driver, mtu, disableHostLoopback: r.disableHostLoopback, sandbox: r.slirp4netnsSandbox, seccomp: r.slirp4netnsSeccomp },
    portDriver,
    publish: publishedPorts(config, log),
    engineConfig: engineConfig(config, user, begun.layout.dir, begun.holder.pid, driver.name, portDriver, mtu),
    version: BURROW_VERSION,
  }, begun);
  const socket = config.listeners.find((l) => l.kind === 'unix');
  const unlinkFallback = socket ? await linkSdkFallback(user, socket.path, log) : () => Promise.resolve();
  log.info('Daemon has completed initialization', { pid: running.holder.pid, network: running.network.driver });
  process.stdout.write(clientHint(config));
  stopping.now = (sig) => void running.stop(sig);
  if (stopping.requested) stopping.now(stopping.requested);
  process.on('SIGHUP', () => { log.info('SIGHUP received: configuration reload is not implemented; restart to apply changes'); });
  const status = await running.done;
  await unlinkFallback();
  return status;
}

