import { watch } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** conmon writes the exit file as `<exit-dir>/<cid>`; a signal death is recorded as 128+signo. */
export function exitFilePath(stateDir: string, id: string): string {
  return join(stateDir, 'exits', id);
}

/** The recorded exit code, or undefined while the container has not exited. */
export async function readExitCode(stateDir: string, id: string): Promise<number | undefined> {
  let text: string;
  try {
    text = await readFile(exitFilePath(stateDir, id), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  // conmon creates the file before writing the number; an empty read means "not yet".
  if (text.trim() === '') return undefined;
  return Number.parseInt(text, 10);
}

/**
 * Resolves with the exit code once conmon writes it. fs.watch catches it at once; the poll
 * covers watchers that miss events (overlay, NFS) and the file landing before the watch began.
 */
export function waitExit(stateDir: string, id: string, opts: { pollMs?: number; signal?: AbortSignal } = {}): Promise<number> {
  const dir = join(stateDir, 'exits');
  return new Promise((resolve, reject) => {
    let done = false;
    const watcher = watch(dir, () => { void check(); });
    const timer = setInterval(() => { void check(); }, opts.pollMs ?? 500);
    const finish = (fn: () => void): void => {
      if (done) return;
      done = true;
      watcher.close();
      clearInterval(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      fn();
    };
    const onAbort = (): void => { finish(() => { reject(new Error(`waiting for ${id}: aborted`)); }); };
    const check = async (): Promise<void> => {
      try {
        const code = await readExitCode(stateDir, id);
        if (code !== undefined) finish(() => { resolve(code); });
      } catch (err) {
        finish(() => { reject(err instanceof Error ? err : new Error(String(err))); });
      }
    };
    watcher.on('error', (err) => { finish(() => { reject(err); }); });
    opts.signal?.addEventListener('abort', onAbort);
    void check();
  });
}
