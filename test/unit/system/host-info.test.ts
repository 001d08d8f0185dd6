import { test } from 'node:test';
import assert from 'node:assert/strict';
import { goArchOf, osFields, readHostInfo } from '../../../src/system/host-info.js';

test('osFields reads PRETTY_NAME and VERSION_ID as os-release(5) writes them', () => {
  const cases: [string, string, { operatingSystem: string; osVersion: string }][] = [
    [
      'debian 12',
      'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nVERSION="12 (bookworm)"\nID=debian\n',
      { operatingSystem: 'Debian GNU/Linux 12 (bookworm)', osVersion: '12' },
    ],
    ['unquoted values', 'PRETTY_NAME=Arch\nVERSION_ID=rolling', { operatingSystem: 'Arch', osVersion: 'rolling' }],
    ['single quotes', "PRETTY_NAME='Fedora Linux 40'\nVERSION_ID='40'", { operatingSystem: 'Fedora Linux 40', osVersion: '40' }],
    ['shell escapes', 'PRETTY_NAME="A \\"quoted\\" \\$name"', { operatingSystem: 'A "quoted" $name', osVersion: '' }],
    ['comments, blanks, CRLF', '# comment\n\nPRETTY_NAME="Alpine Linux v3.19"\r\nVERSION_ID=3.19.1\r\n', { operatingSystem: 'Alpine Linux v3.19', osVersion: '3.19.1' }],
    ['no PRETTY_NAME falls back like dockerd', 'NAME=Foo\n', { operatingSystem: 'Linux', osVersion: '' }],
    ['empty file', '', { operatingSystem: 'Linux', osVersion: '' }],
  ];
  for (const [name, text, expected] of cases) {
    assert.deepEqual(osFields(text), expected, name);
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
