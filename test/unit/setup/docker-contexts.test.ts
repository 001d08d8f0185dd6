// The docker CLI's context store, written as `docker context create` writes it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DockerContexts, dockerConfigDir } from '../../../src/setup/docker-contexts.js';

// what `DOCKER_CONFIG=… docker context create rootless --docker host=unix:///run/user/1001/docker.sock --description "Rootless mode"` wrote (docker 28.2)
const CLI_META = '{"Name":"rootless","Metadata":{"Description":"Rootless mode"},"Endpoints":{"docker":{"Host":"unix:///run/user/1001/docker.sock","SkipTLSVerify":false}}}';
const CLI_DIR = '12b961af5feb3e9d39f93b2cefb9a1a944f18d02cca0cac2f04f5a982240605f';

test('create writes the docker CLI\'s meta.json, under the sha256 of the name', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'burrow-ctx-'));
  try {
    const contexts = new DockerContexts(dir);
    assert.equal(await contexts.get('rootless'), undefined);
    await contexts.create('rootless', 'unix:///run/user/1001/docker.sock', 'Rootless mode');
    assert.equal(await readFile(join(dir, 'contexts', 'meta', CLI_DIR, 'meta.json'), 'utf8'), CLI_META);
    assert.equal((await contexts.get('rootless'))?.Endpoints.docker?.Host, 'unix:///run/user/1001/docker.sock');
    await contexts.remove('rootless');
    assert.equal(await contexts.get('rootless'), undefined);
  } finally {
    await rm(dir, { recursive: true });
  }
});

test('use keeps config.json\'s other keys and its 0600 mode; "default" clears the setting', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'burrow-ctx-'));
  try {
    const contexts = new DockerContexts(dir);
    assert.equal(await contexts.current(), 'default');
    await writeFile(join(dir, 'config.json'), JSON.stringify({ auths: { 'reg.example': { auth: 'dTpw' } }, credsStore: 'pass' }));
    await contexts.use('rootless');
    assert.equal(await contexts.current(), 'rootless');
    const written = JSON.parse(await readFile(join(dir, 'config.json'), 'utf8')) as Record<string, unknown>;
    assert.deepEqual(written, { auths: { 'reg.example': { auth: 'dTpw' } }, credsStore: 'pass', currentContext: 'rootless' });
    assert.equal((await stat(join(dir, 'config.json'))).mode & 0o777, 0o600);
    await contexts.use('default');
    assert.equal('currentContext' in (JSON.parse(await readFile(join(dir, 'config.json'), 'utf8')) as object), false);
  } finally {
    await rm(dir, { recursive: true });
  }
});

test('a broken config.json is reported with its path, not overwritten', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'burrow-ctx-'));
  try {
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'config.json'), '{"auths": ');
    await assert.rejects(new DockerContexts(dir).use('rootless'), new RegExp(`${join(dir, 'config.json')} is not valid JSON`));
    assert.equal(await readFile(join(dir, 'config.json'), 'utf8'), '{"auths": ');
  } finally {
    await rm(dir, { recursive: true });
  }
});

test('DOCKER_CONFIG moves the store, as it does for the CLI', () => {
  assert.equal(dockerConfigDir({ DOCKER_CONFIG: '/cfg' }, '/home/a'), '/cfg');
  assert.equal(dockerConfigDir({}, '/home/a'), '/home/a/.docker');
});
