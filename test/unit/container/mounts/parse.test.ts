import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseBind, parseMountSpec, tmpfsOptions, type ParsedMount } from '../../../../src/container/mounts/parse.js';
import type { MountSpec } from '../../../../src/container/mount-types.js';

const bind = (source: string, destination: string, extra: Partial<ParsedMount> = {}): ParsedMount =>
  ({ type: 'bind', source, destination, rw: true, mode: '', propagation: 'rprivate', driver: '', noCopy: false, ...extra });
const volume = (source: string, destination: string, extra: Partial<ParsedMount> = {}): ParsedMount =>
  ({ type: 'volume', source, destination, rw: true, mode: '', propagation: '', driver: '', noCopy: false, driverOpts: null, labels: null, ...extra });

test('-v: what each form becomes (moby\'s TestLinuxParseMountRawSplit and more)', async () => {
  const cases: [string, string, ParsedMount][] = [
    ['/tmp:/tmp1', '', bind('/tmp', '/tmp1')],
    ['/tmp:/tmp2:ro', '', bind('/tmp', '/tmp2', { rw: false, mode: 'ro' })],
    ['/tmp:/tmp3:rw', '', bind('/tmp', '/tmp3', { mode: 'rw' })],
    ['/tmp/:/tmp4/sub/', '', bind('/tmp', '/tmp4/sub')],
    ['/src:/dst:ro,rslave,Z', '', bind('/src', '/dst', { rw: false, mode: 'ro,rslave,Z', propagation: 'rslave' })],
    ['name:/named1', '', volume('name', '/named1')],
    ['name:/named2', 'local', volume('name', '/named2', { driver: 'local' })],
    ['name:/named3:ro,nocopy', '', volume('name', '/named3', { rw: false, mode: 'ro,nocopy', noCopy: true })],
    ['/anon', '', volume('', '/anon')],
    ['/with space', '', volume('', '/with space')],
  ];
  for (const [raw, driver, want] of cases) assert.deepEqual(await parseBind(raw, driver), want, raw);
});

test('-v: dockerd\'s errors, word for word', async () => {
  const cases: [string, string][] = [
    ['', 'invalid volume specification: \'\''],
    [':', 'invalid volume specification: \':\''],
    ['/tmp:', 'invalid volume specification: \'/tmp:\''],
    ['/path:rw', 'invalid volume specification: \'/path:rw\''],
    ['/path:shared', 'invalid volume specification: \'/path:shared\''],
    ['/tmp:::', 'invalid volume specification: \'/tmp:::\''],
    ['/path:/path:sw', 'invalid mode: sw'],
    ['/path:/path:rwz', 'invalid mode: rwz'],
    ['/path:/path:ro,rshared,rslave', 'invalid mode: ro,rshared,rslave'],
    ['/tmp:tmp', 'invalid volume specification: \'/tmp:tmp\': invalid mount config for type "bind": invalid mount path: \'tmp\' mount path must be absolute'],
    ['./', 'invalid volume specification: \'./\': invalid mount config for type "volume": invalid mount path: \'./\' mount path must be absolute'],
    ['/:/', 'invalid volume specification: \'/:/\': invalid mount config for type "bind": invalid specification: destination can\'t be \'/\''],
    ['name:/absolute-path:shared', 'invalid volume specification: \'name:/absolute-path:shared\': invalid mount config for type "volume": field BindOptions must not be specified'],
    ['/src:/dst:nocopy', 'invalid volume specification: \'/src:/dst:nocopy\': invalid mount config for type "bind": field VolumeOptions must not be specified'],
  ];
  for (const [raw, message] of cases) await assert.rejects(parseBind(raw, ''), { message, kind: 'invalid-parameter' }, raw);
});

