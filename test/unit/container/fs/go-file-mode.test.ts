// The path-stat header's mode is Go's os.FileMode, whose type bits the CLI tests.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmod, lstat, mkdir, symlink, writeFile } from 'node:fs/promises';
import { GO_MODE, goFileMode, goTimeJson } from '../../../../src/container/fs/go-file-mode.js';
import { makeFifo } from '../../../../src/storage/special-files.js';
import { tempDir } from '../../archive/helpers.js';

test('the type goes to Go\'s high bits, the permissions and special bits as os.FileMode has them', async (t) => {
  const dir = await tempDir(t, 'burrow-mode-');
  await mkdir(`${dir}/d`);
  await chmod(`${dir}/d`, 0o1755);
  await writeFile(`${dir}/f`, 'x');
  await chmod(`${dir}/f`, 0o4750);
  await symlink('f', `${dir}/l`);
  await makeFifo(`${dir}/p`);
  await chmod(`${dir}/p`, 0o640);
  assert.equal(goFileMode(await lstat(`${dir}/d`)), 2 ** 31 + 2 ** 20 + 0o755, 'ModeDir|ModeSticky|0755');
  assert.equal(goFileMode(await lstat(`${dir}/f`)), 2 ** 23 + 0o750, 'ModeSetuid|0750');
  assert.equal(goFileMode(await lstat(`${dir}/l`)), 2 ** 27 + 0o777, 'ModeSymlink|0777');
  assert.equal(goFileMode(await lstat(`${dir}/p`)), 2 ** 25 + 0o640, 'ModeNamedPipe|0640');
  assert.equal(goFileMode(await lstat('/dev/null')), GO_MODE.device + GO_MODE.charDevice + 0o666);
  assert.equal(GO_MODE.dir, 0x80000000);
});

test('times are RFC 3339 with Go\'s trimmed nanoseconds', () => {
  assert.equal(goTimeJson(1_700_000_000n * 1_000_000_000n), '2023-11-14T22:13:20Z');
  assert.equal(goTimeJson(1_700_000_000_120_000_000n), '2023-11-14T22:13:20.12Z');
  assert.equal(goTimeJson(1_700_000_000_000_000_001n), '2023-11-14T22:13:20.000000001Z');
});
