import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { acquireLock, stateLayout } from '../../../src/rootless/state-dir.js';

test('one lock per user: a live holder is refused, a stale one replaced', async () => {
  const xdg = await mkdtemp(join(tmpdir(), 'burrow-lock-'));
  try {
    const layout = stateLayout(xdg);
    const lock = await acquireLock(layout);
    await assert.rejects(acquireLock(layout), { code: 'BURROW_DAEMON_RUNNING', message: new RegExp(`pid ${process.pid}`) });
    await lock.release();
    assert.equal(existsSync(layout.lock), false);
    await writeFile(layout.lock, JSON.stringify({ pid: process.pid, startTime: '1' }));
    const again = await acquireLock(layout);
    assert.match(await readFile(layout.lock, 'utf8'), new RegExp(`"pid":${process.pid}`));
    await again.release();
  } finally {
    await rm(xdg, { recursive: true, force: true });
  }
});
