// Stopping during start-up, and starting again after a crash: the namespace holder outlives a
// killed daemon and is rejoined only when its mount namespace was fully prepared.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import Docker from 'dockerode';
import { identify } from '../../src/process/proc-identity.js';
import { BURROW, childPids, startDaemon, testEnv } from './harness.js';
import { holderPid, inNamespace } from './netns-server.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
/** Orphans are not always reaped here (the sandbox's pid 1), so a zombie counts as gone. */
const running = async (pid: number | string): Promise<boolean> => (await identify(Number(pid))) !== undefined;

async function recordedHolder(xdg: string): Promise<number | undefined> {
  const text = await readFile(join(xdg, 'burrow', 'pause.json'), 'utf8').catch(() => undefined);
  return text === undefined ? undefined : (JSON.parse(text) as { pid: number }).pid;
}

describe('restarts', { timeout: 120_000 }, () => {
  test('SIGTERM while the daemon is still starting cleans up everything', async () => {
    const { env, xdg } = await testEnv();
    for (const delayMs of [100, 250, 400]) {
      const proc = spawn(BURROW, ['daemon'], { env, stdio: 'ignore' });
      const exited = new Promise<number | null>((r) => proc.on('exit', (c) => { r(c); }));
      await sleep(delayMs);
      const children = await childPids(proc.pid ?? -1);
      const holder = await recordedHolder(xdg);
      proc.kill('SIGTERM');
      await exited;
      await sleep(300);
      const left = await Promise.all(children.map(running));
      assert.deepEqual(children.filter((_, i) => left[i]), [], `no child left (SIGTERM after ${delayMs} ms)`);
      if (holder !== undefined) assert.equal(await running(holder), false, 'holder gone');
      assert.equal(existsSync(join(xdg, 'docker.sock')), false, 'no socket left');
      assert.equal(existsSync(join(xdg, 'docker.pid')), false, 'no pid file left');
    }
  });

  test('after a crash the next daemon rejoins the namespaces and works', async () => {
    const d1 = await startDaemon();
    const pid = await holderPid(d1.xdg);
    d1.proc.kill('SIGKILL');
    await d1.exited;
    await sleep(300);
    assert.equal(await running(pid), true, 'the holder outlives a crashed daemon');
    const d2 = await startDaemon({ XDG_RUNTIME_DIR: d1.xdg, HOME: d1.home });
    try {
      assert.match(d2.stderr(), new RegExp(`rejoining the namespaces of a running holder.*pid=${pid}`));
      assert.equal(await holderPid(d2.xdg), pid);
      assert.equal(String(await new Docker({ socketPath: d2.sock }).ping()), 'OK');
      const r = await inNamespace(d2.xdg, 'id -u; test -L /etc/resolv.conf -o -f /etc/resolv.conf && echo etc-ok');
      assert.match(r.out, /^0\netc-ok/);
    } finally {
      await d2.cleanup();
      await d1.cleanup();
    }
    assert.equal(await running(pid), false, 'a clean stop removes the holder');
  });

  test('a holder whose copy-up was cut short is discarded, not rejoined', async () => {
    const d1 = await startDaemon();
    const pid = await holderPid(d1.xdg);
    const r = await inNamespace(d1.xdg, 'rm /etc/.burrow-copied-up');
    assert.equal(r.code, 0, r.out);
    d1.proc.kill('SIGKILL');
    await d1.exited;
    await sleep(300);
    const d2 = await startDaemon({ XDG_RUNTIME_DIR: d1.xdg, HOME: d1.home });
    try {
      assert.match(d2.stderr(), /discarding a namespace holder left half-prepared/);
      assert.notEqual(await holderPid(d2.xdg), pid);
      assert.equal(await running(pid), false, 'the broken holder was killed');
      assert.equal(String(await new Docker({ socketPath: d2.sock }).ping()), 'OK');
    } finally {
      await d2.cleanup();
      await d1.cleanup();
    }
  });
});
