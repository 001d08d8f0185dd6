import { test } from 'node:test';
import assert from 'node:assert/strict';
import { idMapArgs, parseSubidFile, totalCount } from '../../../src/host/subid.js';

test('collects every range by name or uid, as RootlessKit does', () => {
  const text = '# comment\n\nalice:100000:65536\nbob:165536:65536\n1001:300000:1000\nalice:100000:65536\n';
  const r = parseSubidFile(text, ['alice', '1001']);
  assert.deepEqual(r, [{ start: 100000, count: 65536 }, { start: 300000, count: 1000 }]);
  assert.equal(totalCount(r), 66536);
  assert.deepEqual(parseSubidFile(text, ['carol', '1002']), []);
  assert.throws(() => parseSubidFile('alice:1\n', ['alice']), /Format not correct/);
});

test('packs ranges from inner id 1 after the user at 0', () => {
  assert.deepEqual(idMapArgs(1001, [{ start: 100000, count: 65536 }, { start: 300000, count: 1000 }]), [
    '0', '1001', '1', '1', '100000', '65536', '65537', '300000', '1000',
  ]);
});
