import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePsOutput, psPidsArg, validatePsArgs } from '../../../../src/container/procs/ps-output.js';
import { topProcesses } from '../../../../src/container/procs/top.js';
import { HostPaths } from '../../../../src/host/host-paths.js';
import type { RunFile } from '../../../../src/host/run-file.js';

const PS_EF = `UID          PID    PPID  C STIME TTY          TIME CMD
root           1       0  0 21:40 ?        00:00:01 /sbin/init
100000      4242    4240  0 21:41 ?        00:00:00 sleep 100
100000      4250    4242  0 21:41 pts/0    00:00:00 sh -c while :; do :; done
1000        5000       1  0 21:42 ?        00:00:00 node burrow daemon
`;

test('top keeps the rows of the container\'s pids, the command with its spaces as one cell', () => {
  const top = parsePsOutput(PS_EF, new Set([4242, 4250]));
  assert.deepEqual(top.Titles, ['UID', 'PID', 'PPID', 'C', 'STIME', 'TTY', 'TIME', 'CMD']);
  assert.deepEqual(top.Processes, [
    ['100000', '4242', '4240', '0', '21:41', '?', '00:00:00', 'sleep 100'],
    ['100000', '4250', '4242', '0', '21:41', 'pts/0', '00:00:00', 'sh -c while :; do :; done'],
  ]);
});

test('no matching row is a null Processes, as Go encodes a nil slice', () => {
  assert.deepEqual(parsePsOutput(PS_EF, new Set([7])), { Titles: ['UID', 'PID', 'PPID', 'C', 'STIME', 'TTY', 'TIME', 'CMD'], Processes: null });
});

test('thread rows (ps -m) follow the process row they belong to', () => {
  const out = `  PID TTY          TIME CMD
 4242 ?        00:00:00 sleep
    - -        00:00:00 -
 5000 ?        00:00:01 node
    - -        00:00:00 -
`;
  assert.deepEqual(parsePsOutput(out, new Set([4242])).Processes, [['4242', '?', '00:00:00', 'sleep'], ['-', '-', '00:00:00', '-']]);
});

test('only ASCII whitespace separates fields', () => {
  const out = 'PID CMD\n4242 a\u00a0b  c\n';
  assert.deepEqual(parsePsOutput(out, new Set([4242])).Processes, [['4242', 'a\u00a0b c']]);
});

test('dockerd\'s errors for output without a PID column and for a PID that is no number', () => {
  assert.throws(() => parsePsOutput('UID CMD\nroot init\n', new Set([1])), { message: "Couldn't find PID field in ps output", kind: 'system' });
  assert.throws(() => parsePsOutput('PID CMD\nabc x\n', new Set([1])), { message: 'Unexpected pid \'abc\': strconv.Atoi: parsing "abc": invalid syntax' });
});

test('ps_args may rename only the pid column to PID', () => {
  assert.doesNotThrow(() => { validatePsArgs('-o pid=PID,comm'); });
  assert.doesNotThrow(() => { validatePsArgs('-ef'); });
  assert.throws(() => { validatePsArgs('-o user=PID,comm'); }, { message: 'specifying "user=PID,comm" is not allowed' });
});

test('psPidsArg is -q with the pids comma-separated', () => {
  assert.equal(psPidsArg([1, 2, 3]), '-q1,2,3');
});

function fakeRun(replies: { code: number; stdout?: string; stderr?: string }[]): { run: RunFile; calls: string[][] } {
  const calls: string[][] = [];
  return {
    calls,
    run: (file, args) => {
      calls.push([file, ...args]);
      const r = replies.shift() ?? { code: 1 };
      return Promise.resolve({ code: r.code, stdout: r.stdout ?? '', stderr: r.stderr ?? '' });
    },
  };
}

test('ps runs with -q first and again without it when the format refuses it', async () => {
  // a pid that exists nowhere: no container pids, but the call sequence is what is checked
  const { run, calls } = fakeRun([{ code: 1, stderr: 'error: unsupported option' }, { code: 0, stdout: 'PID CMD\n' }]);
  const top = await topProcesses(new HostPaths('/nonexistent'), run, 999999, '-o pid,comm f');
  assert.deepEqual(calls, [['ps', '-o', 'pid,comm', 'f', '-q'], ['ps', '-o', 'pid,comm', 'f']]);
  assert.deepEqual(top, { Titles: ['PID', 'CMD'], Processes: null });
});

test('a failing ps reports the first line of its stderr', async () => {
  const { run } = fakeRun([{ code: 1, stderr: 'error: garbage option\n\nUsage: ...' }, { code: 1, stderr: 'error: garbage option\n\nUsage: ...' }]);
  await assert.rejects(topProcesses(new HostPaths('/nonexistent'), run, 1, '-Z'), { message: 'ps: error: garbage option', kind: 'system' });
});
