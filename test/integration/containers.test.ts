// Containers through the real docker CLI (first cut of #5): run, exit codes, output streams, rm.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { runTool, startDaemon, type TestDaemon } from './harness.js';

const BUSYBOX = '127.0.0.1:5000/library/busybox:latest';
const reachable = await fetch('http://127.0.0.1:5000/v2/').then((r) => r.ok, () => false);
const skip = reachable ? false : 'the fixture registries are not running (../shared/fixtures/registry.sh start)';

describe('containers', { skip, timeout: 300_000 }, () => {
  let d: TestDaemon;
  const docker = (args: string[]): ReturnType<typeof runTool> => runTool('docker', args, d.env, 120_000);
  before(async () => {
    d = await startDaemon();
    const pulled = await docker(['pull', '-q', BUSYBOX]);
    assert.equal(pulled.code, 0, pulled.stderr);
  });
  after(async () => {
    await d.cleanup();
  });

  test('docker run --rm busybox echo hi prints hi and leaves nothing behind', async () => {
    const r = await docker(['run', '--rm', BUSYBOX, 'echo', 'hi']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, 'hi\n');
    const ps = await docker(['ps', '-a', '-q']);
    assert.equal(ps.stdout.trim(), '', '--rm removed the container');
  });

  test('the exit code propagates, and stdout and stderr stay separate in run and in logs', async () => {
    const r = await docker(['run', '--name', 'streams', BUSYBOX, 'sh', '-c', 'echo out; echo err >&2; exit 3']);
    assert.equal(r.code, 3);
    assert.equal(r.stdout, 'out\n');
    assert.equal(r.stderr, 'err\n');
    const logs = await docker(['logs', 'streams']);
    assert.equal(logs.stdout, 'out\n');
    assert.equal(logs.stderr, 'err\n');
    const inspect = await docker(['inspect', '--format', '{{.State.Status}} {{.State.ExitCode}}', 'streams']);
    assert.equal(inspect.stdout.trim(), 'exited 3');
    assert.equal((await docker(['rm', 'streams'])).code, 0);
  });

  test('the container runs as root of the user namespace, in the image\'s filesystem', async () => {
    const r = await docker(['run', '--rm', BUSYBOX, 'sh', '-c', 'id -u; cat /proc/self/uid_map | wc -l; hostname | wc -c']);
    assert.equal(r.code, 0, r.stderr);
    const [uid, maps, hostLen] = r.stdout.trim().split('\n');
    assert.equal(uid, '0');
    assert.equal(Number(maps) >= 2, true, 'the subordinate range is mapped too');
    assert.equal(hostLen, '13', 'the hostname is the short container id');
  });

  test('docker exec runs in the container, with output and exit code', async () => {
    assert.equal((await docker(['run', '-d', '--name', 'execme', BUSYBOX, 'sleep', '100'])).code, 0);
    const r = await docker(['exec', '-e', 'GREETING=hello', 'execme', 'sh', '-c', 'echo "$GREETING from $(hostname)"; echo oops >&2; exit 4']);
    assert.equal(r.code, 4);
    assert.match(r.stdout, /^hello from [a-f0-9]{12}\n$/);
    assert.equal(r.stderr, 'oops\n');
    assert.equal((await docker(['rm', '-f', 'execme'])).code, 0);
  });

  test('rm of a running container is refused with 409, stop then rm works', async () => {
    const started = await docker(['run', '-d', '--name', 'sleeper', BUSYBOX, 'sleep', '100']);
    assert.equal(started.code, 0, started.stderr);
    const refused = await docker(['rm', 'sleeper']);
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /You cannot remove a running container/);
    const ps = await docker(['ps', '--format', '{{.Names}} {{.Status}}']);
    assert.match(ps.stdout, /sleeper Up/);
    assert.equal((await docker(['stop', '-t', '1', 'sleeper'])).code, 0);
    assert.equal((await docker(['rm', 'sleeper'])).code, 0);
  });
});
