import { test } from 'node:test';
import assert from 'node:assert/strict';
import { goArchOf, parseOsRelease, readHostInfo } from '../../../src/system/host-info.js';

test('parseOsRelease reads PRETTY_NAME and VERSION_ID as os-release(5) writes them', () => {
  const cases: [string, string, { prettyName: string; versionId: string }][] = [
    [
      'debian 12',
      'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nVERSION="12 (bookworm)"\nID=debian\n',
      { prettyName: 'Debian GNU/Linux 12 (bookworm)', versionId: '12' },
    ],
    ['unquoted values', 'PRETTY_NAME=Arch\nVERSION_ID=rolling', { prettyName: 'Arch', versionId: 'rolling' }],
    ['single quotes', "PRETTY_NAME='Fedora Linux 40'\nVERSION_ID='40'", { prettyName: 'Fedora Linux 40', versionId: '40' }],
    ['shell escapes', 'PRETTY_NAME="A \\"quoted\\" \\$name"', { prettyName: 'A "quoted" $name', versionId: '' }],
    ['comments, blanks, CRLF', '# comment\n\nPRETTY_NAME="Alpine Linux v3.19"\r\nVERSION_ID=3.19.1\r\n', { prettyName: 'Alpine Linux v3.19', versionId: '3.19.1' }],
    ['no PRETTY_NAME falls back like dockerd', 'NAME=Foo\n', { prettyName: 'Linux', versionId: '' }],
    ['empty file', '', { prettyName: 'Linux', versionId: '' }],
  ];
  for (const [name, text, expected] of cases) {
    assert.deepEqual(parseOsRelease(text), expected, name);
  }
});

test('goArchOf spells Node architectures the way Go does', () => {
  const cases: [string, 'BE' | 'LE', string][] = [
    ['x64', 'LE', 'amd64'],
    ['arm64', 'LE', 'arm64'],
    ['ia32', 'LE', '386'],
    ['arm', 'LE', 'arm'],
    ['ppc64', 'LE', 'ppc64le'],
    ['ppc64', 'BE', 'ppc64'],
    ['s390x', 'BE', 's390x'],
    ['mipsel', 'LE', 'mipsle'],
    ['riscv64', 'LE', 'riscv64'],
  ];
  for (const [node, endianness, go] of cases) assert.equal(goArchOf(node, endianness), go, node);
});

test('readHostInfo measures this machine', () => {
  const host = readHostInfo();
  assert.match(host.kernelVersion, /^\d+\.\d+/);
  assert.ok(host.ncpu >= 1);
  assert.ok(host.memTotal > 0);
  assert.ok(host.operatingSystem.length > 0);
  assert.equal(host.runtimeVersion, `node${process.versions.node}`);
  if (process.arch === 'x64') {
    assert.equal(host.machine, 'x86_64');
    assert.equal(host.goArch, 'amd64');
  }
});
