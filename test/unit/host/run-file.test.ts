import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runFile } from '../../../src/host/run-file.js';

test('runFile: returns the exit code and both streams', async () => {
  assert.deepEqual(await runFile('/bin/sh', ['-c', 'echo out; echo err >&2; exit 3']), { code: 3, stdout: 'out\n', stderr: 'err\n' });
});

test('runFile: a missing program resolves with code null and the reason', async () => {
  const r = await runFile('/nonexistent/tool', []);
  assert.equal(r.code, null);
  assert.match(r.stderr, /ENOENT/);
});

test('runFile: a hung program is killed at the timeout', async () => {
  const r = await runFile('/bin/sleep', ['5'], { timeoutMs: 100 });
  assert.equal(r.code, null);
  assert.match(r.stderr, /\/bin\/sleep timed out/);
});
