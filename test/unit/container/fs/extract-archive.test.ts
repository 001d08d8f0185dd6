// PUT …/archive: extraction into a directory of the container, dockerd's errors, and hostile tars
// that try to write outside the destination or out of the container.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lstat, mkdir, readFile, readlink, stat, symlink } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { PassThrough } from 'node:stream';
import { gzipStream } from '../../../../src/archive/index.js';
import { ForbiddenError, InvalidParameterError, NotFoundError, SystemError } from '../../../../src/base/errors.js';
import { extractToDir, type ExtractOptions } from '../../../../src/container/fs/extract-archive.js';
import type { ContainerPaths } from '../../../../src/container/fs/container-paths.js';
import type { TarInput } from '../../../../src/archive/index.js';
import { tempDir } from '../../archive/helpers.js';
import { bind, pathsOf, put, rootfs, tarOf, T } from './helpers.js';

const plain: ExtractOptions = { noOverwriteDirNonDir: false };
const file = (name: string, content = name, extra: Partial<TarInput['header']> = {}): TarInput => ({ header: { name, type: 'file', mode: 0o644, ...extra }, body: Buffer.from(content) });

function extract(paths: ContainerPaths, dest: string, entries: TarInput[], options = plain): Promise<void> {
  return extractToDir(paths, dest, 'c1', tarOf(entries), options);
}

function rejectsWith(promise: Promise<unknown>, cls: new (...args: never[]) => Error, message: string | RegExp): Promise<void> {
  return assert.rejects(promise, (err: unknown) => {
    assert.ok(err instanceof cls, `${String(err)} is a ${cls.name}`);
    if (typeof message === 'string') assert.equal(err.message, message);
    else assert.match(err.message, message);
    return true;
  });
}

test('files and directories land in the destination with their modes, times and the tar\'s owners', async (t) => {
  const root = await rootfs(t);
  await mkdir(`${root}/tmp`);
  await extract(pathsOf(root), '/tmp', [{ header: { name: 'dir/', type: 'dir', mode: 0o750 } }, file('dir/a', 'A', { mode: 0o600 }), file('b', 'B'), { header: { name: 'dir/l', type: 'symlink', linkname: 'a' } }]);
  assert.equal(await readFile(`${root}/tmp/dir/a`, 'utf8'), 'A');
  assert.equal(await readFile(`${root}/tmp/b`, 'utf8'), 'B');
  assert.equal(await readlink(`${root}/tmp/dir/l`), 'a');
  assert.equal((await stat(`${root}/tmp/dir`)).mode & 0o7777, 0o750);
  assert.equal((await stat(`${root}/tmp/dir/a`)).mode & 0o7777, 0o600);
  assert.equal((await stat(`${root}/tmp/dir`)).mtimeMs, T * 1000, 'directory times are set last');
  assert.equal((await stat(`${root}/tmp/b`)).uid, process.getuid?.());
});

test('copyUIDGID\'s owner replaces the tar\'s ids', async (t) => {
  const root = await rootfs(t);
  await mkdir(`${root}/tmp`);
  await extract(pathsOf(root), '/tmp', [file('f'), { header: { name: 'd', type: 'dir', uid: 0, gid: 0 } }], { noOverwriteDirNonDir: false, owner: { uid: 1234, gid: 4321 } });
  for (const name of ['f', 'd']) {
    const st = await lstat(`${root}/tmp/${name}`);
    assert.deepEqual([st.uid, st.gid], [1234, 4321], name);
  }
});

test('the extraction point must exist and be a directory; a symlink to one is followed', async (t) => {
  const root = await rootfs(t);
  await put(root, 'etc/hostname');
  await mkdir(`${root}/real`);
  await symlink('/real', `${root}/alias`);
  await rejectsWith(extract(pathsOf(root), '/missing', []), NotFoundError, 'Could not find the file /missing in container c1');
  await rejectsWith(extract(pathsOf(root), '/etc/hostname', []), InvalidParameterError, 'extraction point is not a directory');
  await extract(pathsOf(root), '/alias', [file('x')]);
  assert.equal(await readFile(`${root}/real/x`, 'utf8'), 'x');
});

test('a compressed body is accepted', async (t) => {
  const root = await rootfs(t);
  await mkdir(`${root}/tmp`);
  const gz = new PassThrough();
  const done = pipeline(tarOf([file('zipped', 'Z')]), gzipStream(), gz);
  await extractToDir(pathsOf(root), '/tmp', 'c1', gz, plain);
  await done;
  assert.equal(await readFile(`${root}/tmp/zipped`, 'utf8'), 'Z');
});

test('noOverwriteDirNonDir refuses to swap a directory and a non-directory; without it they are replaced', async (t) => {
  const root = await rootfs(t);
  await put(root, 'app/d/inner');
  await put(root, 'app/f');
  const strict = { noOverwriteDirNonDir: true };
  await rejectsWith(extract(pathsOf(root), '/app', [file('d')], strict), InvalidParameterError, 'cannot overwrite directory "/app/d" with non-directory "/app"');
  await rejectsWith(extract(pathsOf(root), '/app', [{ header: { name: 'f', type: 'dir' } }], strict), InvalidParameterError, 'cannot overwrite non-directory "/app/f" with directory "/app"');
  await extract(pathsOf(root), '/app', [file('d', 'now a file'), { header: { name: 'f', type: 'dir' } }]);
  assert.equal(await readFile(`${root}/app/d`, 'utf8'), 'now a file');
  assert.ok((await lstat(`${root}/app/f`)).isDirectory());
});

