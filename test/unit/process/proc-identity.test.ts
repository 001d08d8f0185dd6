import { test } from 'node:test';
import assert from 'node:assert/strict';
import { identify, isAlive, parseStartTime } from '../../../src/process/proc-identity.js';

test('reads the start time past a command name with spaces and parentheses', () => {
  const fields = Array.from({ length: 20 }, (_, i) => String(i + 3));
  fields[19] = '987654';
  assert.equal(parseStartTime(`123 (a (b) c) ${fields.join(' ')} 0 0`), '987654');
});

test('identifies this process and sees a changed start time as another process', async () => {
  const me = await identify(process.pid);
  assert.ok(me);
  assert.equal(await isAlive(me), true);
  assert.equal(await isAlive({ pid: me.pid, startTime: '1' }), false);
});
