import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { identify, isAlive, parseStat } from '../../../src/process/proc-identity.js';

test('reads state and start time past a command name with spaces and parentheses', () => {
  const fields = Array.from({ length: 20 }, (_, i) => String(i + 3));
  fields[0] = 'Z';
  fields[19] = '987654';
  assert.deepEqual(parseStat(`123 (a (b) c) ${fields.join(' ')} 0 0`), { state: 'Z', startTime: '987654' });
  assert.equal(parseStat('123 (x) S 1'), undefined);
});

test('a zombie is not alive', async () => {
  // the background child outlives the shell's exec into `sleep`, which never reaps it (exiting
  // at once instead would race: a shell that is still a shell reaps it, and no zombie is left)
  const parent = spawn('sh', ['-c', 'sleep 0.3 & echo $!; exec sleep 10'], { stdio: ['ignore', 'pipe', 'ignore'] });
  const pid = Number(await new Promise<string>((r) => parent.stdout.once('data', (d: Buffer) => { r(d.toString()); })));
  const isZombie = async (): Promise<boolean> => (await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '')).includes(') Z ');
  try {
    for (let i = 0; i < 400 && !(await isZombie()); i++) await new Promise((r) => setTimeout(r, 20));
    assert.equal(await isZombie(), true, 'the child is a zombie');
    assert.equal(await identify(pid), undefined);
  } finally {
    parent.kill();
  }
});

test('identifies this process and sees a changed start time as another process', async () => {
  const me = await identify(process.pid);
  assert.ok(me);
  assert.equal(await isAlive(me), true);
  assert.equal(await isAlive({ pid: me.pid, startTime: '1' }), false);
});
