import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '../../../../src/base/log.js';
import { createMountPlanner } from '../../../../src/container/mounts/index.js';
import type { MountPoint } from '../../../../src/container/mount-types.js';
import { VolumeService } from '../../../../src/volume/index.js';

const logger = createLogger({ level: 'error', write: () => undefined });

async function setup(): Promise<{ dir: string; volumes: VolumeService; planner: ReturnType<typeof createMountPlanner>; done: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'burrow-mounts-'));
  const volumes = new VolumeService({ logger, root: join(dir, 'volumes'), usedBy: () => [] });
  await volumes.open();
  return { dir, volumes, planner: createMountPlanner(volumes), done: () => rm(dir, { recursive: true, force: true }) };
}

const image = (vols: string[] = []) => ({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [] }, config: { Volumes: Object.fromEntries(vols.map((v) => [v, {}])) } });

test('plan: binds, named and anonymous volumes, tmpfs, and image VOLUMEs where nothing else is mounted', async () => {
  const { dir, volumes, planner, done } = await setup();
  try {
    const host = join(dir, 'host');
    await mkdir(host);
    const points = await planner.plan({
      Binds: [`${host}:/h:ro`, 'named:/n', '/anon-bind'],
      Mounts: [{ Type: 'tmpfs', Target: '/run', TmpfsOptions: { SizeBytes: 1 << 20 } }, { Type: 'volume', Target: '/m', VolumeOptions: { NoCopy: true } }],
      Volumes: { '/cfg/': {} },
    }, image(['/n', '/img']), 'cid');
    const v = (name: string) => volumes.dataPath(name);
    const at = (destination: string): MountPoint | undefined => points.find((p) => p.Destination === destination);
    assert.deepEqual(points.map((p) => p.Destination), ['/h', '/n', '/anon-bind', '/run', '/m', '/cfg', '/img']);
    assert.deepEqual(at('/h'), { Type: 'bind', Source: host, Destination: '/h', RW: false, Mode: 'ro', Propagation: 'rprivate' });
    assert.deepEqual(at('/n'), { Type: 'volume', Name: 'named', Source: v('named'), Destination: '/n', RW: true, Driver: 'local', Mode: 'z', Propagation: '' });
    assert.deepEqual(at('/run'), { Type: 'tmpfs', Source: '', Destination: '/run', RW: true, Mode: '', Propagation: '', TmpfsOptions: ['size=1m'] });
    assert.equal(at('/anon-bind')?.Anonymous, true);
    assert.equal(at('/anon-bind')?.Mode, 'z');
    assert.equal(at('/m')?.NoCopy, true);
    assert.equal(at('/cfg')?.Mode, '', 'Config.Volumes keep an empty mode');
    assert.equal(at('/img')?.Anonymous, true);
    assert.equal(volumes.list(null).Volumes.length, 5);
  } finally {
    await done();
  }
});

test('plan: duplicate destinations and a failing create leave no anonymous volume behind', async () => {
  const { dir, volumes, planner, done } = await setup();
  try {
    await assert.rejects(planner.plan({ Binds: ['a1:/d', `${dir}:/d/`] }, image(), 'c'), { message: 'Duplicate mount point: /d', kind: 'invalid-parameter' });
    await assert.rejects(planner.plan({ Binds: ['a1:/d'], Mounts: [{ Type: 'bind', Source: dir, Target: '/d/' }] }, image(), 'c'), { message: 'Duplicate mount point: /d/' });
    await assert.rejects(planner.plan({ Mounts: [{ Type: 'bind', Source: join(dir, 'nope'), Target: '/x' }] }, image(), 'c'), { message: `invalid mount config for type "bind": bind source path does not exist: ${join(dir, 'nope')}` });
    await assert.rejects(planner.plan({ Volumes: { rel: {} } }, image(), 'c'), { message: 'invalid mount config for type "volume": invalid mount path: \'rel\' mount path must be absolute' });
    await assert.rejects(planner.plan({ Binds: ['/first', 'bad/name:/x'] }, image(), 'c'), { message: /^create bad\/name: "bad\/name" includes invalid characters/ });
    await assert.rejects(planner.plan({ Binds: ['x1:/x'], VolumeDriver: 'convoy' }, image(), 'c'), { message: 'create x1: error looking up volume plugin convoy: plugin "convoy" not found', kind: 'not-found' });
    await assert.rejects(planner.plan({ Binds: ['a2:/t'], Tmpfs: { '/t': '' } }, image(), 'c'), { message: 'Duplicate mount point: /t' });
    assert.deepEqual(volumes.list(null).Volumes.map((x) => x.Name), [], 'the request is validated whole before any volume is created');
    const covered = await planner.plan({ Tmpfs: { '/img': 'size=1m' } }, image(['/img']), 'c');
    assert.deepEqual(covered, [], 'an image VOLUME under a --tmpfs gets no anonymous volume');
  } finally {
    await done();
  }
});

