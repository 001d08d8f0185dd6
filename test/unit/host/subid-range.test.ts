import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allSubidRanges, nextFreeSubidStart } from '../../../src/host/subid-range.js';

test('allSubidRanges reads every owner, skipping comments', () => {
  assert.deepEqual(allSubidRanges('# x\nbob:100000:65536\n1002:200000:10\n', '/etc/subuid'), [
    { start: 100000, count: 65536 },
    { start: 200000, count: 10 },
  ]);
});

test('nextFreeSubidStart starts at 100000 and goes past every range', () => {
  assert.equal(nextFreeSubidStart([]), 100000);
  assert.equal(nextFreeSubidStart([{ start: 100000, count: 65536 }]), 165536);
  assert.equal(nextFreeSubidStart([{ start: 10, count: 5 }]), 100000);
});
