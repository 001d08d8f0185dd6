// Images through the real docker CLI against the fixture registries (../shared/fixtures/registry.sh):
// :5000 plain HTTP, :5001 TLS + basic auth, :5002 bearer tokens.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BURROW, privateDir, runTool, startDaemon, type TestDaemon } from './harness.js';
import { serveHostileImage, type RawEntry } from './hostile-registry.js';

const PLAIN = '127.0.0.1:5000';
const BASIC = '127.0.0.1:5001';
const TOKEN = '127.0.0.1:5002';
const FIXTURE_CA = '/var/tmp/burrow-fixtures/certs/ca.crt';
const reachable = (await fetch(`http://${PLAIN}/v2/`).then((r) => r.ok, () => false));
const skip = reachable ? false : 'the fixture registries are not running (../shared/fixtures/registry.sh start)';

function docker(d: TestDaemon, args: string[], timeoutMs = 120_000): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return runTool('docker', args, d.env, timeoutMs);
}

async function ok(d: TestDaemon, args: string[]): Promise<string> {
  const r = await docker(d, args);
  assert.equal(r.code, 0, `docker ${args.join(' ')}: ${r.stderr}${r.stdout}`);
  return r.stdout;
}

/** Runs a shell script in the daemon's namespaces (as root there, the user outside). */
async function inNs(d: TestDaemon, script: string): Promise<string> {
  const r = await runTool(BURROW, ['nsenter', 'sh', '-c', script], d.env);
  assert.equal(r.code, 0, `${script}: ${r.stderr}${r.stdout}`);
  return r.stdout;
}

async function layerDirs(d: TestDaemon, image: string): Promise<string[]> {
  const gd = JSON.parse(await ok(d, ['image', 'inspect', '--format', '{{json .GraphDriver}}', image])) as { Name: string; Data: Record<string, string> };
  return [gd.Data.UpperDir ?? '', ...(gd.Data.LowerDir ? gd.Data.LowerDir.split(':') : [])].filter((x) => x !== '');
}

