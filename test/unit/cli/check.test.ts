import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkCommand, type CheckIo } from '../../../src/cli/check.js';
import { defineCheck, type Check, type CheckStatus } from '../../../src/host/checks/check.js';
import { HostPaths } from '../../../src/host/host-paths.js';
import { alice, noExec } from '../host/fixture.js';

function sink(): { write(text: string): boolean; text: string } {
  return {
    text: '',
    write(t: string) {
      this.text += t;
      return true;
    },
  };
}

const fixed = (id: string, blocking: boolean, status: CheckStatus, fix?: string[]): Check =>
  defineCheck({ id, title: id.toUpperCase(), blocking }, () => Promise.resolve({ status, summary: `${id} is ${status}`, ...(fix ? { fix } : {}) }));

async function run(args: string[], checks: Check[], env: NodeJS.ProcessEnv = { LANG: 'en_US.UTF-8' }) {
  const stdout = sink();
  const stderr = sink();
  const io: Partial<CheckIo> = { stdout, stderr, env, checks, host: new HostPaths('/nonexistent'), user: alice(), exec: noExec };
  const code = await checkCommand(args, io);
  return { code, out: stdout.text, err: stderr.text };
}

test('check: every item gets its symbol, the fix goes under problems, exit 0 when nothing blocking failed', async () => {
  const { code, out } = await run([], [fixed('a', true, 'ok'), fixed('b', false, 'warn', ['do b']), fixed('c', false, 'info'), fixed('d', false, 'fail', ['do d'])]);
  assert.equal(code, 0);
  assert.equal(
    out,
    ['✓ A: a is ok', '! B: b is warn', '    do b', 'ℹ C: c is info', '✗ D: d is fail', '    do d', '', 'Burrow can run here (1 warning: some features are limited).', ''].join('\n'),
  );
});

test('check: a failed blocking check exits 1 and is named', async () => {
  const { code, out } = await run([], [fixed('xdg', true, 'fail', ['export XDG_RUNTIME_DIR=/home/alice/.docker/run']), fixed('b', false, 'ok')]);
  assert.equal(code, 1);
  assert.match(out, /^✗ XDG: xdg is fail\n {4}export XDG_RUNTIME_DIR=\/home\/alice\/.docker\/run\n/);
  assert.match(out, /Burrow cannot run here until these are fixed: XDG\.\n$/);
});

test('check: ASCII symbols when the locale is not UTF-8', async () => {
  const checks = [fixed('a', true, 'ok'), fixed('b', true, 'fail'), fixed('c', false, 'warn'), fixed('d', false, 'info')];
  const { out } = await run([], checks, { LANG: 'C' });
  assert.deepEqual(out.split('\n').slice(0, 4), ['[ok] A: a is ok', '[x] B: b is fail', '[!] C: c is warn', '[-] D: d is info']);
  const { out: overridden } = await run([], checks, { LANG: 'en_US.UTF-8', LC_ALL: 'POSIX' });
  assert.match(overridden, /^\[ok\] A/);
});

test('check: colour only when forced or on a terminal, never with NO_COLOR', async () => {
  const { out: plain } = await run([], [fixed('a', true, 'ok')]);
  assert.ok(!plain.includes('\x1b['));
  const { out: forced } = await run([], [fixed('a', true, 'ok')], { LANG: 'C.UTF-8', FORCE_COLOR: '1' });
  assert.ok(forced.includes('\x1b[32m✓\x1b[39m'));
  const { out: off } = await run([], [fixed('a', true, 'ok')], { LANG: 'C.UTF-8', FORCE_COLOR: '1', NO_COLOR: '1' });
  assert.ok(!off.includes('\x1b['));
});

test('check --json prints only the results array, and keeps the exit code', async () => {
  const { code, out } = await run(['--json'], [fixed('a', true, 'fail', ['fix a']), fixed('b', false, 'ok')]);
  assert.equal(code, 1);
  assert.deepEqual(JSON.parse(out), [
    { id: 'a', title: 'A', status: 'fail', summary: 'a is fail', fix: ['fix a'] },
    { id: 'b', title: 'B', status: 'ok', summary: 'b is ok' },
  ]);
});

test('check: --help prints usage; an unknown flag is a usage error', async () => {
  const help = await run(['--help'], []);
  assert.equal(help.code, 0);
  assert.match(help.out, /^Usage: {2}burrow check \[OPTIONS\]/);
  const bad = await run(['--bogus'], []);
  assert.equal(bad.code, 2);
  assert.equal(bad.out, '');
  assert.match(bad.err, /Unknown option '--bogus'/);
});
