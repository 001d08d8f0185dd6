import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Readable } from 'node:stream';
import { parseLog, parseLogLine, type LogRecord } from '../../../src/runtime/index.js';

test('k8s-log: a full line, a partial line and text with spaces', () => {
  assert.deepEqual(parseLogLine('2026-11-23T20:25:47.785782441+00:00 stdout F hi there'),
    { time: '2026-11-23T20:25:47.785782441+00:00', stream: 'stdout', partial: false, text: 'hi there' });
  assert.deepEqual(parseLogLine('2026-11-23T20:25:47Z stderr P '), { time: '2026-11-23T20:25:47Z', stream: 'stderr', partial: true, text: '' });
  assert.throws(() => parseLogLine('garbage'), /malformed/);
});

test('k8s-log: records split across chunks, including inside a multi-byte character', async () => {
  const bytes = Buffer.from('t1 stdout P héllo\nt2 stderr F wörld\n');
  const chunks = [bytes.subarray(0, 15), bytes.subarray(15, 29), bytes.subarray(29)];
  const got: LogRecord[] = [];
  for await (const r of parseLog(Readable.from(chunks))) got.push(r);
  assert.deepEqual(got.map((r) => `${r.time} ${r.stream} ${String(r.partial)} ${r.text}`), ['t1 stdout true héllo', 't2 stderr false wörld']);
});
