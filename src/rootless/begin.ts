// The first half of `burrow daemon`'s start: take the lock, start the engine booting in new user
// and mount namespaces (the slowest step, so it goes first), write their id maps and start the
// namespace holder in them, or rejoin a holder left by an earlier run; parent.ts adds the network,
// the ports and the engine's configuration while the engine boots.
import { rm } from 'node:fs/promises';
import { errorMessage } from '../base/errors.js';
import type { Logger } from '../base/log.js';
import { Owner } from '../base/owner.js';
import type { HostPaths } from '../host/host-paths.js';
import type { UserSubids } from '../host/subid.js';
import { isAlive, type ProcIdentity } from '../process/proc-identity.js';
import { spawnOwned, type OwnedProcess } from '../process/spawn-owned.js';
import { COPIED_UP_MARKS } from './copyup.js';
import { adoptable, createHolder, waitForUserNamespace } from './pause.js';
import { acquireLock, readIdentity, stateLayout, writeIdentity, type StateLayout } from './state-dir.js';
import { writeIdMaps, type IdMapUser } from './userns.js';

/** What is needed to create (or rejoin) the namespaces and start the engine in them. */
export interface BeginOptions {
  host: HostPaths;
  user: IdMapUser;
  subids: UserSubids;
  xdgRuntimeDir: string;
  logger: Logger;
  detachNetns: boolean;
  /** The engine's command line, run inside the namespaces; it gets its configuration and reports readiness over IPC. */
  engineArgv: readonly string[];
  engineEnv: NodeJS.ProcessEnv;
}

/** The first half of a start: lock, namespaces with their id maps, and the engine booting in them. */
export interface DaemonBeginning {
  owner: Owner;
  layout: StateLayout;
  holder: ProcIdentity;
  engine: OwnedProcess;
}

export async function beginDaemon(opts: BeginOptions): Promise<DaemonBeginning> {
  const log = opts.logger;
  const layout = stateLayout(opts.xdgRuntimeDir);
  const owner = new Owner((name, err) => { log.warn(`cleanup of ${name} failed`, { error: errorMessage(err) }); });
  const startEngine = (file: string, args: readonly string[]): OwnedProcess => {
    // The engine's exec of node gains capabilities in the namespace, and the kernel clears the
    // parent-death signal on such an exec; setpriv sets it again right before node, so an engine
    // never outlives its daemon (a survivor would serve, then unlink, the next daemon's socket).
    const engine = spawnOwned(file, [...args, 'setpriv', '--pdeathsig', 'KILL', '--', ...opts.engineArgv], {
      name: 'engine',
      stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
      env: opts.engineEnv,
      graceMs: 15_000,
    });
    engine.child.stderr?.on('data', (d: Buffer) => process.stderr.write(d));
    return owner.add('engine', engine);
  };
  const netArgs = opts.detachNetns ? [] : ['--net'];
  try {
    const lock = await acquireLock(layout);
    owner.addFn('lock', () => lock.release());

    const recorded = await readIdentity(layout.pause);
    const adopted = recorded !== undefined && (await adoptable(recorded, COPIED_UP_MARKS));
    if (recorded && !adopted && (await isAlive(recorded))) {
      log.warn('discarding a namespace holder left half-prepared by an earlier run', { pid: recorded.pid });
      process.kill(recorded.pid, 'SIGKILL');
    }
    let engine: OwnedProcess;
    let holder: ProcIdentity;
    if (adopted) {
      log.info('rejoining the namespaces of a running holder', { pid: recorded.pid });
      holder = recorded;
      engine = startEngine('nsenter', ['--user', '--preserve-credentials', '--mount', ...netArgs, '-t', String(holder.pid), '--']);
    } else {
      // The engine makes the namespaces itself, so that its node boot (the slowest step of a
      // start) overlaps the id maps, the holder's start and its copy-up. Capabilities are
      // computed at execve, and a process exec'd while still unmapped would get none (no chown,
      // no mount): --keep-caps makes them ambient, so node keeps them across its exec and is
      // root of the namespace once the maps below exist. It waits for its configuration, which
      // comes after them, before it touches anything.
      engine = startEngine('unshare', ['--user', '--mount', '--keep-caps', ...netArgs, '--propagation', 'slave', '--']);
      await waitForUserNamespace(engine.child, opts.host, () => engine.stderrTail());
      await writeIdMaps(engine.pid, opts.user, opts.subids);
      log.debug('id maps written');
      holder = await createHolder(engine.pid, opts.detachNetns);
    }
    const kept = holder;
    owner.addFn('namespace holder', async () => {
      if (await isAlive(kept)) process.kill(kept.pid, 'SIGKILL');
      await rm(layout.pause, { force: true });
    });
    if (!adopted) await writeIdentity(layout.pause, holder);
    log.debug('namespace holder up', { pid: holder.pid, adopted });
    return { owner, layout, holder, engine };
  } catch (err) {
    await owner.dispose();
    throw err;
  }
}
