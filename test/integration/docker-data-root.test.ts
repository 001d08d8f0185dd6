// Burrow and Docker rootless share the default data root (~/.local/share/docker): a user trying
// Burrow after Docker must find Docker's images still named and its containers untouched when
// going back, and Burrow must not take Docker's containers for its own. Named volumes, laid out
// the same way by both, are shared.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BUSYBOX, fixtureSkip, privateDir, runTool, startDaemon, type TestDaemon } from './harness.js';

const DOCKER_IMAGE = `sha256:${'d'.repeat(64)}`;
const DOCKER_CONTAINER = 'c'.repeat(64);

describe('a data root Docker rootless also uses', { skip: fixtureSkip, timeout: 300_000 }, () => {
  let daemon: TestDaemon;
  let dataRoot: string;
  let dockerRepos: string;
  let dockerContainer: string;
  const docker = async (args: string[]): Promise<string> => {
    const r = await runTool('docker', args, daemon.env);
    assert.equal(r.code, 0, `docker ${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };

  before(async () => {
    const home = await privateDir('home');
    dataRoot = join(home, '.local', 'share', 'docker');
    // what dockerd leaves there: its image names, a container of its own, a named volume
    await mkdir(join(dataRoot, 'image', 'overlay2'), { recursive: true });
    dockerRepos = JSON.stringify({ Repositories: { redis: { 'redis:7': DOCKER_IMAGE } } });
    await writeFile(join(dataRoot, 'image', 'overlay2', 'repositories.json'), dockerRepos);
    await mkdir(join(dataRoot, 'containers', DOCKER_CONTAINER), { recursive: true });
    dockerContainer = JSON.stringify({ StreamConfig: {}, State: { Running: false, ExitCode: 0 }, ID: DOCKER_CONTAINER, Name: '/dockers-own', Image: DOCKER_IMAGE, Driver: 'overlay2' });
    await writeFile(join(dataRoot, 'containers', DOCKER_CONTAINER, 'config.v2.json'), dockerContainer);
    await mkdir(join(dataRoot, 'volumes', 'shared', '_data'), { recursive: true });
    await writeFile(join(dataRoot, 'volumes', 'shared', '_data', 'from-docker'), 'kept\n');
    daemon = await startDaemon({ HOME: home, XDG_DATA_HOME: join(home, '.local', 'share') });
  });
  after(async () => {
    await daemon.cleanup();
  });

  test('Docker\'s image names and containers are left as they were, and not shown as Burrow\'s', async () => {
    await docker(['pull', '-q', BUSYBOX]);
    await docker(['tag', BUSYBOX, 'mine:1']);
    await docker(['rmi', 'mine:1']);
    await docker(['run', '--name', 'burrows-own', BUSYBOX, 'true']);
    assert.equal(await readFile(join(dataRoot, 'image', 'overlay2', 'repositories.json'), 'utf8'), dockerRepos);
    assert.equal(await readFile(join(dataRoot, 'containers', DOCKER_CONTAINER, 'config.v2.json'), 'utf8'), dockerContainer);
    assert.deepEqual((await docker(['ps', '-a', '--format', '{{.Names}}'])).trim().split('\n'), ['burrows-own']);
    assert.doesNotMatch(await docker(['images', '--format', '{{.Repository}}:{{.Tag}}']), /redis/);
    await docker(['rm', 'burrows-own']);
  });

  test('a named volume Docker made is Burrow\'s too', async () => {
    assert.match(await docker(['volume', 'ls', '--format', '{{.Name}}']), /^shared$/m);
    assert.equal(await docker(['run', '--rm', '-v', 'shared:/v', BUSYBOX, 'cat', '/v/from-docker']), 'kept\n');
  });
});
