import { spawn } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { syncMessages, type SyncMessage } from './sync-pipe.js';

/** What every conmon invocation shares: the runtime, its state root and the per-container dir. */
export interface ConmonBase {
  id: string;
  bundle: string;
  /** Absolute path: conmon does not search PATH. */
  runtime: string;
  runtimeRoot: string;
  stateDir: string;
  logPath: string;
  logDriver?: 'k8s-file';
  conmon?: string;
}

/** The state-dir layout conmon writes into; exit-file.ts reads `exits/`. */
export function conmonPaths(stateDir: string): { exits: string; persist: string; sockets: string; pidfile: string; conmonPidfile: string } {
  return {
    exits: join(stateDir, 'exits'),
    persist: join(stateDir, 'persist'),
    sockets: join(stateDir, 'sockets'),
    pidfile: join(stateDir, 'pidfile'),
    conmonPidfile: join(stateDir, 'conmon.pid'),
  };
}

/**
 * Arguments for conmon's container (create) and exec modes, with the runtime's --root passed
 * through. conmon names the exit file after -c (the container id) in both modes and writes
 * `exit` into the persist dir, so an exec needs its own dirs or it overwrites the container's.
 */
export async function baseArgs(opts: ConmonBase, uuid: string, dirs: { exits: string; persist: string }): Promise<string[]> {
  const paths = { ...conmonPaths(opts.stateDir), ...dirs };
  await Promise.all([paths.exits, paths.persist, paths.sockets].map((d) => mkdir(d, { recursive: true })));
  return [
    '--api-version', '1',
    '-c', opts.id,
    '-u', uuid,
    '-n', opts.id,
    '-r', opts.runtime,
    '-b', opts.bundle,
    '--exit-dir', paths.exits,
    '--persist-dir', paths.persist,
    '--socket-dir-path', paths.sockets,
    '-l', `${opts.logDriver ?? 'k8s-file'}:${opts.logPath}`,
    '--runtime-arg', '--root', '--runtime-arg', opts.runtimeRoot,
    // runc's warnings (e.g. about the non-empty cgroup it inherits without delegation) would
    // otherwise land in the container's log; runc still prints fatal errors to stderr.
    '--runtime-arg', '--log', '--runtime-arg', join(opts.stateDir, 'runc.log'),
  ];
}

/** A launched conmon: its sync messages and the stderr it printed so far (for errors). */
export interface ConmonRun {
  messages: AsyncGenerator<SyncMessage, void>;
  stderr: () => string;
  exited: Promise<void>;
  /** Closes our ends of the pipes; the monitor keeps its copies. */
  close: () => void;
}

/**
 * Starts conmon with the sync pipe on fd 3 and the start pipe on fd 4, as podman does.
 * conmon blocks reading the start pipe (podman moves it into a cgroup first), so one byte is
 * written and the pipe closed. Without --sync conmon forks and the first process exits, so
 * the monitor is reparented away from us; detached puts it in its own session so a signal
 * to the engine's process group does not reach it.
 */
export function launchConmon(binary: string, args: string[]): ConmonRun {
  const child = spawn(binary, args, {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'],
    env: { ...process.env, _OCI_SYNCPIPE: '3', _OCI_STARTPIPE: '4' },
    detached: true,
  });
  const [, , stderrPipe, syncPipe, startPipe] = child.stdio as [null, null, Readable, Readable, Writable];
  const errText: Buffer[] = [];
  stderrPipe.on('data', (b: Buffer) => errText.push(b));
  startPipe.on('error', () => undefined);
  startPipe.end('0');
  const exited = new Promise<void>((resolve, reject) => {
    child.on('error', reject);
    // 'exit', not 'close': the daemonized monitor keeps our stdio pipes open.
    child.on('exit', () => { resolve(); });
  });
  child.unref();
  return {
    messages: syncMessages(syncPipe),
    stderr: () => Buffer.concat(errText).toString().trim(),
    exited,
    close: () => { stderrPipe.destroy(); syncPipe.destroy(); startPipe.destroy(); },
  };
}

/** The next sync message, or an error carrying conmon's (and through it runc's) stderr. */
export async function nextMessage(run: ConmonRun, what: string): Promise<number> {
  const { value, done } = await run.messages.next();
  if (done === true) throw new Error(`conmon ${what}: sync pipe closed: ${run.stderr()}`);
  if (value.data < 0) throw new Error(`conmon ${what}: ${value.message ?? run.stderr()}`);
  return value.data;
}
