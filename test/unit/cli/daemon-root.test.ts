import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BURROW = fileURLToPath(new URL('../../../../bin/burrow', import.meta.url));

test('burrow daemon refuses to run as root, with the reason', { skip: process.getuid?.() === 0 ? false : 'needs root (CI runs unit tests as root)' }, () => {
  const r = spawnSync(BURROW, ['daemon'], { encoding: 'utf8', env: { ...process.env, XDG_RUNTIME_DIR: '/run/user/0' } });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /burrow daemon must not be run as root/);
  assert.match(r.stderr, /inside a user namespace/);
});
