// The path rules docker cp shares between client and daemon (Go's filepath and moby's archive helpers).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { containerAbsPath, goBase, goClean, goSplit, preserveTrailingDotOrSeparator } from '../../../../src/container/fs/go-paths.js';

test('goClean drops trailing slashes, dots and climbs above the root as filepath.Clean does', () => {
  const cases: [string, string][] = [['/a/b/', '/a/b'], ['/a/./b/.', '/a/b'], ['/../x', '/x'], ['../x', '../x'], ['/', '/'], ['', '.'], ['a//b', 'a/b']];
  for (const [input, want] of cases) assert.equal(goClean(input), want, input);
});

test('goBase names what is archived: the last element, "/" for the root, "." for a trailing /.', () => {
  const cases: [string, string][] = [['/foo/bar', 'bar'], ['/foo/bar/', 'bar'], ['/foo/.', '.'], ['/', '/'], ['', '.'], ['x', 'x']];
  for (const [input, want] of cases) assert.equal(goBase(input), want, input);
});

test('goSplit keeps the separator on the directory side', () => {
  assert.deepEqual(goSplit('/foo/bar'), { dir: '/foo/', base: 'bar' });
  assert.deepEqual(goSplit('/foo/bar/'), { dir: '/foo/bar/', base: '' });
  assert.deepEqual(goSplit('/foo/.'), { dir: '/foo/', base: '.' });
  assert.deepEqual(goSplit('/'), { dir: '/', base: '' });
});

test('a trailing / or /. survives cleaning, so it can assert a directory', () => {
  assert.equal(preserveTrailingDotOrSeparator('/a', 'a/'), '/a/');
  assert.equal(preserveTrailingDotOrSeparator('/a', 'a/.'), '/a/.');
  assert.equal(preserveTrailingDotOrSeparator('/', '/'), '/');
  assert.equal(preserveTrailingDotOrSeparator('/', '.'), '/.');
  assert.equal(preserveTrailingDotOrSeparator('/a', 'a'), '/a');
});

test('a requested path is absolute in the container, whatever the client sent', () => {
  const cases: [string, string][] = [['etc/hostname', '/etc/hostname'], ['/etc/', '/etc/'], ['/tmp/dir/.', '/tmp/dir/.'], ['/a/../../b', '/b'], ['.', '/.'], ['/', '/']];
  for (const [input, want] of cases) assert.equal(containerAbsPath(input), want, input);
});
