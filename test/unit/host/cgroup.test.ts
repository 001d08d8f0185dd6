import { test } from 'node:test';
import assert from 'node:assert/strict';
import { delegatedControllers, detectCgroupLayout } from '../../../src/host/cgroup.js';
import { HostPaths } from '../../../src/host/host-paths.js';
import { fixturePath } from './fixture.js';

const host = (scenario: string) => new HostPaths(fixturePath(scenario));

test('detectCgroupLayout tells v2, hybrid and v1 apart', async () => {
  assert.equal(await detectCgroupLayout(host('cgroup2-delegated')), 'v2');
  assert.equal(await detectCgroupLayout(host('debian12-hybrid')), 'hybrid');
  assert.equal(await detectCgroupLayout(host('userns-disabled')), 'v1');
});

test('delegatedControllers reads user@<uid>.service, undefined without one', async () => {
  assert.deepEqual(await delegatedControllers(host('cgroup2-delegated'), 1000), ['cpuset', 'cpu', 'io', 'memory', 'pids']);
  assert.equal(await delegatedControllers(host('cgroup2-delegated'), 1001), undefined);
});