describe('images', { skip, timeout: 600_000 }, () => {
  let d: TestDaemon;
  before(async () => {
    d = await startDaemon();
  });
  after(async () => {
    await d.cleanup();
  });

  test('pull by tag: the busybox index resolves to amd64 and docker images lists it with a size', async () => {
    const out = await ok(d, ['pull', `${PLAIN}/library/busybox:latest`]);
    assert.match(out, /Pull complete/);
    assert.match(out, /Digest: sha256:[a-f0-9]{64}/);
    assert.match(out, /Status: Downloaded newer image for 127\.0\.0\.1:5000\/library\/busybox:latest/);
    assert.equal((await ok(d, ['image', 'inspect', '--format', '{{.Architecture}}', `${PLAIN}/library/busybox`])).trim(), 'amd64');
    const dirs = await layerDirs(d, `${PLAIN}/library/busybox`);
    assert.ok(dirs.length > 0);
    const decoy = await inNs(d, dirs.map((p) => `test -e '${p}/ARM64-ONLY' && echo found; `).join('') + 'echo checked');
    assert.equal(decoy.trim(), 'checked', 'the arm64 decoy file is in no layer');
    const list = await ok(d, ['images', '--format', '{{.Repository}}:{{.Tag}} {{.Size}}']);
    assert.match(list, /127\.0\.0\.1:5000\/library\/busybox:latest \d+(\.\d+)?[kMG]?B/);
    const again = await ok(d, ['pull', `${PLAIN}/library/busybox:latest`]);
    assert.match(again, /Image is up to date/);
  });

  test('pull by digest records the digest, and debian then nginx shares a layer', async () => {
    const digest = (await ok(d, ['image', 'inspect', '--format', '{{index .RepoDigests 0}}', `${PLAIN}/library/busybox`])).trim();
    assert.match(digest, /@sha256:[a-f0-9]{64}$/);
    await ok(d, ['rmi', `${PLAIN}/library/busybox:latest`]);
    const out = await ok(d, ['pull', digest]);
    assert.match(out, /Status: Downloaded newer image for 127\.0\.0\.1:5000\/library\/busybox@sha256:/);
    await ok(d, ['pull', `${PLAIN}/library/debian:bookworm`]);
    const nginx = await ok(d, ['pull', `${PLAIN}/library/nginx:latest`]);
    assert.match(nginx, /Already exists/);
  });

  test('fixture/layers unpacks exactly: whiteouts, opaque dir, owners, setuid, hard links, symlink, fifo', async () => {
    await ok(d, ['pull', `${PLAIN}/fixture/layers:latest`]);
    const dirs = await layerDirs(d, `${PLAIN}/fixture/layers`);
    const gd = (await ok(d, ['image', 'inspect', '--format', '{{.GraphDriver.Name}}', `${PLAIN}/fixture/layers`])).trim();
    // the merged view, as a container will see it
    const root = gd === 'vfs' ? dirs[0] ?? '' : '/tmp/burrow-it-merged';
    const mountCmd = gd === 'vfs' ? 'true' : `mkdir -p ${root} && mount -t overlay overlay -o lowerdir=${dirs.join(':')},userxattr ${root}`;
    const out = await inNs(d, [
      mountCmd,
      `cd ${root}`,
      'stat -c "%n %u %g %a" data/owned data/owned/app.txt data/nobody.txt data/setuid',
      'stat -c "%n %h" data/keep.txt',
      'readlink data/keep-symlink.txt',
      'stat -c "%n %F" data/fifo',
      'test -e data/gone.txt && echo gone-still-there || echo gone-removed',
      'test -e gonedir && echo gonedir-still-there || echo gonedir-removed',
      'ls opq',
      gd === 'vfs' ? 'true' : `cd / && umount ${root}`,
    ].join(' && '));
    assert.match(out, /data\/owned 1000 1000 750/);
    assert.match(out, /data\/owned\/app\.txt 1000 1000 640/);
    assert.match(out, /data\/nobody\.txt 65534 65534 600/);
    assert.match(out, /data\/setuid 0 0 4755/);
    assert.match(out, /data\/keep\.txt 2/);
    assert.match(out, /^keep\.txt$/m);
    assert.match(out, /data\/fifo fifo/);
    assert.match(out, /gone-removed/);
    assert.match(out, /gonedir-removed/);
    assert.match(out, /^new\.txt$/m);
    assert.doesNotMatch(out, /old1\.txt/);
  });

  test('tag, filters, history, and rmi untags before it deletes', async () => {
    await ok(d, ['tag', `${PLAIN}/library/debian:bookworm`, 'burrow-it/deb:one']);
    await ok(d, ['tag', `${PLAIN}/library/debian:bookworm`, 'burrow-it/deb:two']);
    const listed = await ok(d, ['images', '--filter', 'reference=burrow-it/*', '--format', '{{.Repository}}:{{.Tag}}']);
    assert.deepEqual(listed.trim().split('\n').sort(), ['burrow-it/deb:one', 'burrow-it/deb:two']);
    const history = await ok(d, ['history', '--format', '{{.ID}} {{.Size}}', 'burrow-it/deb:one']);
    assert.match(history.split('\n')[0] ?? '', /^[a-f0-9]{12} \d/);
    const untag = await ok(d, ['rmi', 'burrow-it/deb:one']);
    assert.equal(untag.trim(), 'Untagged: burrow-it/deb:one', 'another tag still points at it: only untagged');
    const id = (await ok(d, ['image', 'inspect', '--format', '{{.Id}}', 'burrow-it/deb:two'])).trim();
    const conflict = await docker(d, ['rmi', id.slice(7, 19)]);
    assert.notEqual(conflict.code, 0);
    assert.match(conflict.stderr, /conflict: unable to delete [a-f0-9]{12} \(must be forced\) - image is referenced in multiple repositories/);
    await ok(d, ['rmi', 'burrow-it/deb:two']);
  });

  test('import makes a one-layer image from a tarball, with --change applied', async () => {
    const src = await mkdtemp(join(d.home, 'import-'));
    await mkdir(join(src, 'etc'));
    await writeFile(join(src, 'etc', 'imported.txt'), 'from a tarball\n');
    const tarball = join(d.home, 'import.tar.gz');
    assert.equal((await runTool('tar', ['-C', src, '-czf', tarball, '.'], process.env)).code, 0);
    const id = (await ok(d, ['import', '--change', 'CMD ["/bin/sh"]', '--message', 'hello', tarball, 'burrow-it/imported:1'])).trim();
    assert.match(id, /^sha256:[a-f0-9]{64}$/);
    assert.equal((await ok(d, ['image', 'inspect', '--format', '{{json .Config.Cmd}} {{.Comment}}', 'burrow-it/imported:1'])).trim(), '["/bin/sh"] hello');
    const [dir] = await layerDirs(d, 'burrow-it/imported:1');
    assert.equal((await inNs(d, `cat '${dir ?? ''}/etc/imported.txt'`)).trim(), 'from a tarball');
    await ok(d, ['rmi', 'burrow-it/imported:1']);
    await rm(src, { recursive: true, force: true });
  });

  test('save, rmi, load round-trips an image', async () => {
    const tmp = await mkdtemp(join(d.home, 'save-'));
    const archive = join(tmp, 'busybox.tar');
    const idBefore = (await ok(d, ['image', 'inspect', '--format', '{{.Id}}', `${PLAIN}/library/debian:bookworm`])).trim();
    await ok(d, ['save', '-o', archive, `${PLAIN}/library/debian:bookworm`]);
    await ok(d, ['rmi', `${PLAIN}/library/debian:bookworm`]);
    const loaded = await ok(d, ['load', '-i', archive]);
    assert.match(loaded, /Loaded image: 127\.0\.0\.1:5000\/library\/debian:bookworm/);
    assert.equal((await ok(d, ['image', 'inspect', '--format', '{{.Id}}', `${PLAIN}/library/debian:bookworm`])).trim(), idBefore);
    await rm(tmp, { recursive: true, force: true });
  });

  test('push to :5000 and pull back gives the same digest', async () => {
    const repo = `${PLAIN}/burrow-it/busybox-${process.pid}:pushed`;
    await ok(d, ['tag', `${PLAIN}/fixture/layers:latest`, repo]);
    const pushed = await ok(d, ['push', repo]);
    const m = /pushed: digest: (sha256:[a-f0-9]{64})/.exec(pushed);
    assert.ok(m?.[1], pushed);
    await ok(d, ['rmi', repo]);
    const pulled = await ok(d, ['pull', repo]);
    assert.match(pulled, new RegExp(`Digest: ${m[1]}`));
  });

  test('unknown images and bad references fail with docker\'s messages', async () => {
    const unknown = await docker(d, ['pull', `${PLAIN}/library/busybox:no-such-tag`]);
    assert.notEqual(unknown.code, 0);
    assert.match(unknown.stderr, /manifest for 127\.0\.0\.1:5000\/library\/busybox:no-such-tag not found: manifest unknown/);
    const bad = await docker(d, ['image', 'inspect', 'Bad:Ref']);
    assert.notEqual(bad.code, 0);
    const missing = await docker(d, ['image', 'inspect', 'no-such-image-here']);
    assert.match(missing.stderr, /No such image: no-such-image-here/);
    const rmi = await docker(d, ['rmi', 'no-such-image-here']);
    assert.match(rmi.stderr, /No such image: no-such-image-here/);
  });

  test(':5001 after docker login with the fixture CA in certs.d', async () => {
    const certs = join(d.env.XDG_CONFIG_HOME ?? join(d.home, '.config'), 'docker', 'certs.d', BASIC);
    await mkdir(certs, { recursive: true });
    await copyFile(FIXTURE_CA, join(certs, 'ca.crt'));
    const cfg = await mkdtemp(join(d.home, 'dockercfg-'));
    const env = { ...d.env, DOCKER_CONFIG: cfg };
    const denied = await runTool('docker', ['pull', `${BASIC}/library/busybox:latest`], env, 60_000);
    assert.notEqual(denied.code, 0);
    const login = await runTool('docker', ['login', '-u', 'fixture', '-p', 'fixture-pass', BASIC], env);
    assert.equal(login.code, 0, login.stderr);
    assert.match(login.stdout, /Login Succeeded/);
    const pull = await runTool('docker', ['pull', `${BASIC}/library/busybox:latest`], env, 120_000);
    assert.equal(pull.code, 0, pull.stderr);
    assert.ok(existsSync(join(cfg, 'config.json')));
    assert.match(await readFile(join(cfg, 'config.json'), 'utf8'), /127\.0\.0\.1:5001/);
  });

  test(':5002 through the bearer token flow', async () => {
    const out = await ok(d, ['pull', `${TOKEN}/library/busybox:latest`]);
    assert.match(out, /Status: Downloaded newer image|Image is up to date/);
  });

  for (const [what, entries] of [
    ['a name with ..', (out: string): RawEntry[] => [{ name: `../../../../../../../../..${out}/pwned`, type: 'file', body: 'x' }]],
    ['an absolute symlink followed by a write through it', (out: string): RawEntry[] => [
      { name: 'evil', type: 'symlink', linkname: out },
      { name: 'evil/pwned', type: 'file', body: 'x' },
    ]],
    ['a relative symlink climbing out', (out: string): RawEntry[] => [
      { name: 'up', type: 'symlink', linkname: `../../../../../../../../../..${out}` },
      { name: 'up/pwned', type: 'file', body: 'x' },
    ]],
    ['a hard link to a file outside', (out: string): RawEntry[] => [{ name: 'passwd', type: 'hardlink', linkname: `../../../../../../../../..${out}/victim` }]],
  ] as const) {
    test(`a hostile layer cannot write outside: ${what}`, async () => {
      const outside = await privateDir('outside');
      const reg = await serveHostileImage(entries(outside));
      try {
        const r = await docker(d, ['pull', `${reg.address}/hostile:latest`]);
        assert.notEqual(r.code, 0, `the pull must fail: ${r.stdout}`);
        assert.equal(existsSync(join(outside, 'pwned')), false, 'nothing was written outside the layer');
        const listed = await ok(d, ['images', '--format', '{{.Repository}}']);
        assert.doesNotMatch(listed, /hostile/, 'no image was recorded');
      } finally {
        await reg.close();
        await rm(outside, { recursive: true, force: true });
      }
    });
  }
});

describe('a pull interrupted by kill -9', { skip, timeout: 300_000 }, () => {
  test('leaves no image that looks complete, and the next pull succeeds', async () => {
    const first = await startDaemon();
    const image = `${PLAIN}/library/nginx:latest`;
    const pulling = docker(first, ['pull', image]);
    // wait until blobs are downloading, then kill the daemon (its engine dies with it: pdeathsig)
    const ingest = join(first.home, '.local', 'share', 'docker', 'content', 'ingest');
    const started = Date.now();
    while (!(await readdir(ingest).then((f) => f.length > 0, () => false))) {
      if (Date.now() - started > 60_000) assert.fail('the pull never started downloading');
      await new Promise((r) => setTimeout(r, 10));
    }
    first.proc.kill('SIGKILL');
    await pulling;
    const again = await startDaemon({ XDG_RUNTIME_DIR: first.xdg, HOME: first.home });
    try {
      const inspect = await docker(again, ['image', 'inspect', image]);
      assert.notEqual(inspect.code, 0, 'no image that looks complete');
      const out = await ok(again, ['pull', image]);
      assert.match(out, /Downloaded newer image/);
    } finally {
      await again.cleanup();
    }
  });
});
