import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, readlink, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { packTar, type TarInput } from '../../../src/archive/tar-writer.js';
import { readAll, run, tempDir } from './helpers.js';

const BIN = Buffer.from([0x01, 0x00, 0x00, 0x02, 0xff, 0xfe, 0x0a, 0x80, 0x00, 0x20]);
const LONG = `${'p'.repeat(150)}/${'q'.repeat(150)}/file`;

function sample(): TarInput[] {
  return [
    { header: { name: 'dir/', type: 'dir', mode: 0o750, uid: 1000, gid: 1000, mtime: 1700000000 } },
    { header: { name: 'dir/a.txt', type: 'file', mode: 0o4755, mtime: 1700000000.5 }, body: Buffer.from('alpha') },
    { header: { name: 'dir/streamed', type: 'file', size: 100000, uid: 3_000_000, gid: 65534 }, body: Readable.from([Buffer.alloc(60000, 1), Buffer.alloc(40000, 2)]) },
    { header: { name: LONG, type: 'file', xattrs: new Map([['user.bin', BIN]]) }, body: Buffer.from('long') },
    { header: { name: 'link', type: 'symlink', linkname: `/${'l'.repeat(200)}` } },
    { header: { name: 'hard', type: 'hardlink', linkname: 'dir/a.txt' } },
    { header: { name: 'ünï', type: 'fifo' } },
    { header: { name: 'dev/null', type: 'char', devmajor: 1, devminor: 3, mode: 0o666 } },
  ];
}

test('packTar: our reader reads back every field, binary xattrs included', async () => {
  const entries = await readAll(packTar(sample()));
  const by = new Map(entries.map((e) => [e.header.name, e]));
  assert.equal(entries.length, 8);
  assert.equal(by.get('dir/')?.header.mode, 0o750);
  assert.equal(by.get('dir/')?.header.uid, 1000);
  assert.equal(by.get('dir/a.txt')?.header.mode, 0o4755);
  assert.equal(by.get('dir/a.txt')?.header.mtime, 1700000000.5);
  assert.equal(by.get('dir/a.txt')?.data.toString(), 'alpha');
  assert.equal(by.get('dir/streamed')?.header.uid, 3_000_000);
  assert.equal(by.get('dir/streamed')?.data.length, 100000);
  assert.deepEqual(by.get(LONG)?.header.xattrs.get('user.bin'), BIN);
  assert.equal(by.get('link')?.header.linkname, `/${'l'.repeat(200)}`);
  assert.equal(by.get('hard')?.header.type, 'hardlink');
  assert.equal(by.get('ünï')?.header.type, 'fifo');
  assert.deepEqual([by.get('dev/null')?.header.devmajor, by.get('dev/null')?.header.devminor], [1, 3]);
});

test('packTar: GNU tar extracts the output with the same contents, modes, owners and xattrs', async (t) => {
  const dir = await tempDir(t);
  const tar = Buffer.concat(await (packTar(sample().filter((e) => e.header.type !== 'char')).toArray() as Promise<Buffer[]>));
  await run('tar', ['--xattrs', '--xattrs-include=*', '--same-owner', '-xpf', '-', '-C', dir], { input: tar });
  assert.equal(await readFile(join(dir, 'dir/a.txt'), 'utf8'), 'alpha');
  assert.equal((await stat(join(dir, 'dir/a.txt'))).mode & 0o7777, 0o4755);
  assert.equal((await stat(join(dir, 'dir/streamed'))).uid, 3_000_000);
  assert.equal(await readFile(join(dir, LONG), 'utf8'), 'long');
  assert.equal(await readlink(join(dir, 'link')), `/${'l'.repeat(200)}`);
  assert.equal((await stat(join(dir, 'hard'))).nlink, 2);
  const listing = (await run('tar', ['-tvf', '-'], { input: tar })).toString();
  assert.match(listing, /ünï/);
});

test('packTar: a body whose length differs from its header size fails the stream', async () => {
  const tar = packTar([{ header: { name: 'f', type: 'file', size: 10 }, body: Readable.from([Buffer.from('short')]) }]);
  await assert.rejects(tar.toArray(), /has 5 bytes, its header says 10/);
});
