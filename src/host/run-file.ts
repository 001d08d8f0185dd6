// Spawns a host tool and always resolves: checks report a tool that is missing, crashes or hangs
// as a finding, so a failed spawn must not become an exception.
import { execFile } from 'node:child_process';
import { errorMessage } from '../base/errors.js';

export interface RunOptions {
  timeoutMs?: number;
  env?: NodeJS.ProcessEnv;
}

export interface RunResult {
  /** null when the tool could not be started or was killed (timeout). */
  code: number | null;
  stdout: string;
  stderr: string;
}

export type RunFile = (file: string, args: string[], opts?: RunOptions) => Promise<RunResult>;

const DEFAULT_TIMEOUT_MS = 5_000;

export const runFile: RunFile = (file, args, opts = {}) =>
  new Promise((resolve) => {
    execFile(
      file,
      args,
      {
        timeout: opts.timeoutMs ?? DEFAULT_TIMEOUT_MS,
        killSignal: 'SIGKILL',
        env: opts.env ?? process.env,
        maxBuffer: 1024 * 1024,
        encoding: 'utf8',
      },
      (err, stdout, stderr) => {
        if (err === null) {
          resolve({ code: 0, stdout, stderr });
          return;
        }
        const code = typeof err.code === 'number' ? err.code : null;
        const why = err.killed ? `${file} timed out` : code === null ? errorMessage(err) : '';
        resolve({ code, stdout, stderr: why === '' ? stderr : `${stderr}${stderr === '' ? '' : '\n'}${why}` });
      },
    );
  });
