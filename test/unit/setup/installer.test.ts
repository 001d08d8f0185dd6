// burrow install's decisions before anything is written: the checks and their fixes, the rootful
// Docker refusal, --skip-iptables, and a unit the user has edited. systemctl is a recorded fake.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineCheck, type Check } from '../../../src/host/checks/check.js';
import { HostPaths } from '../../../src/host/host-paths.js';
import type { RunFile } from '../../../src/host/run-file.js';
import { Installer, unitPath, type SetupIo } from '../../../src/setup/installer.js';

interface Fixture {
  io: SetupIo;
  lines: string[];
  calls: string[];
  home: string;
  root: string;
  remove(): Promise<void>;
}

const ok = (id: string, blocking: boolean): Check => defineCheck({ id, title: id, blocking }, () => Promise.resolve({ status: 'ok', summary: 'fine' }));
const failing = (id: string, blocking: boolean): Check => defineCheck({ id, title: `the ${id} check`, blocking }, () =>
  Promise.resolve({ status: 'fail', summary: `${id} is missing`, fix: [`sudo apt-get install -y ${id}`] }));

/** A user with a private home and runtime dir, a host root of its own, and a systemctl that answers `systemd` or not. */
async function fixture(checks: Check[], systemd: boolean): Promise<Fixture> {
  const base = await mkdtemp(join(tmpdir(), 'burrow-install-'));
  const home = join(base, 'home');
  const root = join(base, 'root');
  await mkdir(join(home, 'run'), { recursive: true, mode: 0o700 });
  await mkdir(join(root, 'var', 'run'), { recursive: true });
  const lines: string[] = [];
  const calls: string[] = [];
  const exec: RunFile = (file, args) => {
    calls.push([file, ...args].join(' '));
    const verb = args[1];
    // a manager that starts nothing: install must notice the daemon never answers
    const code = !systemd ? 1 : verb === 'is-active' || verb === 'is-enabled' ? 3 : 0;
    return Promise.resolve({ code, stdout: '', stderr: systemd ? '' : 'Failed to connect to bus: No medium found' });
  };
  const io: SetupIo = {
    info: (t) => lines.push(`[INFO] ${t}`),
    warn: (t) => lines.push(`[WARNING] ${t}`),
    error: (t) => lines.push(`[ERROR] ${t}`),
    print: (t) => lines.push(t),
    user: { uid: 1000, gid: 1000, name: 'alice', home, env: { XDG_RUNTIME_DIR: join(home, 'run'), PATH: '/usr/bin:/bin', DOCKER_CONFIG: join(home, '.docker') } },
    host: new HostPaths(root),
    burrow: '/opt/burrow/bin/burrow',
    nodeDir: '/usr/bin',
    exec,
    checks,
    readyTimeoutMs: 300,
  };
  return { io, lines, calls, home, root, remove: () => rm(base, { recursive: true, force: true }) };
}

test('a blocking check that fails stops the install with its fix, before anything is written', async () => {
  const f = await fixture([ok('newuidmap', true), failing('subuid', true), failing('ping', false)], false);
  try {
    assert.equal(await new Installer(f.io).install({ force: false, skipIptables: false }), 1);
    assert.deepEqual(f.lines, [
      '[ERROR] Missing system requirements. Run the following commands to',
      '[ERROR] install the requirements and run this tool again.',
      '',
      '# the subuid check: subuid is missing',
      'sudo apt-get install -y subuid',
      '',
    ]);
    await assert.rejects(readFile(join(f.home, '.docker', 'config.json')), { code: 'ENOENT' });
  } finally {
    await f.remove();
  }
});

test('missing nftables stops it too, unless --skip-iptables, which puts --iptables=false in the daemon\'s command', async () => {
  const f = await fixture([ok('newuidmap', true), failing('nftables', false)], false);
  try {
    assert.equal(await new Installer(f.io).install({ force: false, skipIptables: false }), 1);
    assert.ok(f.lines.includes('[ERROR] Alternatively nftables checks can be disabled with --skip-iptables .'));
    f.lines.length = 0;
    assert.equal(await new Installer(f.io).install({ force: false, skipIptables: true }), 0);
    assert.ok(f.lines.includes('PATH=/opt/burrow/bin:/sbin:/usr/sbin:$PATH /opt/burrow/bin/burrow daemon --iptables=false'), f.lines.join('\n'));
  } finally {
    await f.remove();
  }
});

test('a writable rootful /var/run/docker.sock needs --force, as in the reference', async () => {
  const f = await fixture([ok('newuidmap', true)], false);
  try {
    await writeFile(join(f.root, 'var', 'run', 'docker.sock'), '');
    assert.equal(await new Installer(f.io).install({ force: false, skipIptables: false }), 1);
    assert.deepEqual(f.lines, ['[ERROR] Aborting because rootful Docker (/var/run/docker.sock) is running and accessible. Set --force to ignore.']);
    f.lines.length = 0;
    assert.equal(await new Installer(f.io).install({ force: true, skipIptables: false }), 0);
  } finally {
    await f.remove();
  }
});

test('root is refused', async () => {
  const f = await fixture([], false);
  try {
    const io = { ...f.io, user: { ...f.io.user, uid: 0 } };
    assert.equal(await new Installer(io).install({ force: false, skipIptables: false }), 1);
    assert.match(f.lines[0] ?? '', /^\[ERROR\] Refusing to install rootless mode as the root user/);
  } finally {
    await f.remove();
  }
});

test('an edited unit is kept, with a warning; a daemon that never answers fails the install with the journalctl hint', async () => {
  const f = await fixture([ok('newuidmap', true)], true);
  try {
    const unit = unitPath(f.io.user);
    await mkdir(join(unit, '..'), { recursive: true });
    await writeFile(unit, '[Service]\nExecStart=/my/own/daemon\n');
    assert.equal(await new Installer(f.io).install({ force: false, skipIptables: false }), 1);
    assert.equal(await readFile(unit, 'utf8'), '[Service]\nExecStart=/my/own/daemon\n');
    assert.ok(f.lines.includes(`[WARNING] File already exists, skipping: ${unit}`), f.lines.join('\n'));
    assert.ok(f.calls.includes('systemctl --user start docker.service'));
    assert.ok(f.lines.includes('[ERROR] Failed to start docker.service. Run `journalctl -n 20 --no-pager --user --unit docker.service` to show the error log.'));
  } finally {
    await f.remove();
  }
});
