import { test } from 'node:test';
import assert from 'node:assert/strict';
import { boolFilter, globMatch, labelsMatch, parseFilters } from '../../../src/base/filters.js';
import { parseUntil } from '../../../src/image/service.js';

test('both filter encodings parse; unknown names are refused', () => {
  assert.deepEqual([...parseFilters('{"reference":["busybox"]}', ['reference'])], [['reference', ['busybox']]]);
  assert.deepEqual([...parseFilters('{"dangling":{"true":true}}', ['dangling'])], [['dangling', ['true']]]);
  assert.throws(() => parseFilters('{"bogus":["x"]}', ['reference']), /invalid filter 'bogus'/);
  assert.throws(() => parseFilters('not json', ['reference']), /invalid filter/);
});

test('reference patterns match like path.Match', () => {
  assert.ok(globMatch('busy*', 'busybox'));
  assert.ok(!globMatch('busy*', 'library/busybox'));
  assert.ok(globMatch('*/busybox:*', '127.0.0.1:5000/busybox:latest'));
  assert.ok(globMatch('127.0.0.1:5000/*/busybox:l?test', '127.0.0.1:5000/library/busybox:latest'));
});

test('dangling and label filters', () => {
  assert.equal(boolFilter(['1'], 'dangling'), true);
  assert.equal(boolFilter(undefined, 'dangling'), undefined);
  assert.throws(() => boolFilter(['maybe'], 'dangling'), /Invalid filter 'dangling=maybe'/);
  assert.ok(labelsMatch(['a'], { a: '1' }));
  assert.ok(labelsMatch(['a=1'], { a: '1' }));
  assert.ok(!labelsMatch(['a=2'], { a: '1' }));
  assert.ok(!labelsMatch(['b'], null));
});

test('until takes durations and timestamps', () => {
  const now = Date.now();
  assert.ok(Math.abs(parseUntil('1h') - (now - 3_600_000)) < 1000);
  assert.equal(parseUntil('1700000000'), 1_700_000_000_000);
  assert.equal(parseUntil('2024-01-02T03:04:05Z'), Date.parse('2024-01-02T03:04:05Z'));
  assert.throws(() => parseUntil('soon'), /failed to parse value as time or duration/);
});
