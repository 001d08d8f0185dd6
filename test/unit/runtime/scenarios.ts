// Run inside `unshare -r -m` by runtime.test.ts: drives containers the way the engine will.
import { spawn } from 'node:child_process';
import { copyFile, mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  createContainer, deleteContainer, ExecStartError, killContainer, parseLogLine, spawnExec, startContainer, state, waitExit,
  type CreateOptions,
} from '../../../src/runtime/index.js';

/** A busybox bundle whose config.json comes from `runc spec --rootless`, running `args`. */
export async function makeBundle(dir: string, args: string[]): Promise<void> {
  const rootfs = join(dir, 'rootfs');
  await mkdir(join(rootfs, 'bin'), { recursive: true });
  await copyFile('/bin/busybox', join(rootfs, 'bin/busybox'));
  await Promise.all(['sh', 'echo', 'cat', 'sleep'].map((n) => symlink('busybox', join(rootfs, 'bin', n))));
  await run('runc', ['spec', '--rootless', '--bundle', dir]);
  const config = JSON.parse(await readFile(join(dir, 'config.json'), 'utf8')) as { process: { args: string[]; terminal: boolean }; root: { readonly: boolean } };
  config.process.args = args;
  config.process.terminal = false;
  config.root.readonly = false;
  await writeFile(join(dir, 'config.json'), JSON.stringify(config));
}

function run(file: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { stdio: 'inherit' });
    child.on('error', reject);
    child.on('close', (code) => { if (code === 0) resolve(); else reject(new Error(`${file} failed: ${String(code)}`)); });
  });
}

export function options(base: string, id: string): CreateOptions {
  return {
    id, bundle: join(base, id), runtime: '/usr/sbin/runc', runtimeRoot: join(base, 'runc'),
    stateDir: join(base, `${id}.state`), logPath: join(base, `${id}.log`), tty: false, stdin: false,
  };
}

async function logLines(path: string): Promise<string[]> {
  const text = await readFile(path, 'utf8');
  return text.split('\n').filter((l) => l !== '').map((l) => { const r = parseLogLine(l); return `${r.stream} ${r.text}`; });
}

/** Exit code and log of a container that prints to both streams and exits 3. */
export async function exitCodeAndLogs(base: string): Promise<{ code: number; lines: string[]; pid: number; conmonPid: number }> {
  const opts = options(base, 'exit3');
  await makeBundle(opts.bundle, ['sh', '-c', 'echo hi; echo err >&2; exit 3']);
  const { pid, conmonPid } = await createContainer(opts);
  await startContainer(opts, opts.id);
  const code = await waitExit(opts.stateDir, opts.id);
  await deleteContainer(opts, opts.id, false);
  return { code, lines: await logLines(opts.logPath), pid, conmonPid };
}

/** A sleeping container: exec into it (output on pipes, then a missing binary), then SIGKILL it. */
export async function execAndKill(base: string): Promise<{ exec: number; out: string; err: string; missing: string; status: string; code: number }> {
  const opts = options(base, 'sleeper');
  await makeBundle(opts.bundle, ['sleep', '100']);
  await createContainer(opts);
  await startContainer(opts, opts.id);
  const proc = { args: ['sh', '-c', 'read line; echo "in-exec $line"; echo oops >&2; exit 4'], env: ['PATH=/bin'], cwd: '/', user: { uid: 0, gid: 0 } };
  const run = spawnExec(opts, opts.id, proc, base, true);
  run.stdin?.end('typed\n');
  let out = '';
  let err = '';
  run.stdout.on('data', (b: Buffer) => (out += b.toString()));
  run.stderr.on('data', (b: Buffer) => (err += b.toString()));
  const exec = await run.exited;
  const missing = await spawnExec(opts, opts.id, { ...proc, args: ['/nope'] }, base, false).exited
    .then((c) => `exit ${c}`, (e: unknown) => (e instanceof ExecStartError ? `${e.exitCode} ${e.message}` : String(e)));
  const { status } = await state(opts, opts.id);
  await killContainer(opts, opts.id, 'KILL');
  const code = await waitExit(opts.stateDir, opts.id);
  await deleteContainer(opts, opts.id, false);
  return { exec, out, err, missing, status, code };
}

/** Creates and starts a sleeping container, then returns so the calling process can exit. */
export async function startDetached(base: string): Promise<void> {
  const opts = options(base, 'orphan');
  await makeBundle(opts.bundle, ['sleep', '100']);
  await createContainer(opts);
  await startContainer(opts, opts.id);
}

/** After startDetached's process exited: the container is still running, then is killed. */
export async function checkOrphan(base: string): Promise<{ before: string; code: number }> {
  const opts = options(base, 'orphan');
  const { status } = await state(opts, opts.id);
  await killContainer(opts, opts.id, 'KILL');
  const code = await waitExit(opts.stateDir, opts.id);
  await deleteContainer(opts, opts.id, false);
  return { before: status, code };
}

/** The error createContainer throws when runc cannot start the process. */
export async function failedCreate(base: string): Promise<string> {
  const opts = options(base, 'bad');
  await makeBundle(opts.bundle, ['/nope']);
  return createContainer(opts).then(() => 'created', (err: unknown) => (err instanceof Error ? err.message : String(err)));
}
