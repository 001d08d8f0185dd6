// Containers through the real docker CLI (first cut of #5): run, exit codes, output streams, rm.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { BUSYBOX, fixtureSkip, runTool, dockerSuite } from './harness.js';

const LAYERS = '127.0.0.1:5000/fixture/layers:latest';

describe('containers', { skip: fixtureSkip, timeout: 300_000 }, () => {
  const suite = dockerSuite();
  const { docker } = suite;

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

  test('docker exec runs in the container, with output, exit code, stdin, -u, -w and a tty', async () => {
    assert.equal((await docker(['run', '-d', '--name', 'execme', BUSYBOX, 'sleep', '100'])).code, 0);
    const r = await docker(['exec', '-e', 'GREETING=hello', 'execme', 'sh', '-c', 'echo "$GREETING from $(hostname)"; echo oops >&2; exit 4']);
    assert.equal(r.code, 4);
    assert.match(r.stdout, /^hello from [a-f0-9]{12}\n$/);
    assert.equal(r.stderr, 'oops\n');
    const piped = await runTool('docker', ['exec', '-i', '-u', 'nobody', '-w', '/tmp', 'execme', 'sh', '-c', 'echo "$(id -un) in $(pwd) got $(cat)"'], suite.daemon.env, 60_000, 'typed');
    assert.equal(piped.code, 0, piped.stderr);
    assert.equal(piped.stdout, 'nobody in /tmp got typed\n');
    const tty = await docker(['exec', '-t', 'execme', 'sh', '-c', 'tty; echo $TERM']);
    assert.match(tty.stdout, /^\/dev\/pts\/\d+\r\nxterm\r\n$/);
    const missing = await docker(['exec', 'execme', 'no-such-binary']);
    assert.equal(missing.code, 127);
    assert.match(missing.stderr, /OCI runtime exec failed: .*no-such-binary/);
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

describe('container lifecycle', { skip: fixtureSkip, timeout: 300_000 }, () => {
  const suite = dockerSuite();
  const { docker, ok } = suite;

  test('fixture/layers runs as 1000:1000 in /data and sees exactly the tree its layers make', async () => {
    await ok(['pull', '-q', LAYERS]);
    const out = await ok(['run', '--rm', LAYERS, 'sh', '-c', [
      'id -u', 'id -g', 'pwd', 'ls -A | sort | tr "\\n" " "; echo', 'cat changed.txt', 'ls -A /opq',
      'stat -c "%n %u %g %a" owned owned/app.txt nobody.txt setuid', 'test -e /gonedir || echo no-gonedir',
      'cat owned/app.txt', 'stat -c "%F" fifo',
    ].join('; ')]);
    assert.deepEqual(out.split('\n'), [
      '1000', '1000', '/data',
      'changed.txt fifo keep-hardlink.txt keep-symlink.txt keep.txt nobody.txt owned setuid ',
      'version 2', 'new.txt',
      'owned 1000 1000 750', 'owned/app.txt 1000 1000 640', 'nobody.txt 65534 65534 600', 'setuid 0 0 4755',
      'no-gonedir', 'owned by 1000', 'fifo', '',
    ]);
  });

  test('echo hi | docker run -i busybox cat, and stdin reaches the process until its end', async () => {
    const r = await docker(['run', '--rm', '-i', BUSYBOX, 'cat'], 'hi\n');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, 'hi\n');
    const counted = await docker(['run', '--rm', '-i', BUSYBOX, 'sh', '-c', 'wc -l; exit 5'], 'a\nb\nc\n');
    assert.equal(counted.code, 5);
    assert.equal(counted.stdout.trim(), '3');
  });

  test('-t gives the process a terminal, and its output comes back raw', async () => {
    const r = await docker(['run', '--rm', '-t', BUSYBOX, 'sh', '-c', 'tty; echo out; echo err >&2']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '/dev/pts/0\r\nout\r\nerr\r\n');
  });

  test('stop of a container that ignores SIGTERM waits the timeout, then kills it', async () => {
    await ok(['run', '-d', '--name', 'stubborn', BUSYBOX, 'sh', '-c', 'trap "" TERM; while :; do sleep 1; done']);
    const started = Date.now();
    await ok(['stop', '-t', '2', 'stubborn']);
    const took = Date.now() - started;
    assert.ok(took >= 2000 && took < 8000, `stop took ${took} ms`);
    assert.equal((await ok(['inspect', '-f', '{{.State.ExitCode}}', 'stubborn'])).trim(), '137');
    const again = await docker(['stop', 'stubborn']);
    assert.equal(again.code, 0, 'stopping a stopped container is not an error');
    await ok(['rm', 'stubborn']);
  });

  test('restart policy on-failure:2 restarts twice, then leaves it exited', async () => {
    await ok(['run', '-d', '--name', 'flaky', '--restart', 'on-failure:2', BUSYBOX, 'sh', '-c', 'echo attempt; exit 1']);
    const deadline = Date.now() + 20_000;
    let state = '';
    while (Date.now() < deadline) {
      state = (await ok(['inspect', '-f', '{{.RestartCount}} {{.State.Status}}', 'flaky'])).trim();
      if (state === '2 exited') break;
      await new Promise((r) => setTimeout(r, 200));
    }
    assert.equal(state, '2 exited');
    assert.equal(await ok(['logs', 'flaky']), 'attempt\nattempt\nattempt\n', 'logs keep every run');
    assert.match(await ok(['ps', '-a', '--filter', 'name=flaky', '--format', '{{.Status}}']), /^Exited \(1\) .* ago$/m);
    await ok(['rm', 'flaky']);
  });

  test('restart policy always brings back a container until docker stop', async () => {
    await ok(['run', '-d', '--name', 'always', '--restart', 'always', BUSYBOX, 'sh', '-c', 'sleep 0.3']);
    const deadline = Date.now() + 20_000;
    let count = 0;
    while (Date.now() < deadline && count < 2) {
      count = Number((await ok(['inspect', '-f', '{{.RestartCount}}', 'always'])).trim());
      await new Promise((r) => setTimeout(r, 200));
    }
    assert.ok(count >= 2, `restarted ${count} times`);
    await ok(['stop', '-t', '1', 'always']);
    const stopped = Number((await ok(['inspect', '-f', '{{.RestartCount}}', 'always'])).trim());
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal((await ok(['inspect', '-f', '{{.RestartCount}} {{.State.Running}}', 'always'])).trim(), `${stopped} false`);
    await ok(['rm', 'always']);
  });

  test('logs: --tail, --timestamps, --since; ps: status texts and filters; rename; prune', async () => {
    await ok(['run', '--name', 'talker', '--label', 'role=talker', BUSYBOX, 'sh', '-c', 'for i in 1 2 3 4; do echo line $i; done']);
    assert.equal(await ok(['logs', '--tail', '2', 'talker']), 'line 3\nline 4\n');
    assert.match(await ok(['logs', '-t', '--tail', '1', 'talker']), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z line 4\n$/);
    assert.equal(await ok(['logs', '--since', '2000-01-01T00:00:00Z', 'talker']), 'line 1\nline 2\nline 3\nline 4\n');
    assert.equal(await ok(['logs', '--until', '2000-01-01T00:00:00Z', 'talker']), '');
    await ok(['run', '-d', '--name', 'runner', BUSYBOX, 'sleep', '60']);
    assert.match(await ok(['ps', '--format', '{{.Names}}|{{.Status}}']), /^runner\|Up (Less than a second|\d+ seconds?)$/m);
    assert.equal((await ok(['ps', '-a', '--filter', 'label=role=talker', '--format', '{{.Names}}'])).trim(), 'talker');
    assert.equal((await ok(['ps', '-a', '--filter', 'status=exited', '--format', '{{.Names}}'])).trim(), 'talker');
    assert.equal((await ok(['ps', '-a', '--filter', 'exited=0', '--format', '{{.Names}}'])).trim(), 'talker');
    assert.equal((await ok(['ps', '-a', '--filter', `ancestor=${BUSYBOX}`, '-q'])).trim().split('\n').length, 2);
    assert.equal((await ok(['ps', '-a', '--format', '{{.Names}}'])).trim(), 'runner\ntalker', 'newest first');
    await ok(['rename', 'talker', 'chatter']);
    const taken = await docker(['rename', 'chatter', 'runner']);
    assert.match(taken.stderr, /The container name "\/runner" is already in use/);
    const pruned = await ok(['container', 'prune', '-f']);
    assert.match(pruned, /Deleted Containers:\n[a-f0-9]{64}\n/);
    assert.equal((await ok(['ps', '-a', '--format', '{{.Names}}'])).trim(), 'runner', 'prune keeps running containers');
    await ok(['rm', '-f', 'runner']);
  });

  test('--init runs a static init as pid 1, which runs the command', async () => {
    const out = await ok(['run', '--rm', '--init', BUSYBOX, 'sh', '-c', 'tr "\\0" " " < /proc/1/cmdline; echo; echo $$']);
    assert.match(out, /^\/sbin\/docker-init -- sh -c .*\n\d+\n$/);
    assert.notEqual(out.trim().split('\n')[1], '1', 'the shell is not pid 1');
  });

  test('inspect shows the merged config and the restart policy as dockerd does', async () => {
    await ok(['create', '--name', 'shape', '-e', 'A=1', '--restart', 'unless-stopped', BUSYBOX]);
    const out = await ok(['inspect', '-f', '{{json .Config.Env}} {{json .Config.Cmd}} {{.HostConfig.RestartPolicy.Name}} {{.State.Status}} {{.Path}}', 'shape']);
    assert.equal(out.trim(), '["A=1","PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"] ["sh"] unless-stopped created sh');
    const bad = await docker(['create', '--restart', 'sometimes', BUSYBOX]);
    assert.notEqual(bad.code, 0);
    await ok(['rm', 'shape']);
  });
});

describe('events', { skip: fixtureSkip, timeout: 120_000 }, () => {
  const suite = dockerSuite();
  const { docker } = suite;

  test('docker events replays a container\'s life with --since/--until and filters', async () => {
    const since = Math.floor(Date.now() / 1000) - 1;
    assert.equal((await docker(['run', '--name', 'evented', '--label', 'who=me', BUSYBOX, 'sh', '-c', 'exit 3'])).code, 3);
    assert.equal((await docker(['tag', BUSYBOX, 'evented-image:one'])).code, 0);
    assert.equal((await docker(['rm', 'evented'])).code, 0);
    const until = Math.floor(Date.now() / 1000) + 1;
    const r = await docker(['events', '--since', String(since), '--until', String(until), '--filter', 'type=container', '--format', '{{.Action}} {{.Actor.Attributes.name}} {{.Actor.Attributes.exitCode}}']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.stdout.trim().split('\n'), ['create evented <no value>', 'attach evented <no value>', 'start evented <no value>', 'die evented 3', 'destroy evented <no value>']);
    const labelled = await docker(['events', '--since', String(since), '--until', String(until), '--filter', 'label=who=me', '--filter', 'event=die', '--format', '{{.Type}} {{.Action}}']);
    assert.equal(labelled.stdout.trim(), 'container die');
    const images = await docker(['events', '--since', String(since), '--until', String(until), '--filter', 'type=image', '--filter', 'event=tag', '--format', '{{.Action}} {{.Actor.ID}}']);
    assert.equal(images.stdout.trim(), 'tag evented-image:one');
  });
});
