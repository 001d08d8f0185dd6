import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCgroupV2Path, parseFlatKeyed, parseIoStat, parseLimit } from '../../../../src/container/procs/cgroup-files.js';

test('flat-keyed files become a map of numbers', () => {
  assert.deepEqual([...parseFlatKeyed('usage_usec 1500\nuser_usec 1000\nsystem_usec 500\n')], [['usage_usec', 1500], ['user_usec', 1000], ['system_usec', 500]]);
});

test('"max" is no limit', () => {
  assert.equal(parseLimit('max\n'), undefined);
  assert.equal(parseLimit('104857600\n'), 104857600);
  assert.equal(parseLimit(undefined), undefined);
});

test('the unified path is taken from 0::, and refused when it lies outside our cgroup namespace', () => {
  assert.equal(parseCgroupV2Path('0::/user.slice/user-1000.slice/user@1000.service/burrow/abc\n'), '/user.slice/user-1000.slice/user@1000.service/burrow/abc');
  assert.equal(parseCgroupV2Path('4:memory:/x\n0::/ctr\n'), '/ctr');
  assert.equal(parseCgroupV2Path('0::/../../elsewhere\n'), undefined);
  assert.equal(parseCgroupV2Path('4:memory:/x\n'), undefined);
});

test('io.stat becomes read and write entries per device', () => {
  assert.deepEqual(parseIoStat('8:0 rbytes=4096 wbytes=8192 rios=1 wios=2 dbytes=0 dios=0\n'), [
    { major: 8, minor: 0, op: 'read', value: 4096 },
    { major: 8, minor: 0, op: 'write', value: 8192 },
  ]);
});
