import { test } from 'node:test';
import assert from 'node:assert/strict';
import { packageFamily, parseOsRelease } from '../../../src/host/os-release.js';

test('parseOsRelease unquotes values and splits ID_LIKE', () => {
  const os = parseOsRelease('NAME="Linux Mint"\nID=linuxmint\nID_LIKE="ubuntu debian"\nPRETTY_NAME="Linux Mint 21.3"\nVERSION_ID="21.3"\n');
  assert.deepEqual(os, { id: 'linuxmint', idLike: ['ubuntu', 'debian'], prettyName: 'Linux Mint 21.3', versionId: '21.3' });
});

test('packageFamily follows ID, then ID_LIKE', () => {
  assert.equal(packageFamily(parseOsRelease('ID=linuxmint\nID_LIKE="ubuntu debian"\n')), 'apt');
  assert.equal(packageFamily(parseOsRelease('ID="rocky"\nID_LIKE="rhel centos fedora"\n')), 'dnf');
  assert.equal(packageFamily(parseOsRelease('ID="opensuse-leap"\nID_LIKE="suse opensuse"\n')), 'zypper');
  assert.equal(packageFamily(parseOsRelease('ID=opensuse-tumbleweed\n')), 'zypper');
  assert.equal(packageFamily(parseOsRelease('ID=arch\n')), 'pacman');
  assert.equal(packageFamily(parseOsRelease('ID=alpine\n')), undefined);
});