test('--mount: results and dockerd\'s errors', async () => {
  const exists = (p: string): Promise<boolean> => Promise.resolve(p === '/there');
  assert.deepEqual(await parseMountSpec({ Type: 'bind', Source: '/there', Target: '/t/' }, exists), bind('/there', '/t'));
  assert.deepEqual(await parseMountSpec({ Type: 'bind', Source: '/there', Target: '/t', ReadOnly: true, BindOptions: { Propagation: 'rshared' } }, exists), bind('/there', '/t', { rw: false, propagation: 'rshared' }));
  assert.deepEqual(await parseMountSpec({ Type: 'bind', Source: '/new', Target: '/t', BindOptions: { CreateMountpoint: true } }, exists), bind('/new', '/t'));
  assert.deepEqual(
    await parseMountSpec({ Type: 'volume', Source: 'v1', Target: '/v', VolumeOptions: { NoCopy: true, Labels: { a: 'b' }, DriverConfig: { Name: 'local', Options: { type: 'tmpfs', device: 'tmpfs' } } } }, exists),
    volume('v1', '/v', { noCopy: true, driver: 'local', labels: { a: 'b' }, driverOpts: { type: 'tmpfs', device: 'tmpfs' } }),
  );
  assert.deepEqual(await parseMountSpec({ Type: 'tmpfs', Target: '/run', TmpfsOptions: { SizeBytes: 64 * 1024 * 1024, Mode: 0o1777 } }, exists),
    { type: 'tmpfs', source: '', destination: '/run', rw: true, mode: '', propagation: '', driver: '', noCopy: false, tmpfsOptions: ['mode=1777', 'size=64m'] });
  const cases: [MountSpec, string][] = [
    [{ Type: 'bind', Source: '/nope', Target: '/t' }, 'invalid mount config for type "bind": bind source path does not exist: /nope'],
    [{ Type: 'bind', Source: 'rel', Target: '/t' }, 'invalid mount config for type "bind": invalid mount path: \'rel\' mount path must be absolute'],
    [{ Type: 'bind', Target: '/t' }, 'invalid mount config for type "bind": field Source must not be empty'],
    [{ Type: 'bind', Source: '/there', Target: 'rel' }, 'invalid mount config for type "bind": invalid mount path: \'rel\' mount path must be absolute'],
    [{ Type: 'bind', Source: '/there', Target: '' }, 'invalid mount config for type "bind": field Target must not be empty'],
    [{ Type: 'bind', Source: '/there', Target: '/t', BindOptions: { Propagation: 'sideways' } }, 'invalid mount config for type "bind": invalid propagation mode: sideways'],
    [{ Type: 'volume', Target: '/t', BindOptions: {} }, 'invalid mount config for type "volume": field BindOptions must not be specified'],
    [{ Type: 'volume', Target: '/t', VolumeOptions: { Subpath: 'x' } }, 'invalid mount config for type "volume": must not set Subpath when using anonymous volumes'],
    [{ Type: 'tmpfs', Source: 'x', Target: '/t' }, 'invalid mount config for type "tmpfs": field Source must not be specified'],
    [{ Type: 'invalid', Target: '/data/invalid-type' }, 'invalid mount config for type "invalid": mount type unknown'],
  ];
  for (const [spec, message] of cases) await assert.rejects(parseMountSpec(spec, exists), { message, kind: 'invalid-parameter' }, JSON.stringify(spec));
});

test('tmpfs options as ConvertTmpfsOptions writes them', () => {
  assert.deepEqual(tmpfsOptions({ SizeBytes: 1024 * 1024, Mode: 0o700 }, false), ['mode=700', 'size=1m']);
  assert.deepEqual(tmpfsOptions({}, true), ['ro']);
  assert.deepEqual(tmpfsOptions({ SizeBytes: 1000 }, false), ['size=1000']);
  assert.deepEqual(tmpfsOptions({ SizeBytes: 3 * 2 ** 30 }, false), ['size=3g']);
  assert.deepEqual(tmpfsOptions(null, false), []);
});