test('prepare: OCI mounts, a missing bind source is created, copy-up into an empty volume unless nocopy', async () => {
  const { dir, volumes, planner, done } = await setup();
  try {
    const rootfs = join(dir, 'rootfs');
    await mkdir(join(rootfs, 'etc', 'sub'), { recursive: true, mode: 0o750 });
    await writeFile(join(rootfs, 'etc', 'motd'), 'hello\n');
    await writeFile(join(rootfs, 'etc', 'sub', 'deep'), 'deep\n');
    const missing = join(dir, 'made', 'here');
    const points = await planner.plan({
      Binds: [`${missing}:/b:rshared`, 'etcvol:/etc', 'quiet:/etc/sub:nocopy'],
      Mounts: [{ Type: 'tmpfs', Target: '/t', ReadOnly: true, TmpfsOptions: { Mode: 0o700 } }],
    }, image(), 'c');
    const mounts = await planner.prepare(points, rootfs);
    assert.deepEqual(mounts, [
      { destination: '/b', type: 'bind', source: missing, options: ['rbind', 'rshared'] },
      { destination: '/etc', type: 'bind', source: volumes.dataPath('etcvol'), options: ['rbind', 'rprivate'] },
      { destination: '/etc/sub', type: 'bind', source: volumes.dataPath('quiet'), options: ['rbind', 'rprivate'] },
      { destination: '/t', type: 'tmpfs', source: 'tmpfs', options: ['noexec', 'nosuid', 'nodev', 'rprivate', 'ro', 'mode=700'] },
    ]);
    assert.equal((await stat(missing)).isDirectory(), true);
    assert.equal(await readFile(join(volumes.dataPath('etcvol'), 'motd'), 'utf8'), 'hello\n');
    assert.equal(await readFile(join(volumes.dataPath('etcvol'), 'sub', 'deep'), 'utf8'), 'deep\n');
    assert.equal((await stat(volumes.dataPath('etcvol'))).mode & 0o777, 0o750, 'the volume takes the image directory\'s mode');
    assert.deepEqual(await readdir(volumes.dataPath('quiet')), []);
    // a volume with content is left alone
    await writeFile(join(rootfs, 'etc', 'motd'), 'changed\n');
    await planner.prepare(points, rootfs);
    assert.equal(await readFile(join(volumes.dataPath('etcvol'), 'motd'), 'utf8'), 'hello\n');
  } finally {
    await done();
  }
});

test('release: docker rm -v removes anonymous volumes only', async () => {
  const { volumes, planner, done } = await setup();
  try {
    const points = await planner.plan({ Binds: ['keep:/k', '/gone'] }, image(['/img']), 'c');
    await planner.release(points, false);
    assert.equal(volumes.list(null).Volumes.length, 3);
    await planner.release(points, true);
    assert.deepEqual(volumes.list(null).Volumes.map((v) => v.Name), ['keep']);
  } finally {
    await done();
  }
});
