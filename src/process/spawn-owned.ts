// Long-running helpers (slirp4netns, the port child, the engine) die with their owner: they are
// started through `setpriv --pdeathsig KILL` because Node's spawn has no hook between fork and
// exec, and disposing one sends SIGTERM, waits, then SIGKILLs. Every wait is bounded.
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import type { Disposable } from '../base/owner.js';

export interface OwnedProcess extends Disposable {
  readonly child: ChildProcess;
  readonly pid: number;
  /** Resolves with the exit code (or signal name) once the process has exited. */
  readonly exited: Promise<number | string>;
  stderrTail(): string;
}

export interface SpawnOwnedOptions extends SpawnOptions {
  name: string;
  graceMs?: number;
  pdeathsig?: boolean;
}

const TAIL_BYTES = 4096;

export function spawnOwned(file: string, args: readonly string[], options: SpawnOwnedOptions): OwnedProcess {
  const { name, graceMs = 5000, pdeathsig = true, ...spawnOptions } = options;
  const [cmd, argv] = pdeathsig ? ['setpriv', ['--pdeathsig', 'KILL', '--', file, ...args]] : [file, [...args]];
  const child = spawn(cmd, argv, spawnOptions);
  let tail = '';
  child.stderr?.setEncoding('utf8').on('data', (d: string) => {
    tail = (tail + d).slice(-TAIL_BYTES);
  });
  const exited = new Promise<number | string>((resolve) => {
    child.on('exit', (code, signal) => { resolve(code ?? signal ?? 'unknown'); });
    child.on('error', (err) => {
      tail += `\n${name}: ${err.message}`;
      resolve('spawn-error');
    });
  });
  return {
    child,
    pid: child.pid ?? -1,
    exited,
    stderrTail: () => tail.trim(),
    async dispose() {
      if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
      child.kill('SIGTERM');
      const timer = new Promise<'timeout'>((r) => setTimeout(() => { r('timeout'); }, graceMs).unref());
      if ((await Promise.race([exited, timer])) === 'timeout') {
        child.kill('SIGKILL');
        await exited;
      }
    },
  };
}

/** An error for a helper that died before it became ready, with what it printed. */
export function exitedEarly(name: string, proc: OwnedProcess, code: number | string): Error {
  const tail = proc.stderrTail();
  return new Error(`${name} exited (${code}) before it was ready${tail ? `: ${tail}` : ''}`);
}
