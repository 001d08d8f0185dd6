import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getcapGrants } from '../../../src/host/file-caps.js';

test('getcapGrants reads both getcap output styles', () => {
  assert.equal(getcapGrants('/usr/bin/newuidmap cap_setuid=ep\n', 'cap_setuid'), true);
  assert.equal(getcapGrants('/usr/bin/newuidmap = cap_setuid+ep\n', 'cap_setuid'), true);
  assert.equal(getcapGrants('/usr/bin/newgidmap cap_setgid,cap_setuid=ep\n', 'cap_setgid'), true);
});

test('getcapGrants needs the named capability effective and permitted', () => {
  assert.equal(getcapGrants('', 'cap_setuid'), false);
  assert.equal(getcapGrants('/usr/bin/newuidmap cap_setgid=ep\n', 'cap_setuid'), false);
  assert.equal(getcapGrants('/usr/bin/newuidmap cap_setuid=p\n', 'cap_setuid'), false);
  assert.equal(getcapGrants('/usr/bin/newuidmap cap_setuid=eip\n', 'cap_setuid'), true);
});
