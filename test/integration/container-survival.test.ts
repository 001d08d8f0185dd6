// Containers outlive the daemon: each runs under its own conmon, so a daemon killed with SIGKILL
// leaves it running, and the next daemon adopts it (ps, logs, stop) and records exits it missed.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { identify } from '../../src/process/proc-identity.js';
import { BUSYBOX, fixtureSkip, childPids, runTool, startDaemon, type TestDaemon } from './harness.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('containers across a daemon crash', { skip: fixtureSkip, timeout: 180_000 }, () => {
  test('kill -9 of the daemon leaves a detached container running; the next daemon shows, logs and stops it', async () => {
    const d1 = await startDaemon();
    const docker = (d: TestDaemon, args: string[]): ReturnType<typeof runTool> => runTool('docker', args, d.env, 60_000);
    const ok = async (d: TestDaemon, args: string[]): Promise<string> => {
      const r = await docker(d, args);
      assert.equal(r.code, 0, `docker ${args.join(' ')}: ${r.stderr}\ndaemon: ${d.stderr().slice(-2000)}`);
      return r.stdout;
    };
    let d2: TestDaemon | undefined;
    try {
      await ok(d1, ['pull', '-q', BUSYBOX]);
      await ok(d1, ['run', '-d', '--name', 'survivor', BUSYBOX, 'sh', '-c', 'trap "exit 0" TERM; i=0; while :; do echo tick $i; i=$((i+1)); sleep 0.2; done']);
      await ok(d1, ['run', '-d', '--name', 'shortlived', BUSYBOX, 'sh', '-c', 'sleep 2; exit 7']);
      await ok(d1, ['run', '-d', '--name', 'web', '-p', '28090:80', BUSYBOX, 'sh', '-c', 'mkdir /www && echo still-served > /www/index.html && exec httpd -f -p 80 -h /www']);
      const webIp = (await ok(d1, ['inspect', '-f', '{{.NetworkSettings.IPAddress}}', 'web'])).trim();
      const pid = (await ok(d1, ['inspect', '-f', '{{.State.Pid}}', 'survivor'])).trim();
      const engines = [];
      for (const child of await childPids(d1.proc.pid ?? -1)) {
        const cmdline = await readFile(`/proc/${child}/cmdline`, 'utf8').catch(() => '');
        if (cmdline.includes('engine.js')) engines.push(child);
      }
      assert.equal(engines.length, 1, 'one engine process');
      d1.proc.kill('SIGKILL');
      await d1.exited;
      await sleep(2500);
      // its exec of node cleared the parent-death signal once; an engine left over would unlink the next daemon's socket
      assert.equal(await identify(engines[0] ?? -1), undefined, 'the engine died with its daemon');
      assert.equal(await runTool('kill', ['-0', pid], d1.env).then((r) => r.code), 0, 'the container outlived the daemon');

      d2 = await startDaemon({ XDG_RUNTIME_DIR: d1.xdg, HOME: d1.home });
      assert.equal((await ok(d2, ['ps', '--format', '{{.Names}} {{.State}}'])).trim().split('\n').sort().join(','), 'survivor running,web running');
      // the new daemon publishes the survivor's ports again and keeps its address out of other hands
      let page = '';
      for (let i = 0; i < 50 && page === ''; i++) {
        page = (await runTool('curl', ['-s', '--max-time', '2', 'http://127.0.0.1:28090/'], d2.env)).stdout;
        if (page === '') await sleep(200);
      }
      assert.equal(page, 'still-served\n');
      const other = (await ok(d2, ['run', '--rm', BUSYBOX, 'sh', '-c', "ip -o -4 addr show eth0 | awk '{print $4}'"])).trim();
      assert.notEqual(other.split('/')[0], webIp);
      assert.equal((await ok(d2, ['inspect', '-f', '{{.State.Status}} {{.State.ExitCode}}', 'shortlived'])).trim(), 'exited 7', 'the exit while the daemon was down is recorded');
      const before = (await ok(d2, ['logs', 'survivor'])).trim().split('\n');
      await sleep(600);
      const after = (await ok(d2, ['logs', 'survivor'])).trim().split('\n');
      assert.ok(before.length >= 10 && after.length > before.length, `logs kept and still growing: ${before.length} then ${after.length}`);
      assert.equal(after[0], 'tick 0');
      await ok(d2, ['stop', '-t', '5', 'survivor']);
      assert.equal((await ok(d2, ['inspect', '-f', '{{.State.Status}} {{.State.ExitCode}}', 'survivor'])).trim(), 'exited 0');
      await ok(d2, ['rm', '-f', 'survivor', 'shortlived', 'web']);
    } finally {
      await d2?.cleanup();
      await d1.cleanup();
    }
  });
});
