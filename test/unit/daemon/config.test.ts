import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDaemonConfig } from '../../../src/daemon/config.js';
import { parseDaemonFlags } from '../../../src/daemon/flags.js';
import type { HostUser } from '../../../src/host/host-paths.js';

async function userWith(daemonJson: object): Promise<{ user: HostUser; dir: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'burrow-config-'));
  await mkdir(join(dir, '.config', 'docker'), { recursive: true });
  await writeFile(join(dir, '.config', 'docker', 'daemon.json'), JSON.stringify(daemonJson));
  return { dir, user: { uid: 1000, gid: 1000, name: 'alice', home: dir, env: { XDG_RUNTIME_DIR: join(dir, 'run') } } };
}

test('storage driver and registries come from daemon.json or flags', async () => {
  const { user, dir } = await userWith({ 'storage-driver': 'vfs', 'insecure-registries': ['10.0.0.0/8'], 'registry-mirrors': ['https://m.example'] });
  const fromFile = await loadDaemonConfig(parseDaemonFlags([]), user);
  assert.equal(fromFile.storageDriver, 'vfs');
  assert.deepEqual(fromFile.insecureRegistries, ['10.0.0.0/8']);
  assert.deepEqual(fromFile.registryMirrors, ['https://m.example']);
  await rm(dir, { recursive: true });
});

test('a setting given both as a flag and in daemon.json is refused with dockerd\'s words', async () => {
  const { user, dir } = await userWith({ 'storage-driver': 'vfs' });
  await assert.rejects(loadDaemonConfig(parseDaemonFlags(['--storage-driver', 'overlay2']), user),
    /the following directives are specified both as a flag and in the configuration file: storage-driver: \(from flag: overlay2, from file: vfs\)/);
  await rm(dir, { recursive: true });
});

test('without daemon.json the driver is left to detection', async () => {
  const { user, dir } = await userWith({});
  const config = await loadDaemonConfig(parseDaemonFlags(['--insecure-registry', 'reg:5000']), user);
  assert.equal(config.storageDriver, undefined);
  assert.deepEqual(config.insecureRegistries, ['reg:5000']);
  await rm(dir, { recursive: true });
});