test('hostile: names climbing out of the destination are refused; in / they stay in the rootfs', async (t) => {
  const root = await rootfs(t);
  await mkdir(`${root}/app`);
  await rejectsWith(extract(pathsOf(root), '/app', [file('../x')]), InvalidParameterError, '"../x" is outside of "/app"');
  await rejectsWith(extract(pathsOf(root), '/app', [file('a/../../x')]), InvalidParameterError, '"../x" is outside of "/app"');
  await assert.rejects(lstat(`${root}/x`), { code: 'ENOENT' });
  await extract(pathsOf(root), '/', [file('../../climbed')]);
  assert.equal(await readFile(`${root}/climbed`, 'utf8'), '../../climbed');
});

test('hostile: an absolute name lands inside the destination, as dockerd puts it', async (t) => {
  const root = await rootfs(t);
  await mkdir(`${root}/app`);
  const marker = `burrow-cp-abs-${String(process.pid)}`;
  await extract(pathsOf(root), '/app', [file(`/tmp/${marker}`)]);
  await assert.rejects(lstat(`/tmp/${marker}`), { code: 'ENOENT' });
  assert.ok((await lstat(`${root}/app/tmp/${marker}`)).isFile());
});

test('hostile: a symlink to / then an entry through it writes the container\'s file, never the host\'s', async (t) => {
  const root = await rootfs(t);
  const outside = await tempDir(t, 'burrow-cp-outside-');
  await put(outside, 'victim', 'host data');
  await mkdir(`${root}/tmp`);
  await extract(pathsOf(root), '/tmp', [{ header: { name: 'root', type: 'symlink', linkname: '/' } }, file(`root${outside}/victim`, 'pwned')]);
  assert.equal(await readFile(`${outside}/victim`, 'utf8'), 'host data');
  assert.equal(await readFile(`${root}${outside}/victim`, 'utf8'), 'pwned');
  // The container's own symlinks are followed the same way.
  await symlink(outside, `${root}/tmp/out`);
  await extract(pathsOf(root), '/tmp', [file('out/victim', 'again')]);
  assert.equal(await readFile(`${outside}/victim`, 'utf8'), 'host data');
  assert.equal(await readFile(`${root}${outside}/victim`, 'utf8'), 'again');
});

test('hostile: a symlink whose target leaves the destination is refused, as dockerd does', async (t) => {
  const root = await rootfs(t);
  await mkdir(`${root}/app`);
  await rejectsWith(extract(pathsOf(root), '/app', [{ header: { name: 'up', type: 'symlink', linkname: '../../..' } }]), InvalidParameterError, 'invalid symlink "/app/up" -> "../../.."');
  await assert.rejects(lstat(`${root}/app/up`), { code: 'ENOENT' });
});

test('hostile: a hard link to a file outside is refused, or resolved inside the container', async (t) => {
  const root = await rootfs(t);
  const outside = await tempDir(t, 'burrow-cp-outside-');
  await put(outside, 'shadow', 'host secret');
  await mkdir(`${root}/app`);
  await rejectsWith(extract(pathsOf(root), '/app', [{ header: { name: 'h', type: 'hardlink', linkname: `../../..${outside}/shadow` } }]), InvalidParameterError, /^invalid hardlink/);
  // Through a symlink made by the tar: the target is looked up in the container, where it is absent.
  await rejectsWith(extract(pathsOf(root), '/app', [{ header: { name: 'r', type: 'symlink', linkname: '/' } }, { header: { name: 'h', type: 'hardlink', linkname: `r${outside}/shadow` } }]), SystemError, /ENOENT/);
  assert.equal((await stat(`${outside}/shadow`)).nlink, 1, 'the host file gained no link');
  await put(root, `${outside.slice(1)}/shadow`, 'container file');
  await extract(pathsOf(root), '/app', [{ header: { name: 'h2', type: 'hardlink', linkname: `r${outside}/shadow` } }]);
  assert.equal(await readFile(`${root}/app/h2`, 'utf8'), 'container file');
});

test('writes into a bind mount land in its source; read-only mounts and rootfs are refused with dockerd\'s texts', async (t) => {
  const root = await rootfs(t);
  const rw = await tempDir(t, 'burrow-cp-rw-');
  const ro = await tempDir(t, 'burrow-cp-ro-');
  await mkdir(`${root}/app`);
  await extract(pathsOf(root, [bind(rw, '/data')]), '/data', [file('sub/x', 'in the volume')]);
  assert.equal(await readFile(`${rw}/sub/x`, 'utf8'), 'in the volume');
  await rejectsWith(extract(pathsOf(root, [bind(ro, '/conf', false)]), '/conf', [file('x')]), ForbiddenError, 'mounted volume is marked read-only');
  await rejectsWith(extract(pathsOf(root, [], true), '/app', [file('x')]), ForbiddenError, 'container rootfs is marked read-only');
  await extract(pathsOf(root, [bind(rw, '/data')], true), '/data', [file('y')]);
  // An entry reaching a read-only mount through a symlink is refused too: the host source is writable.
  await symlink('/conf', `${rw}/toconf`);
  await rejectsWith(extract(pathsOf(root, [bind(rw, '/data'), bind(ro, '/conf', false)]), '/data', [file('toconf/x')]), ForbiddenError, 'mounted volume is marked read-only');
  await assert.rejects(lstat(`${ro}/x`), { code: 'ENOENT' });
});
