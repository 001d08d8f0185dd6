// The unchanged docker CLIs against the real server: Debian's 20.10 and docker 28, which negotiates
// down to our API-Version. Each binary is skipped with a reason when it is not installed.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { testFacts } from '../system/fixtures.js';
import { startApi, type RunningApi } from './wire.js';

const run = promisify(execFile);
const CLIS = ['/usr/bin/docker', '/usr/local/bin/docker'];

let api: RunningApi;
let configDir: string;
before(async () => {
  api = await startApi(testFacts({ cgroup: { driver: 'none', version: '2', controllers: [] }, security: {
    seccompProfile: 'default', apparmor: false, selinux: false, cgroupnsPrivate: true,
  } }));
  // A private config dir, so no user context or config can redirect the CLI.
  configDir = await mkdtemp(join(tmpdir(), 'burrow-docker-config-'));
});
after(async () => {
  await api.stop();
  await rm(configDir, { recursive: true, force: true });
});

async function docker(cli: string, ...args: string[]): Promise<{ stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: configDir, DOCKER_CONFIG: configDir };
  return run(cli, ['-H', `unix://${api.socketPath}`, ...args], { env, timeout: 20_000 });
}

for (const cli of CLIS) {
  const skip = existsSync(cli) ? false : `${cli} is not installed`;
  describe(cli, { skip }, () => {
    test('version reports the server API version', async () => {
      const { stdout } = await docker(cli, 'version', '--format', '{{.Server.APIVersion}}');
      assert.equal(stdout, '1.43\n');
    });

    test('info reports rootless and cgroup driver none', async () => {
      const { stdout } = await docker(cli, 'info', '--format', '{{.SecurityOptions}} {{.CgroupDriver}}');
      assert.equal(stdout, '[name=seccomp,profile=default name=rootless name=cgroupns] none\n');
    });

    test('plain info and version render without errors', async () => {
      const info = await docker(cli, 'info');
      assert.match(info.stdout, /^ Server Version: 24\.0\.9$/m);
      assert.match(info.stdout, /^ Cgroup Driver: none$/m);
      assert.match(info.stdout, /^ Security Options:\n {2}seccomp\n {3}Profile: default\n {2}rootless\n {2}cgroupns$/m);
      assert.match(
        info.stderr,
        /WARNING: Running in rootless-mode without cgroups\. Systemd is required to enable cgroups in rootless-mode\./,
      );
      assert.doesNotMatch(info.stderr, /ERROR/);
      const version = await docker(cli, 'version');
      assert.match(version.stdout, /^ Engine:\n {2}Version: +24\.0\.9\n {2}API version: +1\.43 \(minimum version 1\.24\)$/m);
      assert.match(version.stdout, /^ Burrow:\n {2}Version: +0\.1\.0$/m);
    });
  });
}
