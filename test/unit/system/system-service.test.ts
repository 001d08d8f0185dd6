import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSystemService, ENGINE_RELEASE, type EngineCounters } from '../../../src/system/index.js';
import { TEST_HOST, TEST_NOW, testFacts } from './fixtures.js';

test('info() reads the live counters on every call, sync or async', async () => {
  let running = 1;
  const counters: EngineCounters = {
    containers: () => ({ running, paused: 0, stopped: 2 }),
    images: () => Promise.resolve(5),
  };
  const system = createSystemService(testFacts(), counters, { host: TEST_HOST, now: () => TEST_NOW });
  const first = await system.info();
  assert.deepEqual([first.Containers, first.ContainersRunning, first.ContainersStopped, first.Images], [3, 1, 2, 5]);
  running = 4;
  const second = await system.info();
  assert.deepEqual([second.Containers, second.ContainersRunning], [6, 4]);
  assert.equal(second.SystemTime, '2024-05-06T07:08:09.123Z');
  assert.ok(second.NFd > 0, 'this process has open files');
});

test('without counters everything counts zero; version() is built once', async () => {
  const system = createSystemService(testFacts({ experimental: true }), undefined, { host: TEST_HOST });
  const body = await system.info();
  assert.deepEqual([body.Containers, body.Images], [0, 0]);
  assert.equal(system.version(), system.version());
  assert.equal(system.release, ENGINE_RELEASE);
  assert.equal(system.experimental, true);
});
