// docker top and docker stats through the real docker CLI (#5). Without cgroups the numbers come
// from /proc, so they are checked the way a user reads them: a name, a usage, a pid count, a CPU %.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { BUSYBOX, fixtureSkip, dockerSuite } from './harness.js';

describe('top and stats', { skip: fixtureSkip, timeout: 300_000 }, () => {
  const suite = dockerSuite();
  const { docker } = suite;
  before(async () => {
    const started = await docker(['run', '-d', '--name', 'sleeper', BUSYBOX, 'sleep', '1000']);
    assert.equal(started.code, 0, started.stderr);
  });

  test('docker top lists the container\'s process, and only it', async () => {
    const r = await docker(['top', 'sleeper']);
    assert.equal(r.code, 0, r.stderr);
    const [header, ...rows] = r.stdout.trim().split('\n');
    assert.match(header ?? '', /^UID\s+PID\s+PPID\s+C\s+STIME\s+TTY\s+TIME\s+CMD$/);
    assert.equal(rows.length, 1, r.stdout);
    assert.match(rows[0] ?? '', /\ssleep 1000$/);
  });

  test('docker top passes ps options on', async () => {
    const r = await docker(['top', 'sleeper', '-o', 'pid,comm']);
    assert.equal(r.code, 0, r.stderr);
    const [header, ...rows] = r.stdout.trim().split('\n');
    assert.match(header ?? '', /^PID\s+COMMAND$/);
    assert.deepEqual(rows.map((l) => l.trim().split(/\s+/)[1]), ['sleep']);
  });

  test('docker top of a container that is not running fails as dockerd does', async () => {
    assert.equal((await docker(['create', '--name', 'idle', BUSYBOX, 'true'])).code, 0);
    const id = (await docker(['inspect', '--format', '{{.Id}}', 'idle'])).stdout.trim();
    const r = await docker(['top', 'idle']);
    assert.equal(r.code, 1);
    assert.equal(r.stderr.trim(), `Error response from daemon: Container ${id} is not running`);
  });

  test('docker stats --no-stream shows the name, a memory usage and the pid count', async () => {
    const r = await docker(['stats', '--no-stream', '--format', '{{.Name}} {{.MemUsage}} {{.PIDs}}', 'sleeper']);
    assert.equal(r.code, 0, r.stderr);
    const m = /^sleeper ([\d.]+)([KMG]i)?B \/ ([\d.]+)([KMGT]i)?B 1$/.exec(r.stdout.trim());
    assert.ok(m, r.stdout);
    assert.ok(Number(m[1]) > 0, 'a non-zero usage');
    assert.ok(Number(m[3]) > 0, 'a limit');
  });

  test('a container that is not running shows zeroes', async () => {
    const r = await docker(['stats', '--no-stream', '--format', '{{.Name}} {{.CPUPerc}} {{.MemUsage}} {{.PIDs}}', 'idle']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.trim(), 'idle 0.00% 0B / 0B 0');
  });

  test('a container burning CPU shows it in CPU %', async () => {
    const started = await docker(['run', '-d', '--name', 'burner', BUSYBOX, 'sh', '-c', 'while :; do :; done']);
    assert.equal(started.code, 0, started.stderr);
    const r = await docker(['stats', '--no-stream', '--format', '{{.CPUPerc}}', 'burner']);
    assert.equal(r.code, 0, r.stderr);
    const percent = Number(r.stdout.trim().replace(/%$/, ''));
    assert.ok(percent > 10, `CPU ${r.stdout.trim()}`);
  });
});
