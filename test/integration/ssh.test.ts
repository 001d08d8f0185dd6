// The reference's "Expose Docker API socket through SSH": `docker -H ssh://user@host` runs
// `docker system dial-stdio` on the remote side, which finds the daemon through $DOCKER_HOST there
// or, after `burrow install`, through the current CLI context. The remote is a real sshd (Debian's
// openssh-server) run as the test user on a loopback port.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { chmod, mkdir, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { BURROW, BUSYBOX, dockerSuite, fixtureSkip, privateDir, runTool } from './harness.js';

const SSHD = '/usr/sbin/sshd';
const skip = fixtureSkip || (existsSync(SSHD) ? false : 'openssh-server is not installed (scripts/setup-host.sh installs it)');
const USER = userInfo().username;

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1', () => { s.destroy(); resolve(true); });
    s.once('error', () => { resolve(false); });
  });
}

describe('docker -H ssh://', { skip }, () => {
  const s = dockerSuite();
  let dir: string;
  const sshds: ChildProcess[] = [];
  let clientEnv: NodeJS.ProcessEnv;

  /** An sshd for this user on `port`, giving sessions `setEnv` as the remote user's environment. */
  async function startSshd(port: number, setEnv: string): Promise<void> {
    const sshd = spawn(SSHD, ['-D', '-e', '-f', join(dir, 'sshd_config'), '-o', `Port=${port}`, '-o', `SetEnv=${setEnv}`], { stdio: ['ignore', 'ignore', 'pipe'] });
    sshds.push(sshd);
    let log = '';
    sshd.stderr.setEncoding('utf8').on('data', (d: string) => (log += d));
    const deadline = Date.now() + 10_000;
    while (!(await portOpen(port))) {
      if (sshd.exitCode !== null || Date.now() > deadline) throw new Error(`sshd did not start: ${log}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  before(async () => {
    dir = await privateDir('ssh');
    for (const key of ['hostkey', 'id']) {
      const r = await runTool('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, key)], process.env);
      assert.equal(r.code, 0, r.stderr);
    }
    await runTool('cp', [join(dir, 'id.pub'), join(dir, 'authorized_keys')], process.env);
    // an unprivileged sshd serves only its own user: no PAM, no privilege separation to set up
    await writeFile(join(dir, 'sshd_config'), [
      'ListenAddress 127.0.0.1', `HostKey ${join(dir, 'hostkey')}`, `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
      'UsePAM no', 'StrictModes no', 'PasswordAuthentication no', 'KbdInteractiveAuthentication no', `PidFile ${join(dir, 'sshd.pid')}`, '',
    ].join('\n'));
    // the docker CLI runs `ssh` from PATH; this one knows the test key and trusts the throwaway host key
    await writeFile(join(dir, 'ssh_config'), [
      'Host 127.0.0.1', `  IdentityFile ${join(dir, 'id')}`, '  StrictHostKeyChecking no', '  UserKnownHostsFile /dev/null', '  LogLevel ERROR', '',
    ].join('\n'));
    await mkdir(join(dir, 'bin'));
    await writeFile(join(dir, 'bin', 'ssh'), `#!/bin/sh\nexec /usr/bin/ssh -F ${join(dir, 'ssh_config')} "$@"\n`);
    await chmod(join(dir, 'bin', 'ssh'), 0o755);
    clientEnv = { ...s.daemon.env, PATH: `${join(dir, 'bin')}:${process.env.PATH ?? ''}`, DOCKER_HOST: undefined };
  });
  after(async () => {
    for (const sshd of sshds) sshd.kill();
    await rm(dir, { recursive: true, force: true });
  });

  test('with DOCKER_HOST set on the remote side, as the reference asks, docker -H ssh:// runs containers', async () => {
    await startSshd(22222, `DOCKER_HOST=unix://${s.daemon.sock}`);
    const echo = await runTool('ssh', ['-l', USER, '-p', '22222', '127.0.0.1', 'echo $DOCKER_HOST'], clientEnv);
    assert.equal(echo.stdout, `unix://${s.daemon.sock}\n`, echo.stderr);
    const run = await runTool('docker', ['-H', `ssh://${USER}@127.0.0.1:22222`, 'run', '--rm', BUSYBOX, 'echo', 'hello over ssh'], clientEnv, 60_000);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, 'hello over ssh\n');
  });

  test('after burrow install the remote side needs no DOCKER_HOST: its current context is "rootless"', async () => {
    const install = await runTool(BURROW, ['install'], s.daemon.env, 120_000);
    assert.equal(install.code, 0, install.stderr);
    // only DOCKER_CONFIG, standing for the remote user's ~/.docker (the test's home is a private one)
    await startSshd(22223, `DOCKER_CONFIG=${join(s.daemon.home, '.docker')}`);
    const r = await runTool('docker', ['-H', `ssh://${USER}@127.0.0.1:22223`, 'info', '--format', '{{.ID}}'], clientEnv, 60_000);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, await s.ok(['info', '--format', '{{.ID}}']));
  });
});
