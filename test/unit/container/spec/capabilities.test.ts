import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildSpec } from '../../../../src/container/spec/index.js';
import { ALL_CAPABILITIES, DEFAULT_CAPABILITIES } from '../../../../src/container/spec/capabilities.js';
import { input } from './fixture.js';

const caps = (CapAdd: string[], CapDrop: string[], Privileged = false) =>
  buildSpec(input({ hostConfig: { CapAdd, CapDrop, Privileged } })).process.capabilities;

test('cap-add and cap-drop with and without the CAP_ prefix, and ALL', () => {
  const without = (...names: string[]) => DEFAULT_CAPABILITIES.filter((c) => !names.includes(c));
  const cases: { add: string[]; drop: string[]; want: string[] }[] = [
    { add: [], drop: [], want: DEFAULT_CAPABILITIES },
    { add: ['net_admin'], drop: ['CAP_CHOWN', 'mknod'], want: [...without('CAP_CHOWN', 'CAP_MKNOD'), 'CAP_NET_ADMIN'] },
    { add: ['CAP_KILL'], drop: [], want: DEFAULT_CAPABILITIES },
    { add: ['ALL'], drop: ['SYS_ADMIN'], want: ALL_CAPABILITIES.filter((c) => c !== 'CAP_SYS_ADMIN') },
    { add: ['chown'], drop: ['all'], want: ['CAP_CHOWN'] },
  ];
  for (const c of cases) {
    const got = caps(c.add, c.drop);
    assert.deepEqual(got.bounding, c.want, JSON.stringify(c));
    assert.deepEqual(got.effective, c.want);
    assert.deepEqual(got.permitted, c.want);
  }
});

test('unknown capability is moby\'s error', () => {
  assert.throws(() => caps(['bogus'], []), /unknown capability: "CAP_BOGUS"/);
});

test('privileged: all capabilities, no masked or read-only paths, writable /sys', () => {
  const spec = buildSpec(input({ hostConfig: { Privileged: true, CapDrop: ['ALL'] } }));
  assert.deepEqual(spec.process.capabilities.bounding, ALL_CAPABILITIES);
  assert.equal(spec.linux.maskedPaths, undefined);
  assert.equal(spec.linux.readonlyPaths, undefined);
  assert.ok(!(spec.mounts.find((m) => m.destination === '/sys')?.options ?? []).includes('ro'));
  const plain = buildSpec(input());
  assert.ok(plain.linux.maskedPaths?.includes('/proc/kcore'));
  assert.ok(plain.linux.readonlyPaths?.includes('/proc/sys'));
});
