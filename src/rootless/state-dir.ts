// The daemon's run-time state under $XDG_RUNTIME_DIR (RootlessKit's --state-dir): a lock that
// stops a second daemon of the same user, the namespace holder's identity, and api.sock.
import { mkdir, open, readFile, rm, rename, chmod } from 'node:fs/promises';
import { join } from 'node:path';
import { ConflictError, errnoCode } from '../base/errors.js';
import { atomicWrite } from '../base/atomic-write.js';
import { identify, isAlive, type ProcIdentity } from '../process/proc-identity.js';

export interface StateLayout {
  dir: string;
  lock: string;
  pause: string;
  apiSock: string;
  pidFile: string;
}

export function stateLayout(xdgRuntimeDir: string): StateLayout {
  const dir = join(xdgRuntimeDir, 'burrow');
  return {
    dir,
    lock: join(dir, 'lock'),
    pause: join(dir, 'pause.json'),
    apiSock: join(dir, 'api.sock'),
    pidFile: join(xdgRuntimeDir, 'docker.pid'),
  };
}

export async function readIdentity(path: string): Promise<ProcIdentity | undefined> {
  try {
    const v = JSON.parse(await readFile(path, 'utf8')) as Partial<ProcIdentity>;
    return typeof v.pid === 'number' && typeof v.startTime === 'string' ? { pid: v.pid, startTime: v.startTime } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Takes the per-user lock. The lock file holds the owner's pid and start time; a lock whose
 * owner is gone (a crash) is replaced, a live one is refused with the owner's pid.
 */
export async function acquireLock(layout: StateLayout): Promise<{ release(): Promise<void> }> {
  await mkdir(layout.dir, { recursive: true, mode: 0o700 });
  await chmod(layout.dir, 0o700);
  const me = await identify(process.pid);
  if (!me) throw new Error('cannot read /proc/self/stat');
  const body = JSON.stringify(me);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fh = await open(layout.lock, 'wx', 0o600);
      await fh.writeFile(body);
      await fh.close();
      return {
        release: async () => {
          const holder = await readIdentity(layout.lock);
          if (holder?.pid === me.pid && holder.startTime === me.startTime) await rm(layout.lock, { force: true });
        },
      };
    } catch (err) {
      if (errnoCode(err) !== 'EEXIST') throw err;
    }
    const holder = await readIdentity(layout.lock);
    if (holder && (await isAlive(holder))) {
      throw new ConflictError(
        `another burrow daemon (pid ${holder.pid}) is already running for this user with state directory ${layout.dir}`,
        { hint: `stop it first (kill ${holder.pid}), or use it: export DOCKER_HOST=unix://$XDG_RUNTIME_DIR/docker.sock`, code: 'BURROW_DAEMON_RUNNING' },
      );
    }
    // stale: move it aside atomically so two starting daemons cannot both take it over
    await rename(layout.lock, `${layout.lock}.stale.${process.pid}`).catch(() => undefined);
    await rm(`${layout.lock}.stale.${process.pid}`, { force: true });
  }
  throw new ConflictError(`could not take the lock ${layout.lock}`);
}

export async function writeIdentity(path: string, id: ProcIdentity): Promise<void> {
  await atomicWrite(path, JSON.stringify(id));
}
