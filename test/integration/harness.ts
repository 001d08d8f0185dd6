// Starts the real `burrow daemon` as the (unprivileged) test user with a private runtime dir,
// home and data root, so tests do not see each other or the user's own daemon.
import { spawn, type ChildProcess } from 'node:child_process';
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { mkdtemp, rm } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const BURROW = fileURLToPath(new URL('../../../bin/burrow', import.meta.url));

/** The fixture registry's busybox (../shared/fixtures/registry.sh). */
export const BUSYBOX = '127.0.0.1:5000/library/busybox:latest';
/** A suite's skip reason when the fixture registries are not running, else false. */
export const fixtureSkip: string | false = await fetch('http://127.0.0.1:5000/v2/').then((r) => r.ok, () => false)
  ? false
  : 'the fixture registries are not running (../shared/fixtures/registry.sh start)';

export interface TestDaemon {
  proc: ChildProcess;
  xdg: string;
  home: string;
  sock: string;
  env: NodeJS.ProcessEnv;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  cleanup(): Promise<void>;
}

/** A private 0700 directory outside /tmp (the runtime-dir check refuses /tmp, as the reference advises). */
export async function privateDir(prefix: string): Promise<string> {
  return mkdtemp(join(homedir(), `.burrow-it-${prefix}-`));
}

/** Private runtime dir and home; `extra` may name existing ones (a restart reuses a crashed daemon's). */
export async function testEnv(extra: NodeJS.ProcessEnv = {}): Promise<{ env: NodeJS.ProcessEnv; xdg: string; home: string }> {
  const xdg = extra.XDG_RUNTIME_DIR ?? (await privateDir('xdg'));
  const home = extra.HOME ?? (await privateDir('home'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    XDG_RUNTIME_DIR: xdg,
    HOME: home,
    XDG_DATA_HOME: join(home, '.local', 'share'),
    XDG_CONFIG_HOME: join(home, '.config'),
    ...extra,
  };
  return { env, xdg, home };
}

export async function startDaemon(extra: NodeJS.ProcessEnv = {}, args: string[] = [], timeoutMs = 30_000): Promise<TestDaemon> {
  const { env, xdg, home } = await testEnv(extra);
  const proc = spawn(BURROW, ['daemon', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  proc.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  proc.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => { resolve(code); }));
  const d: TestDaemon = {
    proc,
    xdg,
    home,
    sock: join(xdg, 'docker.sock'),
    env: { ...env, DOCKER_HOST: `unix://${join(xdg, 'docker.sock')}` },
    stdout: () => out,
    stderr: () => err,
    exited,
    async stop(signal = 'SIGTERM') {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
      return exited;
    },
    async cleanup() {
      // containers outlive their daemon (conmon keeps them): removed first, or they would be left running
      if (proc.exitCode === null && proc.signalCode === null) {
        const ids = (await runTool('docker', ['ps', '-aq'], d.env)).stdout.split('\n').filter((id) => id !== '');
        if (ids.length > 0) await runTool('docker', ['rm', '-f', ...ids], d.env, 60_000);
      }
      await d.stop();
      // the data root holds files owned by subordinate ids, which only the user namespace can delete
      const removed = await runTool(BURROW, ['rm-data'], env);
      if (removed.code !== 0) throw new Error(`burrow rm-data failed: ${removed.stderr}`);
      await rm(xdg, { recursive: true, force: true });
      await rm(home, { recursive: true, force: true });
    },
  };
  const started = Date.now();
  while (!out.includes('burrow daemon is ready')) {
    if (proc.exitCode !== null) {
      // a daemon refused at start leaves nothing but the directories made for it here
      for (const [dir, given] of [[xdg, extra.XDG_RUNTIME_DIR], [home, extra.HOME]] as const) if (given === undefined) await rm(dir, { recursive: true, force: true });
      throw new Error(`burrow daemon exited ${proc.exitCode}: ${err}`);
    }
    if (Date.now() - started > timeoutMs) {
      await d.cleanup();
      throw new Error(`burrow daemon not ready after ${timeoutMs} ms: ${err}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  return d;
}

/** Runs a tool to completion; `input`, when given, is its stdin (else it has none). */
export function runTool(file: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs = 30_000, input?: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { env, stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'], timeout: timeoutMs });
    if (input !== undefined) child.stdin?.end(input);
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => { resolve({ code, stdout, stderr }); });
  });
}

/** Direct children of a process, by pid. */
export async function childPids(pid: number): Promise<number[]> {
  const r = await runTool('ps', ['-o', 'pid=', '--ppid', String(pid)], process.env);
  return r.stdout.split('\n').map((l) => Number(l.trim())).filter((n) => n > 0);
}

export interface DockerSuite {
  /** The suite's daemon, from its before hook on; a test may replace it (a restart). */
  daemon: TestDaemon;
  docker: (args: string[], input?: string) => ReturnType<typeof runTool>;
  /** `docker args`, which must succeed; its stdout. */
  ok: (args: string[]) => Promise<string>;
}

/**
 * For a describe(): registers the hooks that give the suite a daemon of its own (started with
 * `daemonArgs` and `daemonEnv`) with the fixture busybox pulled, and clean it up afterwards.
 */
export function dockerSuite(daemonArgs: string[] = [], daemonEnv: NodeJS.ProcessEnv = {}): DockerSuite {
  let daemon: TestDaemon | undefined;
  const current = (): TestDaemon => {
    if (!daemon) throw new Error('the suite\'s daemon is not started yet (use it from tests or hooks)');
    return daemon;
  };
  const suite: DockerSuite = {
    get daemon() { return current(); },
    set daemon(d) { daemon = d; },
    docker: (args, input) => runTool('docker', args, current().env, 120_000, input),
    ok: async (args) => {
      const r = await suite.docker(args);
      assert.equal(r.code, 0, `docker ${args.join(' ')}: ${r.stderr}`);
      return r.stdout;
    },
  };
  before(async () => {
    daemon = await startDaemon(daemonEnv, daemonArgs);
    await suite.ok(['pull', '-q', BUSYBOX]);
  });
  after(async () => {
    await daemon?.cleanup();
  });
  return suite;
}
