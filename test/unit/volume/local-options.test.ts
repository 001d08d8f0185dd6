import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ramInBytes, validateDriverOpts, validateVolumeName } from '../../../src/volume/local-options.js';

test('volume names: dockerd\'s pattern and texts', () => {
  for (const ok of ['ab', 'my-vol_1.x', 'A0']) assert.doesNotThrow(() => { validateVolumeName(ok); });
  assert.throws(() => { validateVolumeName('a'); }, { message: 'create a: volume name is too short, names should be at least two alphanumeric characters' });
  assert.throws(() => { validateVolumeName('foo/bar'); }, {
    message: 'create foo/bar: "foo/bar" includes invalid characters for a local volume name, only "[a-zA-Z0-9][a-zA-Z0-9_.-]" are allowed. If you intended to pass a host directory, use absolute path',
  });
  assert.throws(() => { validateVolumeName('_ab'); }, /includes invalid characters/);
});

test('driver options: dockerd\'s checks, then what a rootless daemon can mount', () => {
  const cases: [Record<string, string>, string | undefined][] = [
    [{}, undefined],
    [{ type: 'tmpfs', device: 'tmpfs', o: 'size=10m' }, undefined],
    [{ type: 'none', device: '/srv/x', o: 'bind' }, undefined],
    [{ bogus: '1' }, 'create v: invalid option: "bogus"'],
    [{ device: '/x' }, 'create v: missing required option: "type"'],
    [{ type: 'tmpfs' }, 'create v: missing required option: "device"'],
    [{ o: 'bind' }, 'create v: missing required option: "device"'],
    [{ size: '10m' }, 'create v: quota size requested but no quota support'],
    [{ size: 'lots' }, 'create v: invalid size: \'lots\''],
    [{ type: 'nfs', device: ':/export', o: 'addr=10.0.0.1' }, 'create v: a rootless daemon cannot mount type "nfs" (it needs root on the host); the local driver mounts type=tmpfs, or an existing host directory with type=none,o=bind,device=<path>'],
  ];
  for (const [opts, want] of cases) {
    if (want === undefined) assert.doesNotThrow(() => { validateDriverOpts('v', opts); }, JSON.stringify(opts));
    else assert.throws(() => { validateDriverOpts('v', opts); }, { message: want }, JSON.stringify(opts));
  }
});

test('go-units RAMInBytes', () => {
  assert.equal(ramInBytes('0'), 0);
  assert.equal(ramInBytes('64m'), 64 * 1024 * 1024);
  assert.equal(ramInBytes('1.5GiB'), 1.5 * 1024 ** 3);
  assert.equal(ramInBytes('10 kb'), 10240);
});
