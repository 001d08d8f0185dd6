import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatDump, parseDump, quote } from '../../../src/archive/xattr-dump.js';

test('parseDump: getfattr -d -e base64 output, with escaped names', () => {
  const dump = Buffer.from('# file: /x/a\ntrusted.overlay.opaque=0seQ==\nuser.x=0seQ==\n\n# file: /x/we ird=na\\012me\nuser.bin=0sAQAAAv/+CoAAIA==\nuser.empty=0s\n\n');
  const files = parseDump(dump);
  assert.deepEqual([...files.keys()], ['/x/a', '/x/we ird=na\nme']);
  assert.deepEqual(files.get('/x/we ird=na\nme')?.get('user.bin'), Buffer.from([1, 0, 0, 2, 0xff, 0xfe, 0x0a, 0x80, 0, 0x20]));
  assert.deepEqual(files.get('/x/we ird=na\nme')?.get('user.empty'), Buffer.alloc(0));
  assert.equal(files.get('/x/a')?.get('user.x')?.toString(), 'y');
});

test('formatDump: round-trips through parseDump, whatever the bytes in path and names', () => {
  const attrs = new Map([['user.a=b c', Buffer.from([0, 10, 255])]]);
  const path = '/tmp/ä b\\c\n=d';
  assert.match(quote(path), /^\/tmp\/\\303\\244\\040b\\134c\\012\\075d$/);
  assert.deepEqual(parseDump(formatDump(path, attrs)), new Map([[path, attrs]]));
});
