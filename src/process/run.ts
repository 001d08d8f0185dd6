// Short-lived host tools (mount, ip, ...) that must succeed: on failure the error carries the
// tool's own stderr, which is what explains the problem to a user. Spawning itself is runFile's.
import { SystemError } from '../base/errors.js';
import { runFile, type RunOptions } from '../host/run-file.js';

export async function runChecked(file: string, args: string[], options: RunOptions = {}): Promise<string> {
  const r = await runFile(file, args, { timeoutMs: 10_000, ...options });
  if (r.code !== 0) {
    const why = r.code === null ? 'did not run to completion' : `exit status ${r.code}`;
    throw new SystemError(`${[file, ...args].join(' ')} failed: ${r.stderr.trim() || why}: ${why}`);
  }
  return r.stdout;
}
