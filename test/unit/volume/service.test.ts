import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '../../../src/base/log.js';
import { ANONYMOUS_LABEL, VolumeService } from '../../../src/volume/index.js';

const logger = createLogger({ level: 'error', write: () => undefined });

async function service(used: Record<string, string[]> = {}): Promise<{ svc: VolumeService; root: string; done: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'burrow-vol-'));
  const root = join(dir, 'volumes');
  const svc = new VolumeService({ logger, root, usedBy: (name) => used[name] ?? [] });
  await svc.open();
  return { svc, root, done: () => rm(dir, { recursive: true, force: true }) };
}

test('create: layout, inspect fields, and an existing name returns the volume unchanged', async () => {
  const { svc, root, done } = await service();
  try {
    const v = await svc.create({ Name: 'data', Labels: { team: 'a' }, DriverOpts: {} });
    assert.deepEqual(Object.keys(v), ['CreatedAt', 'Driver', 'Labels', 'Mountpoint', 'Name', 'Options', 'Scope']);
    assert.equal(v.Mountpoint, join(root, 'data', '_data'));
    assert.equal((await stat(v.Mountpoint)).isDirectory(), true);
    assert.match(v.CreatedAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.deepEqual({ Driver: v.Driver, Labels: v.Labels, Options: v.Options, Scope: v.Scope }, { Driver: 'local', Labels: { team: 'a' }, Options: {}, Scope: 'local' });
    const again = await svc.create({ Name: 'data', Labels: { other: 'b' } });
    assert.deepEqual(again, v);
    const anon = await svc.create({});
    assert.match(anon.Name, /^[0-9a-f]{64}$/);
    assert.deepEqual(anon.Labels, { [ANONYMOUS_LABEL]: '' });
    assert.equal(anon.Options, null);
  } finally {
    await done();
  }
});

test('volumes survive a restart of the service', async () => {
  const { svc, root, done } = await service();
  try {
    const v = await svc.create({ Name: 'keep', Labels: { a: '1' } });
    const reopened = new VolumeService({ logger, root, usedBy: () => [] });
    await reopened.open();
    assert.deepEqual(reopened.inspect('keep'), v);
  } finally {
    await done();
  }
});

test('errors: unknown driver, missing volume, volume in use', async () => {
  const { svc, done } = await service({ busy: ['c1', 'c2'] });
  try {
    await assert.rejects(svc.create({ Name: 'x1', Driver: 'nfsplugin' }), { message: 'create x1: error looking up volume plugin nfsplugin: plugin "nfsplugin" not found', kind: 'not-found' });
    assert.throws(() => svc.inspect('nope'), { message: 'get nope: no such volume', kind: 'not-found' });
    await assert.rejects(svc.remove('nope'), { message: 'get nope: no such volume' });
    await svc.remove('nope', true);
    await svc.create({ Name: 'busy' });
    await assert.rejects(svc.remove('busy'), { message: 'remove busy: volume is in use - [c1, c2]', kind: 'conflict' });
    await assert.rejects(svc.remove('busy', true), { kind: 'conflict' });
    await assert.rejects(svc.create({ Name: 'bad/name' }), { kind: 'invalid-parameter' });
  } finally {
    await done();
  }
});

test('list filters: name, label, driver, dangling', async () => {
  const { svc, done } = await service({ used1: ['c'] });
  try {
    await svc.create({ Name: 'used1', Labels: { env: 'prod' } });
    await svc.create({ Name: 'free1', Labels: { env: 'dev' } });
    await svc.create({ Name: 'free2' });
    const names = (filters: Record<string, string[]>): string[] => svc.list(JSON.stringify(filters)).Volumes.map((v) => v.Name).sort();
    assert.deepEqual(names({}), ['free1', 'free2', 'used1']);
    assert.deepEqual(names({ name: ['free'] }), ['free1', 'free2']);
    assert.deepEqual(names({ name: ['^f.*2$'] }), ['free2']);
    assert.deepEqual(names({ label: ['env'] }), ['free1', 'used1']);
    assert.deepEqual(names({ label: ['env=dev'] }), ['free1']);
    assert.deepEqual(names({ driver: ['local'] }), ['free1', 'free2', 'used1']);
    assert.deepEqual(names({ driver: ['other'] }), []);
    assert.deepEqual(names({ dangling: ['true'] }), ['free1', 'free2']);
    assert.deepEqual(names({ dangling: ['false'] }), ['used1']);
    assert.equal(svc.list(null).Warnings, null);
    assert.throws(() => svc.list('{"bogus":["x"]}'), { message: 'invalid filter \'bogus\'' });
    assert.throws(() => svc.list('{"label!":["x"]}'), { message: 'invalid filter \'label!\'' }, 'label! is a prune filter only');
  } finally {
    await done();
  }
});

test('prune: anonymous unused volumes by default, all=true for named ones, all by default before API 1.42', async () => {
  const { svc, root, done } = await service({ inuse: ['c'] });
  try {
    const anon = await svc.create({});
    await writeFile(join(anon.Mountpoint, 'f'), 'x'.repeat(5000));
    await svc.create({ Name: 'named' });
    await svc.create({ Name: 'inuse' });
    await svc.create({ Name: 'mounted', DriverOpts: { type: 'tmpfs', device: 'tmpfs' } });
    const first = await svc.prune(null, false);
    assert.deepEqual(first.VolumesDeleted, [anon.Name]);
    assert.equal(first.SpaceReclaimed, 5000, 'file bytes only, as moby counts them');
    assert.deepEqual((await svc.prune(null, false)).VolumesDeleted, []);
    await assert.rejects(svc.prune('{"all":["maybe"]}', false), { message: 'invalid filter \'all\': strconv.ParseBool: parsing "maybe": invalid syntax' });
    await assert.rejects(svc.prune('{"all":["false"]}', true), { message: 'invalid filter \'all=[false true]\': only one value is expected' });
    await svc.create({ Name: 'labelled', Labels: { keep: '1' } });
    assert.deepEqual((await svc.prune('{"all":["true"],"label!":["keep"]}', false)).VolumesDeleted, ['named']);
    await svc.remove('labelled');
    assert.deepEqual((await readdir(root)).sort(), ['inuse', 'mounted']);
    await svc.create({ Name: 'old' });
    assert.deepEqual((await svc.prune(null, true)).VolumesDeleted, ['old']);
  } finally {
    await done();
  }
});
