// Volumes and mounts through the real docker CLI (#5): named volumes across containers, the
// volume commands, bind mounts and the uid mapping, :ro, tmpfs, anonymous volumes and copy-up.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { BUSYBOX, fixtureSkip, runTool, startDaemon, dockerSuite } from './harness.js';

describe('volumes and mounts', { skip: fixtureSkip, timeout: 300_000 }, () => {
  const suite = dockerSuite();
  const { docker, ok } = suite;

  test('a named volume keeps data across containers', async () => {
    await ok(['run', '--rm', '-v', 'keeper:/data', BUSYBOX, 'sh', '-c', 'echo kept > /data/file']);
    assert.equal(await ok(['run', '--rm', '-v', 'keeper:/data', BUSYBOX, 'cat', '/data/file']), 'kept\n');
    assert.equal((await ok(['volume', 'ls', '-q'])).split('\n').includes('keeper'), true);
  });

  test('docker volume create/ls/inspect/rm, and rm of a volume in use is refused with 409', async () => {
    assert.equal(await ok(['volume', 'create', '--label', 'team=blue', 'vol1']), 'vol1\n');
    const inspected = JSON.parse(await ok(['volume', 'inspect', 'vol1'])) as Record<string, unknown>[];
    assert.equal(inspected.length, 1);
    const v = inspected[0] ?? {};
    assert.deepEqual({ Name: v.Name, Driver: v.Driver, Scope: v.Scope, Labels: v.Labels }, { Name: 'vol1', Driver: 'local', Scope: 'local', Labels: { team: 'blue' } });
    assert.match(String(v.Mountpoint), /\/volumes\/vol1\/_data$/);
    assert.match(String(v.CreatedAt), /^\d{4}-\d\d-\d\dT/);
    assert.equal(await ok(['volume', 'ls', '-q', '--filter', 'label=team=blue']), 'vol1\n');

    await ok(['create', '--name', 'holder', '-v', 'vol1:/x', BUSYBOX, 'true']);
    const id = (await ok(['inspect', '--format', '{{.Id}}', 'holder'])).trim();
    const refused = await docker(['volume', 'rm', 'vol1']);
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, new RegExp(`remove vol1: volume is in use - \\[${id}\\]`));
    const raw = await runTool('curl', ['-s', '-o', '/dev/null', '-w', '%{http_code}', '-X', 'DELETE', '--unix-socket', suite.daemon.sock, 'http://d/volumes/vol1'], suite.daemon.env);
    assert.equal(raw.stdout, '409');
    await ok(['rm', 'holder']);
    await ok(['volume', 'rm', 'vol1']);
    const gone = await docker(['volume', 'inspect', 'vol1']);
    assert.notEqual(gone.code, 0);
    assert.match(gone.stderr, /no such volume/);
  });

  test('a bind-mounted host directory is writable by the container\'s root, and its new file belongs to the user', async () => {
    const dir = join(suite.daemon.home, 'bind-src');
    await mkdir(dir);
    await ok(['run', '--rm', '-v', `${dir}:/mnt`, BUSYBOX, 'sh', '-c', 'echo from-container > /mnt/new; id -u']);
    const info = await stat(join(dir, 'new'));
    assert.equal(info.uid, process.getuid?.());
    assert.equal(info.gid, process.getgid?.());
    assert.equal(await readFile(join(dir, 'new'), 'utf8'), 'from-container\n');

    const made = join(suite.daemon.home, 'made-by-v', 'deeper');
    await ok(['run', '--rm', '-v', `${made}:/m`, BUSYBOX, 'true']);
    assert.equal((await stat(made)).isDirectory(), true, '-v creates a missing host directory');
    const missing = await docker(['run', '--rm', '--mount', `type=bind,source=${join(suite.daemon.home, 'nope')},target=/m`, BUSYBOX, 'true']);
    assert.notEqual(missing.code, 0);
    assert.match(missing.stderr, new RegExp(`invalid mount config for type "bind": bind source path does not exist: ${join(suite.daemon.home, 'nope')}`));
  });

  test(':ro refuses writes, --mount type=bind,readonly too', async () => {
    const dir = join(suite.daemon.home, 'ro-src');
    await mkdir(dir);
    const r = await docker(['run', '--rm', '-v', `${dir}:/ro:ro`, BUSYBOX, 'sh', '-c', 'echo x > /ro/f']);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /Read-only file system/);
    const m = await docker(['run', '--rm', '--mount', `type=bind,source=${dir},target=/ro,readonly`, BUSYBOX, 'touch', '/ro/f']);
    assert.notEqual(m.code, 0);
    assert.match(m.stderr, /Read-only file system/);
    assert.equal(await ok(['run', '--rm', '-v', `${dir}:/ro:ro`, BUSYBOX, 'sh', '-c', 'grep " /ro " /proc/mounts | grep -c "[ ,]ro[ ,]"']), '1\n');
  });

  test('--mount type=tmpfs mounts a tmpfs with its size and mode', async () => {
    const out = await ok(['run', '--rm', '--mount', 'type=tmpfs,target=/scratch,tmpfs-size=1m,tmpfs-mode=1770', BUSYBOX, 'sh', '-c', 'grep " /scratch " /proc/mounts; stat -c %a /scratch; echo hi > /scratch/f && cat /scratch/f']);
    assert.match(out, /^tmpfs \/scratch tmpfs .*size=1024k.*mode=1770/);
    assert.match(out, /\n1770\nhi\n$/);
  });

  test('an anonymous volume is removed by docker rm -v, a named one stays', async () => {
    await ok(['run', '--name', 'anon', '-v', '/anon', '-v', 'stays:/named', BUSYBOX, 'sh', '-c', 'echo a > /anon/f']);
    const mounts = JSON.parse(await ok(['inspect', '--format', '{{json .Mounts}}', 'anon'])) as { Name: string; Destination: string; Type: string }[];
    const anon = mounts.find((m) => m.Destination === '/anon');
    assert.ok(anon);
    assert.equal(anon.Type, 'volume');
    assert.match(anon.Name, /^[0-9a-f]{64}$/);
    assert.equal((await ok(['volume', 'ls', '-q'])).split('\n').includes(anon.Name), true);
    await ok(['rm', '-v', 'anon']);
    const left = (await ok(['volume', 'ls', '-q'])).split('\n');
    assert.equal(left.includes(anon.Name), false);
    assert.equal(left.includes('stays'), true);
  });

  test('copy-up: an empty named volume mounted on image content gets that content first', async () => {
    const out = await ok(['run', '--rm', '-v', 'etcvol:/etc', BUSYBOX, 'cat', '/etc/group']);
    assert.match(out, /^root:x:0:/);
    const mountpoint = (await ok(['volume', 'inspect', '--format', '{{.Mountpoint}}', 'etcvol'])).trim();
    assert.match(await readFile(join(mountpoint, 'group'), 'utf8'), /^root:x:0:/);
    await ok(['run', '--rm', '-v', 'quiet:/etc:nocopy', BUSYBOX, 'true']);
    const quiet = (await ok(['volume', 'inspect', '--format', '{{.Mountpoint}}', 'quiet'])).trim();
    // the runtime still creates the mount points of /etc/hosts and friends in it, as with dockerd
    assert.equal((await readdir(quiet)).includes('group'), false, 'nocopy copies nothing from the image');
  });

  test('local driver options a rootless daemon can mount: type=tmpfs and o=bind; others are refused at create', async () => {
    await ok(['volume', 'create', '--opt', 'type=tmpfs', '--opt', 'device=tmpfs', '--opt', 'o=size=2m', 'tmpvol']);
    assert.match(await ok(['run', '--rm', '-v', 'tmpvol:/t', BUSYBOX, 'sh', '-c', 'echo x > /t/f; grep " /t " /proc/mounts']), /^tmpfs \/t tmpfs .*size=2048k/);
    const shared = join(suite.daemon.home, 'bound');
    await mkdir(shared);
    await ok(['volume', 'create', '--opt', 'type=none', '--opt', `device=${shared}`, '--opt', 'o=bind', 'bindvol']);
    await ok(['run', '--rm', '-v', 'bindvol:/b', BUSYBOX, 'sh', '-c', 'echo via-volume > /b/f']);
    assert.equal(await readFile(join(shared, 'f'), 'utf8'), 'via-volume\n');
    const nfs = await docker(['volume', 'create', '--opt', 'type=nfs', '--opt', 'device=:/export', '--opt', 'o=addr=10.0.0.1', 'nfsvol']);
    assert.notEqual(nfs.code, 0);
    assert.match(nfs.stderr, /create nfsvol: a rootless daemon cannot mount type "nfs"/);
    const plugin = await docker(['volume', 'create', '-d', 'convoy', 'pv']);
    assert.match(plugin.stderr, /create pv: error looking up volume plugin convoy: plugin "convoy" not found/);
    await ok(['volume', 'rm', 'tmpvol', 'bindvol']);
    assert.equal(await readFile(join(shared, 'f'), 'utf8'), 'via-volume\n', 'removing a bind volume unmounts it first and leaves the host directory alone');
  });

  test('volume prune removes unused anonymous volumes; --all the named ones too', async () => {
    await ok(['run', '--rm', '-v', 'pruneme:/p', BUSYBOX, 'true']);
    await ok(['create', '-v', '/anon2', '--name', 'leaver', BUSYBOX, 'true']);
    await ok(['rm', 'leaver']);
    const before = (await ok(['volume', 'ls', '-q'])).trim().split('\n').length;
    const pruned = await ok(['volume', 'prune', '-f']);
    assert.match(pruned, /Total reclaimed space/);
    const names = (await ok(['volume', 'ls', '-q'])).trim().split('\n');
    assert.equal(names.length, before - 1);
    assert.equal(names.includes('pruneme'), true);
    await ok(['volume', 'prune', '-f', '--all']);
    assert.equal((await ok(['volume', 'ls', '-q'])).trim(), '');
  });

  test('a volume, its labels and its data survive a daemon restart', async () => {
    await ok(['volume', 'create', '--label', 'k=v', 'durable']);
    await ok(['run', '--rm', '-v', 'durable:/d', BUSYBOX, 'sh', '-c', 'echo still > /d/f']);
    await suite.daemon.stop();
    suite.daemon = await startDaemon({ XDG_RUNTIME_DIR: suite.daemon.xdg, HOME: suite.daemon.home });
    assert.equal(await ok(['volume', 'inspect', '--format', '{{.Labels.k}}', 'durable']), 'v\n');
    assert.equal(await ok(['run', '--rm', '-v', 'durable:/d', BUSYBOX, 'cat', '/d/f']), 'still\n');
  });
});
