import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isCopiedUp } from '../../../src/rootless/copyup.js';

const MOUNTINFO = [
  '22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw',
  '90 22 0:50 / /etc rw,relatime - tmpfs tmpfs rw,mode=755',
  '91 90 8:1 /etc /etc/.ro1234 rw,relatime - ext4 /dev/sda1 rw',
  '92 22 0:51 / /run/user/1000 rw - tmpfs tmpfs rw',
].join('\n');

test('recognises a copied-up directory by its tmpfs mount', () => {
  assert.equal(isCopiedUp(MOUNTINFO, '/etc'), true);
  assert.equal(isCopiedUp(MOUNTINFO, '/run'), false);
  assert.equal(isCopiedUp(MOUNTINFO, '/run/user'), false);
});
