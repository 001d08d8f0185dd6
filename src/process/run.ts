// Short-lived host tools (newuidmap, mount, ip, ...): run to completion with a timeout, and on
// failure report the tool's own stderr, which is what explains the problem to a user.
import { spawn } from 'node:child_process';
import { SystemError } from '../base/errors.js';

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  timeoutMs?: number;
  env?: NodeJS.ProcessEnv;
  input?: string;
}

export function run(file: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      env: options.env ?? process.env,
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      timeout: options.timeoutMs ?? 10_000,
      killSignal: 'SIGKILL',
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    if (options.input !== undefined) child.stdin?.end(options.input);
    child.on('error', reject);
    child.on('close', (code, signal) => { resolve({ code, signal, stdout, stderr }); });
  });
}

/** Runs and throws a SystemError carrying the command and its stderr unless it exits 0. */
export async function runChecked(file: string, args: readonly string[], options: RunOptions = {}): Promise<string> {
  const r = await run(file, args, options);
  if (r.code !== 0) {
    const why = r.signal ? `killed by ${r.signal}` : `exit status ${r.code}`;
    throw new SystemError(`${[file, ...args].join(' ')} failed: ${r.stderr.trim() || why}: ${why}`);
  }
  return r.stdout;
}
