import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createContainer } from '../../../src/runtime/index.js';

const run = promisify(execFile);
const scenarios = fileURLToPath(new URL('./scenarios.js', import.meta.url));
const RUNC = '/usr/sbin/runc';
const missing = ['/bin/busybox', RUNC, '/usr/bin/conmon', '/usr/bin/unshare'].filter((p) => !existsSync(p));
const skip = missing.length > 0 ? `needs ${missing.join(', ')} (apt-get install busybox-static runc conmon)` : false;

let base = '';
before(async () => { base = await mkdtemp(join(tmpdir(), 'burrow-runtime-')); });
// Containers left by a failed assertion: host root may signal and delete them from outside the namespace.
after(async () => {
  const root = join(base, 'runc');
  const ids = existsSync(root) ? await readdir(root) : [];
  await Promise.all(ids.map((id) => run(RUNC, ['--root', root, 'delete', '--force', id]).catch(() => undefined)));
  await rm(base, { recursive: true, force: true });
});

/** Runs `body` (module code with `s` = scenarios, `base` = temp dir) as root of a fresh user+mount namespace. */
async function inUserns(body: string): Promise<unknown> {
  const code = `import * as s from ${JSON.stringify(scenarios)}; const base = process.argv[1]; ${body}`;
  const { stdout } = await run('unshare', ['--user', '--map-root-user', '--mount', '--', process.execPath, '--input-type=module', '-e', code, base], { timeout: 60_000 });
  return JSON.parse(stdout);
}

test('runtime: a container exits 3 with stdout and stderr in its k8s-file log', { skip }, async () => {
  const r = await inUserns('console.log(JSON.stringify(await s.exitCodeAndLogs(base)));') as { code: number; lines: string[]; pid: number; conmonPid: number };
  assert.equal(r.code, 3);
  assert.deepEqual(r.lines, ['stdout hi', 'stderr err']);
  assert.ok(r.pid > 0 && r.conmonPid > 0 && r.pid !== r.conmonPid);
});

test('runtime: exec takes stdin and gives its streams apart and its exit code; a missing binary is 127; SIGKILL records 137', { skip }, async () => {
  const r = await inUserns('console.log(JSON.stringify(await s.execAndKill(base)));') as { missing: string };
  assert.match(r.missing, /^127 OCI runtime exec failed: .*\/nope.*: unknown$/);
  assert.deepEqual({ ...r, missing: '' }, { exec: 4, out: 'in-exec typed\n', err: 'oops\n', missing: '', status: 'running', code: 137 });
});

test('runtime: the container and its conmon outlive the process that created them', { skip }, async () => {
  const r = await inUserns(`
    const { execFileSync } = await import('node:child_process');
    execFileSync(process.execPath, ['--input-type=module', '-e', 'import * as s from ' + JSON.stringify(${JSON.stringify(scenarios)}) + '; await s.startDetached(process.argv[1]);', base]);
    console.log(JSON.stringify(await s.checkOrphan(base)));`);
  assert.deepEqual(r, { before: 'running', code: 137 });
});

test('runtime: a failed create carries runc\'s error, and a relative runtime path conmon\'s', { skip }, async () => {
  const message = await inUserns('console.log(JSON.stringify(await s.failedCreate(base)));');
  assert.match(String(message), /^conmon create bad: runc create failed: .*"\/nope": stat \/nope: no such file/);
  await assert.rejects(createContainer({
    id: 'rel', bundle: join(base, 'rel'), runtime: 'runc', runtimeRoot: join(base, 'runc'),
    stateDir: join(base, 'rel.state'), logPath: join(base, 'rel.log'), tty: false, stdin: false,
  }), /Runtime path runc is not valid/);
});
