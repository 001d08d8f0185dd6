// `docker exec`: the OCI runtime's own exec, run by the engine with the process's stdio on pipes.
// Unlike the container, an exec does not outlive the engine (dockerd's don't either), so conmon
// would only add a process and a log file between the client and the output. With a terminal,
// runc runs the pty itself and copies between it and these pipes.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { constants } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import type { RuntimeRef } from './oci.js';

/** An OCI process object (runtime-spec config.json's `process`), for `runc exec --process`. */
export interface ProcessSpec {
  args: string[];
  env: string[];
  cwd: string;
  terminal?: boolean;
  user: { uid: number; gid: number; additionalGids?: number[] };
  [field: string]: unknown;
}

export interface ExecRun {
  child: ChildProcess;
  stdin: Writable | null;
  stdout: Readable;
  stderr: Readable;
  /** The exit code (128 + n for a signal), once the process is gone and its output drained; rejects with the runtime's own error if it could not start it. */
  exited: Promise<number>;
}

/** The runtime's failure to start the process, with the exit code dockerd reports for it. */
export class ExecStartError extends Error {
  constructor(message: string, readonly exitCode: number) {
    super(message);
  }
}

function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** runc's --log-format json lines: the last error is why the exec failed. */
function lastError(log: string): string | undefined {
  let found: string | undefined;
  for (const line of log.split('\n')) {
    try {
      const entry = JSON.parse(line) as { level?: string; msg?: string };
      if (entry.level === 'error' && entry.msg !== undefined) found = entry.msg;
    } catch {
      // a line runc did not write as JSON carries no error of its own
    }
  }
  return found;
}

export function spawnExec(ref: RuntimeRef, containerId: string, process: ProcessSpec, scratchDir: string, stdin: boolean): ExecRun {
  const name = `exec-${randomBytes(8).toString('hex')}`;
  const specPath = join(scratchDir, `${name}.json`);
  const logPath = join(scratchDir, `${name}.log`);
  // synchronous: a small file on tmpfs, and the thread pool's round trip would be most of its cost
  writeFileSync(specPath, JSON.stringify(process));
  // runc's own errors go to the log, so that the process's stderr is only the process's
  const argv = [ref.runtime, '--root', ref.runtimeRoot, '--log', logPath, '--log-format', 'json', 'exec', '--process', specPath, containerId];
  // runc in the foreground wants a terminal of its own to run the process's pty from; script
  // (util-linux) gives it one on top of these pipes, and passes the exit status on (-e)
  const [file, args] = process.terminal === true ? ['script', ['-qefc', argv.map(shellQuote).join(' '), '/dev/null']] : [argv[0] ?? '', argv.slice(1)];
  // script turns an end of its input into a byte on the terminal: its stdin stays open until the end
  const child = spawn(file, args, { stdio: [stdin || process.terminal === true ? 'pipe' : 'ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number>((resolve, reject) => {
    child.on('error', reject);
    // 'close': after the output pipes are drained, so a reader has everything when this settles
    child.on('close', (code, signal) => {
      const status = code ?? 128 + (signal === null ? 0 : constants.signals[signal]);
      const cleanup = (): Promise<unknown> => Promise.all([rm(specPath, { force: true }), rm(logPath, { force: true })]);
      // success needs no look at runc's log, and the client waits for this: the files go afterwards
      if (code === 0) {
        resolve(0);
        void cleanup();
        return;
      }
      void (async () => {
        const log = await readFile(logPath, 'utf8').catch(() => '');
        await cleanup();
        const error = lastError(log);
        if (error !== undefined) {
          const notFound = /executable file not found|no such file or directory/.test(error);
          reject(new ExecStartError(`OCI runtime exec failed: ${error}: unknown`, notFound ? 127 : 126));
          return;
        }
        resolve(status);
      })();
    });
  });
  return { child, stdin: stdin ? child.stdin : null, stdout: child.stdout as Readable, stderr: child.stderr as Readable, exited };
}
