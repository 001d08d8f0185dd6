// HEAD and GET …/archive: dockerd's stat and naming rules, symlinks resolved inside the container,
// bind mounts and volumes read from their host side.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { link, mkdir, symlink } from 'node:fs/promises';
import { NotFoundError, SystemError } from '../../../../src/base/errors.js';
import { archiveResource, resolveResource } from '../../../../src/container/fs/archive-path.js';
import { GO_MODE } from '../../../../src/container/fs/go-file-mode.js';
import { tempDir } from '../../archive/helpers.js';
import { bind, listTar, pathsOf, put, rootfs } from './helpers.js';

async function archived(root: string, path: string, paths = pathsOf(root)): Promise<string[]> {
  const resource = await resolveResource(paths, path, 'c1');
  return (await listTar(archiveResource(paths, resource))).map((e) => (e.type === 'file' ? `${e.name}=${e.content}` : e.type === 'symlink' ? `${e.name}->${e.linkname}` : e.name));
}

test('a file is archived alone under its base name, with its stat', async (t) => {
  const root = await rootfs(t);
  await put(root, 'etc/hostname', 'box\n');
  const { stat } = await resolveResource(pathsOf(root), '/etc/hostname', 'c1');
  assert.equal(stat.name, 'hostname');
  assert.equal(stat.size, 4);
  assert.equal(stat.linkTarget, '');
  assert.match(stat.mtime, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
  assert.deepEqual(await archived(root, 'etc/hostname'), ['hostname=box\n']);
});

test('a directory is archived under its base name; dir/. archives its contents; / archives as /', async (t) => {
  const root = await rootfs(t);
  await put(root, 'srv/data/a', 'A');
  await put(root, 'srv/data/sub/b', 'B');
  assert.deepEqual(await archived(root, '/srv/data'), ['data/', 'data/a=A', 'data/sub/', 'data/sub/b=B']);
  assert.deepEqual(await archived(root, '/srv/data/'), ['data/', 'data/a=A', 'data/sub/', 'data/sub/b=B']);
  assert.deepEqual(await archived(root, '/srv/data/.'), ['./', './a=A', './sub/', './sub/b=B']);
  assert.deepEqual(await archived(root, '/'), ['/', '/srv/', '/srv/data/', '/srv/data/a=A', '/srv/data/sub/', '/srv/data/sub/b=B']);
  const { stat } = await resolveResource(pathsOf(root), '/srv/data', 'c1');
  assert.equal(stat.mode >= GO_MODE.dir, true, 'ModeDir is set');
});

test('a symlink as last element is not followed, unless the path ends in / or /.', async (t) => {
  const root = await rootfs(t);
  await put(root, 'srv/data/a', 'A');
  await symlink('/srv/data', `${root}/current`);
  const { stat } = await resolveResource(pathsOf(root), '/current', 'c1');
  assert.equal(stat.mode, GO_MODE.symlink + 0o777);
  assert.equal(stat.linkTarget, '/srv/data');
  assert.deepEqual(await archived(root, '/current'), ['current->/srv/data']);
  assert.deepEqual(await archived(root, '/current/'), ['current/', 'current/a=A']);
  assert.deepEqual(await archived(root, '/current/.'), ['./', './a=A']);
});

test('symlinks never lead out of the container: an absolute or climbing link stays in the rootfs', async (t) => {
  const root = await rootfs(t);
  const outside = await tempDir(t, 'burrow-cp-outside-');
  await put(outside, 'secret', 'host secret');
  await symlink(outside, `${root}/abs`);
  await symlink(`../../../../../../..${outside}`, `${root}/climb`);
  for (const path of ['/abs/secret', '/climb/secret', '/abs/']) {
    await assert.rejects(resolveResource(pathsOf(root), path, 'c1'), NotFoundError, path);
  }
  await put(root, `${outside.slice(1)}/secret`, 'container file');
  assert.deepEqual(await archived(root, '/abs/secret'), ['secret=container file']);
  const { stat } = await resolveResource(pathsOf(root), '/climb', 'c1');
  assert.equal(stat.linkTarget, outside, 'the link target as the container resolves it');
});

test('a missing path is dockerd\'s 404 text; a file used as a directory is not', async (t) => {
  const root = await rootfs(t);
  await put(root, 'etc/hostname');
  await assert.rejects(resolveResource(pathsOf(root), '/nope/x', 'web'), (err: unknown) => {
    assert.ok(err instanceof NotFoundError);
    assert.equal(err.message, 'Could not find the file /nope/x in container web');
    return true;
  });
  await assert.rejects(resolveResource(pathsOf(root), '/etc/hostname/', 'web'), SystemError);
});

test('hard links within the archive are sent as links to the first name', async (t) => {
  const root = await rootfs(t);
  await put(root, 'd/one', 'same');
  await link(`${root}/d/one`, `${root}/d/two`);
  const paths = pathsOf(root);
  const entries = await listTar(archiveResource(paths, await resolveResource(paths, '/d', 'c1')));
  assert.deepEqual(entries.map((e) => [e.name, e.type, e.linkname]), [['d/', 'dir', ''], ['d/one', 'file', ''], ['d/two', 'hardlink', 'd/one']]);
});

test('paths in a bind mount are read from its source; the longest destination wins', async (t) => {
  const root = await rootfs(t);
  const data = await tempDir(t, 'burrow-cp-bind-');
  const nested = await tempDir(t, 'burrow-cp-nested-');
  await put(root, 'data/hidden', 'under the mount');
  await put(data, 'x', 'from bind');
  await put(nested, 'y', 'from nested');
  await mkdir(`${root}/srv`);
  const paths = pathsOf(root, [bind(data, '/data'), bind(nested, '/data/deep')]);
  assert.deepEqual(await archived(root, '/data', paths), ['data/', 'data/deep/', 'data/deep/y=from nested', 'data/x=from bind']);
  const { stat } = await resolveResource(paths, '/data/deep/y', 'c1');
  assert.equal(stat.size, 'from nested'.length);
  assert.deepEqual(await archived(root, '/', paths), ['/', '/data/', '/data/deep/', '/data/deep/y=from nested', '/data/x=from bind', '/srv/']);
});
