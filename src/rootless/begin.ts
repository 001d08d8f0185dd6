// The first half of `burrow daemon`'s start: take the lock, create (or rejoin) the namespace holder
// and write its id maps, and start the engine booting inside the namespaces (the slowest step);
// parent.ts adds the network, the ports and the engine's configuration while it boots.
import { rm } from 'node:fs/promises';
import { errorMessage } from '../base/errors.js';
import type { Logger } from '../base/log.js';
import { Owner } from '../base/owner.js';
import type { HostPaths } from '../host/host-paths.js';
import type { UserSubids } from '../host/subid.js';
import { isAlive, type ProcIdentity } from '../process/proc-identity.js';
import { spawnOwned, type OwnedProcess } from '../process/spawn-owned.js';
import { adoptable, createPause } from './pause.js';
import { acquireLock, readIdentity, stateLayout, writeIdentity, type StateLayout } from './state-dir.js';
import { writeIdMaps, type IdMapUser } from './userns.js';

export interface EngineContext {
  layout: StateLayout;
  holder: ProcIdentity;
}

/** What is needed to create (or rejoin) the namespaces and start the engine in them. */
export interface BeginOptions {
  host: HostPaths;
  user: IdMapUser;
  subids: UserSubids;
  xdgRuntimeDir: string;
  logger: Logger;
  detachNetns: boolean;
  /** Paths inside the holder's mount namespace that exist once the engine has prepared it. */
  holderReadyMarks: readonly string[];
  /** The engine's command line, run inside the namespaces; it gets its configuration and reports readiness over IPC. */
  engineArgv: readonly string[];
  engineEnv: (ctx: EngineContext) => NodeJS.ProcessEnv;
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

    const nsArgs = ['--user', '--preserve-credentials', '--mount', ...(opts.detachNetns ? [] : ['--net']), '-t', String(holder.pid), '--'];
    const [file, ...rest] = opts.engineArgv;
    if (file === undefined) throw new Error('no engine command');
    const engine = spawnOwned('nsenter', [...nsArgs, file, ...rest], {
      name: 'engine',
      stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
      env: opts.engineEnv({ layout, holder }),
      graceMs: 15_000,
    });
    engine.child.stderr?.on('data', (d: Buffer) => process.stderr.write(d));
    owner.add('engine', engine);
    return { owner, layout, holder, engine };
  } catch (err) {
    await owner.dispose();
    throw err;
  }
}

