// The reference's Install, Usage and Uninstall sections with `burrow install`/`uninstall`: on this
// systemd-less host the manual-start path and the CLI context; with a systemd user manager (the
// stand-in test/fixtures/systemd/systemctl, since `systemd --user` cannot run without systemd as
// PID 1) the unit is written, verified by the real systemd-analyze, started, overridden and removed.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile, rm, writeFile, lstat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/base/install-layout.js';
import { renderUnit } from '../../src/setup/systemd-unit.js';
import { BURROW, BUSYBOX, fixtureSkip, privateDir, runTool, startDaemon, testEnv } from './harness.js';

const FAKE_SYSTEMCTL_DIR = join(PACKAGE_ROOT, 'test', 'fixtures', 'systemd');

/** The docker CLI as the user types it after install: no DOCKER_HOST, so the current context decides. */
function dockerWithContext(env: NodeJS.ProcessEnv, args: string[], timeoutMs = 60_000): ReturnType<typeof runTool> {
  return runTool('docker', args, { ...env, DOCKER_HOST: undefined, DOCKER_CONTEXT: undefined }, timeoutMs);
}

async function waitFor(what: string, probe: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('burrow install without a systemd user manager', { skip: fixtureSkip }, () => {
  test('prints the manual start, creates the "rootless" context the CLI then uses, says so when run again, and uninstall takes it away', async () => {
    // CI=true: output to a pipe stays free of colour codes even where picocolors would colour it
    const { env, xdg, home } = await testEnv({ CI: 'true' });
    // a private XDG_RUNTIME_DIR has no user manager behind it: systemctl --user finds none, as after `su`
    const install = await runTool(BURROW, ['install'], env, 120_000);
    try {
      assert.equal(install.code, 0, install.stderr);
      assert.match(install.stdout, /\[INFO\] Requirements are satisfied\n/);
      assert.match(install.stdout, /\[INFO\] systemd not detected, burrow daemon needs to be started manually:\n\nPATH=\S+:\/sbin:\/usr\/sbin:\$PATH \S+\/bin\/burrow daemon\n/);
      assert.match(install.stdout, /\[INFO\] Creating CLI context "rootless"\n\[INFO\] Use CLI context "rootless"\n/);
      assert.match(install.stdout, new RegExp(`export DOCKER_HOST=unix://${xdg}/docker\\.sock\\n`));
      const inspect = await dockerWithContext(env, ['context', 'inspect', 'rootless']);
      assert.equal(inspect.code, 0, inspect.stderr);
      const [ctx] = JSON.parse(inspect.stdout) as [{ Metadata: { Description: string }; Endpoints: { docker: { Host: string } } }];
      assert.deepEqual([ctx.Endpoints.docker.Host, ctx.Metadata.Description], [`unix://${xdg}/docker.sock`, 'Rootless mode']);

      const d = await startDaemon({ XDG_RUNTIME_DIR: xdg, HOME: home });
      try {
        const version = await dockerWithContext(env, ['--context', 'rootless', 'version', '--format', '{{.Server.Version}}']);
        assert.equal(version.code, 0, version.stderr);
        assert.match(version.stdout, /^\d+\.\d+/);
        // the context is the current one: a plain `docker` reaches Burrow too
        const info = await dockerWithContext(env, ['info', '--format', '{{.SecurityOptions}}']);
        assert.match(info.stdout, /name=rootless/, info.stderr);
      } finally {
        await d.stop();
      }

      const again = await runTool(BURROW, ['install'], env, 120_000);
      assert.equal(again.code, 0, again.stderr);
      assert.match(again.stdout, /\[INFO\] CLI context "rootless" already exists\n/);
      assert.match(again.stdout, /\[INFO\] Already installed: nothing was changed\.\n$/);

      const uninstall = await runTool(BURROW, ['uninstall'], env);
      assert.equal(uninstall.code, 0, uninstall.stderr);
      assert.match(uninstall.stdout, /\[INFO\] Deleted CLI context "rootless"\n\[INFO\] Configured CLI use the "default" context\.\n/);
      assert.match(uninstall.stdout, /does NOT remove Burrow's binaries and data\.\n\[INFO\] To remove data, run: `\S+\/bin\/burrow rm-data`\n/);
      const gone = await dockerWithContext(env, ['context', 'inspect', 'rootless']);
      assert.notEqual(gone.code, 0);
      const current = await dockerWithContext(env, ['context', 'ls', '--format', '{{.Name}} {{.Current}}']);
      assert.equal(current.stdout, 'default true\n', current.stderr);
    } finally {
      await runTool(BURROW, ['rm-data'], env);
      await rm(xdg, { recursive: true, force: true });
      await rm(home, { recursive: true, force: true });
    }
  });

  test('without XDG_RUNTIME_DIR it makes ~/.docker/run, as the reference\'s tool does, and says to export it', async () => {
    const { env, xdg, home } = await testEnv();
    await rm(xdg, { recursive: true, force: true });
    const noXdg = { ...env, XDG_RUNTIME_DIR: undefined };
    try {
      const install = await runTool(BURROW, ['install'], noXdg, 120_000);
      assert.equal(install.code, 0, install.stderr);
      const made = join(home, '.docker', 'run');
      assert.equal((await lstat(made)).mode & 0o777, 0o700);
      assert.match(install.stdout, new RegExp(`# WARNING: systemd not found\\. You have to remove XDG_RUNTIME_DIR manually on every logout\\.\\nexport XDG_RUNTIME_DIR=${made}\\n`));
      assert.match(install.stdout, new RegExp(`XDG_RUNTIME_DIR=${made} PATH=\\S+ \\S+/bin/burrow daemon\\n`));
    } finally {
      await rm(home, { recursive: true, force: true });
    }
  });
});

describe('burrow install with a systemd user manager', { skip: fixtureSkip }, () => {
  let env: NodeJS.ProcessEnv;
  let xdg: string;
  let home: string;
  let unit: string;
  before(async () => {
    ({ env, xdg, home } = await testEnv());
    const state = await privateDir('systemd');
    env = { ...env, PATH: `${FAKE_SYSTEMCTL_DIR}:${env.PATH ?? ''}`, FAKE_SYSTEMD_STATE: state };
    unit = join(home, '.config', 'systemd', 'user', 'docker.service');
  });
  after(async () => {
    await runTool('systemctl', ['--user', 'stop', 'docker.service'], env);
    await runTool(BURROW, ['rm-data'], env);
    for (const dir of [xdg, home, env.FAKE_SYSTEMD_STATE ?? '']) await rm(dir, { recursive: true, force: true });
  });

  test('install writes a unit that verifies, starts and enables it, and the rootless context reaches the daemon', async () => {
    const install = await runTool(BURROW, ['install'], env, 120_000);
    assert.equal(install.code, 0, `${install.stdout}\n${install.stderr}`);
    assert.match(install.stdout, new RegExp(`\\[INFO\\] Creating ${unit}\\n`));
    assert.match(install.stdout, /\+ systemctl --user start docker\.service\n/);
    assert.match(install.stdout, /\+ systemctl --user enable docker\.service\n/);
    assert.match(install.stdout, /\[INFO\] Installed docker\.service successfully\.\n\[INFO\] To control docker\.service, run: `systemctl --user \(start\|stop\|restart\) docker\.service`\n\[INFO\] To run docker\.service on system startup, run: `sudo loginctl enable-linger \S+`\n/);

    const written = await readFile(unit, 'utf8');
    const path = /^Environment=PATH=(.*)$/m.exec(written)?.[1] ?? '';
    assert.equal(written, renderUnit({ burrow: BURROW, path, flags: [] }));
    assert.ok(path.split(':').includes(dirname(process.execPath)), 'node is on the unit\'s PATH');
    const verify = await runTool('systemd-analyze', ['--user', 'verify', unit], env);
    assert.equal(verify.code, 0, `systemd-analyze --user verify: ${verify.stderr}`);
    await lstat(join(home, '.config', 'systemd', 'user', 'default.target.wants', 'docker.service'));

    const version = await dockerWithContext(env, ['--context', 'rootless', 'version', '--format', '{{.Server.Version}}']);
    assert.equal(version.code, 0, version.stderr);
    assert.match(version.stdout, /^\d+\.\d+/);
  });

  test('a second install changes nothing and says so', async () => {
    const again = await runTool(BURROW, ['install'], env, 120_000);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, new RegExp(`\\[INFO\\] ${unit} is up to date\\n\\[INFO\\] docker\\.service is already running\\n`));
    assert.doesNotMatch(again.stdout, /\+ systemctl/);
    assert.match(again.stdout, /\[INFO\] Already installed: nothing was changed\.\n$/);
  });

  test('an override.conf with the reference\'s DOCKERD_ROOTLESS_ROOTLESSKIT_MTU takes effect after daemon-reload and restart', async () => {
    const mtu = async (): Promise<string> => {
      const r = await dockerWithContext(env, ['run', '--rm', BUSYBOX, 'cat', '/sys/class/net/eth0/mtu'], 120_000);
      assert.equal(r.code, 0, r.stderr);
      return r.stdout.trim();
    };
    const pull = await dockerWithContext(env, ['pull', '-q', BUSYBOX], 120_000);
    assert.equal(pull.code, 0, pull.stderr);
    assert.equal(await mtu(), '65520');
    await mkdir(`${unit}.d`, { recursive: true });
    await writeFile(join(`${unit}.d`, 'override.conf'), '[Service]\nEnvironment="DOCKERD_ROOTLESS_ROOTLESSKIT_MTU=1400"\n');
    for (const args of [['daemon-reload'], ['restart', 'docker.service']]) {
      const r = await runTool('systemctl', ['--user', ...args], env, 60_000);
      assert.equal(r.code, 0, r.stderr);
    }
    await waitFor('the restarted daemon', async () => (await dockerWithContext(env, ['version', '--format', '{{.Server.Version}}'])).code === 0);
    assert.equal(await mtu(), '1400');
  });

  test('uninstall stops, disables and removes the unit and the context', async () => {
    const uninstall = await runTool(BURROW, ['uninstall'], env, 120_000);
    assert.equal(uninstall.code, 0, uninstall.stderr);
    assert.match(uninstall.stdout, /\+ systemctl --user stop docker\.service\n(.*\n)?\+ systemctl --user disable docker\.service\n/);
    assert.match(uninstall.stdout, /\[INFO\] Uninstalled docker\.service\n\[INFO\] Deleted CLI context "rootless"\n/);
    await assert.rejects(lstat(unit), { code: 'ENOENT' });
    await assert.rejects(lstat(join(home, '.config', 'systemd', 'user', 'default.target.wants', 'docker.service')), { code: 'ENOENT' });
    const down = await runTool('docker', ['-H', `unix://${xdg}/docker.sock`, 'version', '--format', '{{.Server.Version}}'], env);
    assert.notEqual(down.code, 0, 'the daemon is stopped');
    const again = await runTool(BURROW, ['uninstall'], env);
    assert.match(again.stdout, /\[INFO\] docker\.service is not installed/);
    assert.match(again.stdout, /\[INFO\] Nothing was installed: nothing was changed\.\n$/);
  });
});
