import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kernelAtLeast, parseKernelRelease } from '../../../src/host/kernel-release.js';

test('parseKernelRelease takes major.minor from distribution strings', () => {
  assert.deepEqual(parseKernelRelease('6.18.44-fc-v782\n'), { text: '6.18.44-fc-v782', major: 6, minor: 18 });
  assert.deepEqual(parseKernelRelease('5.10.0-28-amd64'), { text: '5.10.0-28-amd64', major: 5, minor: 10 });
  assert.equal(parseKernelRelease('unknown'), undefined);
});

test('kernelAtLeast compares numerically, not as text', () => {
  const k = (t: string) => parseKernelRelease(t) ?? assert.fail(t);
  assert.equal(kernelAtLeast(k('5.11.0'), 5, 11), true);
  assert.equal(kernelAtLeast(k('5.9.0'), 5, 11), false);
  assert.equal(kernelAtLeast(k('6.1.0'), 5, 11), true);
  assert.equal(kernelAtLeast(k('4.19.0'), 5, 11), false);
});
