import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findProcesses, parseStatus } from '../../../src/host/processes.js';
import { HostPaths } from '../../../src/host/host-paths.js';
import { fixturePath } from './fixture.js';

test('parseStatus takes the name and the real uid', () => {
  assert.deepEqual(parseStatus('Name:\tdockerd\nUid:\t1000\t0\t0\t0\n'), { name: 'dockerd', uid: 1000 });
  assert.equal(parseStatus('Name:\tx\n'), undefined);
});

test('findProcesses lists processes of that name with their uid', async () => {
  assert.deepEqual(await findProcesses(new HostPaths(fixturePath('cgroup2-delegated')), 'dockerd'), [{ pid: 812, uid: 0 }]);
  assert.deepEqual(await findProcesses(new HostPaths(fixturePath('xdg-unset')), 'dockerd'), []);
});
