import { test } from 'node:test';
import assert from 'node:assert/strict';
import { humanSize, progressBar, ProgressWriter } from '../../../src/image/progress.js';

test('sizes read like go-units HumanSize', () => {
  assert.equal(humanSize(0), '0B');
  assert.equal(humanSize(999), '999B');
  assert.equal(humanSize(2808000), '2.808MB');
  assert.equal(humanSize(1234567890), '1.235GB');
});

test('the bar is 50 columns with an arrow head until complete', () => {
  assert.equal(progressBar(0, 100), `[>${' '.repeat(49)}]       0B/100B`);
  assert.equal(progressBar(50, 100), `[${'='.repeat(25)}>${' '.repeat(24)}]      50B/100B`);
  assert.equal(progressBar(100, 100), `[${'='.repeat(50)}]     100B/100B`);
});

test('messages are one JSON object per line; progress is rate-limited but the last always goes out', () => {
  const lines: string[] = [];
  const out = new ProgressWriter((l) => lines.push(l));
  out.status('Pulling fs layer', 'abc');
  out.progress('abc', 'Downloading', 1, 10);
  out.progress('abc', 'Downloading', 2, 10);
  out.progress('abc', 'Downloading', 10, 10);
  out.error('boom');
  const msgs = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.ok(lines.every((l) => l.endsWith('\n')));
  assert.deepEqual(msgs[0], { status: 'Pulling fs layer', progressDetail: {}, id: 'abc' });
  assert.equal(msgs.filter((m) => m.status === 'Downloading').length, 2, 'the 2/10 update within 100 ms is dropped');
  assert.deepEqual(msgs.at(-1), { errorDetail: { message: 'boom' }, error: 'boom' });
});
