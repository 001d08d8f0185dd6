import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmod, link, mkdir, symlink, writeFile, chown, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { readTar } from '../../../src/archive/tar-reader.js';
import { chunked, END, padded, paxRecord, readAll, run, tempDir, ustarHeader } from './helpers.js';

const LONG_DIR = 'd'.repeat(60);
const LONG_145 = `${LONG_DIR}/${'a'.repeat(80)}.txt`; // > 100, fits ustar's prefix split
const LONG_300 = `${'x'.repeat(100)}/${'y'.repeat(100)}/${'z'.repeat(100)}`; // > 255, needs GNU or PAX
const LINK_TARGET = `/${'t'.repeat(150)}`;

async function sampleTree(root: string, long: boolean): Promise<void> {
  await mkdir(join(root, 'dir'));
  await writeFile(join(root, 'dir/file.txt'), 'hello\n');
  await chown(join(root, 'dir/file.txt'), 1000, 65534);
  await writeFile(join(root, 'setuid'), '#!/bin/sh\n');
  await chmod(join(root, 'setuid'), 0o4755);
  await link(join(root, 'dir/file.txt'), join(root, 'hard.txt'));
  await symlink('dir/file.txt', join(root, 'sym'));
  await run('mkfifo', [join(root, 'fifo')]);
  await mkdir(join(root, LONG_DIR));
  await writeFile(join(root, LONG_145), 'long\n');
  await utimes(join(root, 'dir/file.txt'), 1600000000, 1600000000);
  if (long) {
    await mkdir(join(root, 'x'.repeat(100), 'y'.repeat(100)), { recursive: true });
    await writeFile(join(root, LONG_300), 'longer\n');
    await symlink(LINK_TARGET, join(root, 'longlink'));
  }
}

for (const format of ['ustar', 'gnu', 'pax', 'v7'] as const) {
  const long = format === 'gnu' || format === 'pax';
  test(`readTar: GNU tar --format=${format}`, async (t) => {
    const dir = await tempDir(t);
    await sampleTree(dir, long);
    // v7 cannot hold names over 100 bytes or fifos; leave those out of it.
    const names = format === 'v7' ? ['./dir', './setuid', './hard.txt', './sym'] : ['.'];
    const tar = await run('tar', [`--format=${format}`, '--numeric-owner', '-cf', '-', '-C', dir, ...names]);
    const entries = await readAll(chunked(tar, 777));
    const by = new Map(entries.map((e) => [e.header.name.replace(/^\.\//, '').replace(/\/$/, ''), e]));
    const file = by.get('dir/file.txt');
    assert.ok(file);
    assert.equal(file.header.type, 'file');
    assert.equal(file.data.toString(), 'hello\n');
    assert.equal(file.header.uid, 1000);
    assert.equal(file.header.gid, 65534);
    assert.equal(Math.floor(file.header.mtime), 1600000000);
    assert.equal(by.get('dir')?.header.type, 'dir');
    assert.equal(by.get('setuid')?.header.mode, 0o4755);
    const hard = entries.find((e) => e.header.type === 'hardlink');
    assert.deepEqual([hard?.header.name, hard?.header.linkname].map((n) => n?.replace(/^\.\//, '')).sort(), ['dir/file.txt', 'hard.txt']);
    assert.equal(by.get('sym')?.header.type, 'symlink');
    assert.equal(by.get('sym')?.header.linkname, 'dir/file.txt');
    if (format !== 'v7') {
      assert.equal(by.get('fifo')?.header.type, 'fifo');
      assert.equal(by.get(LONG_145)?.data.toString(), 'long\n');
    }
    if (long) {
      assert.equal(by.get(LONG_300)?.data.toString(), 'longer\n');
      assert.equal(by.get('longlink')?.header.linkname, LINK_TARGET);
    }
  });
}

test('readTar: a binary PAX xattr value comes out byte for byte', async () => {
  const value = Buffer.from([0x01, 0x00, 0x00, 0x02, 0xff, 0xfe, 0x0a, 0x80, 0x00, 0x20]);
  const records = Buffer.concat([paxRecord('SCHILY.xattr.user.bin', value), paxRecord('LIBARCHIVE.xattr.user.b64%3Dx', Buffer.from(value.toString('base64')))]);
  const archive = Buffer.concat([
    ustarHeader({ name: 'PaxHeaders/bin.txt', typeflag: 'x', size: records.length }),
    padded(records),
    ustarHeader({ name: 'bin.txt', size: 3 }),
    padded(Buffer.from('abc')),
    END,
  ]);
  const [entry] = await readAll(chunked(archive, 100));
  assert.ok(entry);
  assert.equal(entry.header.name, 'bin.txt');
  assert.deepEqual(entry.header.xattrs.get('user.bin'), value);
  assert.deepEqual(entry.header.xattrs.get('user.b64=x'), value);
  assert.deepEqual(entry.header.pax.get('SCHILY.xattr.user.bin'), value);
  assert.equal(entry.data.toString(), 'abc');
});

test('readTar: PAX path/size/uid/mtime override ustar fields; global headers apply to later entries', async () => {
  const global = paxRecord('uid', Buffer.from('4242'));
  const local = Buffer.concat([paxRecord('path', Buffer.from('ünïcode/näme')), paxRecord('mtime', Buffer.from('1700000000.25')), paxRecord('atime', Buffer.from('1700000001.5'))]);
  const archive = Buffer.concat([
    ustarHeader({ name: 'g', typeflag: 'g', size: global.length }),
    padded(global),
    ustarHeader({ name: 'x', typeflag: 'x', size: local.length }),
    padded(local),
    ustarHeader({ name: 'short', size: 2 }),
    padded(Buffer.from('hi')),
    ustarHeader({ name: 'second', size: 0, uid: 7 }),
    END,
  ]);
  const [a, b] = await readAll(chunked(archive));
  assert.ok(a && b);
  assert.equal(a.header.name, 'ünïcode/näme');
  assert.equal(a.header.mtime, 1700000000.25);
  assert.equal(a.header.atime, 1700000001.5);
  assert.equal(a.header.uid, 4242);
  assert.equal(b.header.name, 'second');
  assert.equal(b.header.uid, 4242);
});

test('readTar: base-256 size and uid fields', async () => {
  const size = Buffer.alloc(12);
  size[0] = 0x80;
  size.writeUInt32BE(5, 8);
  const header = ustarHeader({ name: 'big', size });
  // base-256 uid 3000000 (does not fit 7 octal digits)
  const uid = Buffer.alloc(8);
  uid[0] = 0x80;
  uid.writeUInt32BE(3_000_000, 4);
  uid.copy(header, 108);
  header.fill(0x20, 148, 156);
  let sum = 0;
  for (const byte of header) sum += byte;
  header.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 8, 'ascii');
  const [entry] = await readAll(chunked(Buffer.concat([header, padded(Buffer.from('12345')), END])));
  assert.ok(entry);
  assert.equal(entry.header.size, 5);
  assert.equal(entry.header.uid, 3_000_000);
  assert.equal(entry.data.toString(), '12345');
});

test('readTar: old GNU/v7 type NUL is a file, or a directory when the name ends in /', async () => {
  const archive = Buffer.concat([ustarHeader({ name: 'f', typeflag: '\0', size: 1 }), padded(Buffer.from('x')), ustarHeader({ name: 'd/', typeflag: '\0' }), END]);
  const entries = await readAll(chunked(archive));
  assert.deepEqual(entries.map((e) => e.header.type), ['file', 'dir']);
});

test('readTar: a truncated archive is an error', async () => {
  const archive = Buffer.concat([ustarHeader({ name: 'f', size: 1000 }), Buffer.alloc(300, 1)]);
  await assert.rejects(readAll(chunked(archive, 64)), /unexpected end of archive/);
  await assert.rejects(readAll(chunked(ustarHeader({ name: 'f' }).subarray(0, 200))), /unexpected end of archive/);
});

test('readTar: a header with a bad checksum is an error', async () => {
  const header = ustarHeader({ name: 'f', size: 1 });
  header[0] = 0x67;
  await assert.rejects(readAll(chunked(Buffer.concat([header, padded(Buffer.from('x')), END]))), /invalid header checksum at offset 0/);
});

test('readTar: sparse and unknown entry types are refused by name', async () => {
  await assert.rejects(readAll(chunked(Buffer.concat([ustarHeader({ name: 'holes', typeflag: 'S' }), END]))), /sparse files are not supported: holes/);
  await assert.rejects(readAll(chunked(Buffer.concat([ustarHeader({ name: 'vol', typeflag: 'V' }), END]))), /unsupported entry type 'V' for vol/);
  const sparsePax = paxRecord('GNU.sparse.major', Buffer.from('1'));
  const pax = Buffer.concat([ustarHeader({ name: 'x', typeflag: 'x', size: sparsePax.length }), padded(sparsePax), ustarHeader({ name: 's' }), END]);
  await assert.rejects(readAll(chunked(pax)), /sparse files are not supported/);
});

test('readTar: GNU tar --sparse output is refused', async (t) => {
  const dir = await tempDir(t);
  await run('truncate', ['-s', '10M', join(dir, 'holes')]);
  await writeFile(join(dir, 'holes'), 'x', { flag: 'r+' });
  const tar = await run('tar', ['--sparse', '--format=gnu', '-cf', '-', '-C', dir, 'holes']);
  await assert.rejects(readAll(chunked(tar)), /sparse files are not supported/);
});

test('readTar: padding and garbage after the end blocks are ignored, as Docker does', async () => {
  const body = Buffer.concat([ustarHeader({ name: 'f', size: 1 }), padded(Buffer.from('x')), END, Buffer.from('trailing garbage'), Buffer.alloc(9000)]);
  assert.deepEqual((await readAll(chunked(body, 300))).map((e) => e.header.name), ['f']);
  // A missing end marker on a block boundary is accepted too (Go's reader does).
  assert.equal((await readAll(chunked(Buffer.concat([ustarHeader({ name: 'f' })])))).length, 1);
  // One zero block followed by a header is not an end.
  await assert.rejects(readAll(chunked(Buffer.concat([Buffer.alloc(512), ustarHeader({ name: 'f' })]))), /data after a zero block/);
});

test('readTar: bodies the consumer ignores or abandons are skipped', async () => {
  const archive = Buffer.concat([
    ustarHeader({ name: 'a', size: 70000 }),
    padded(Buffer.alloc(70000, 0x61)),
    ustarHeader({ name: 'b', size: 70000 }),
    padded(Buffer.alloc(70000, 0x62)),
    ustarHeader({ name: 'c', size: 3 }),
    padded(Buffer.from('ccc')),
    END,
  ]);
  const seen: string[] = [];
  for await (const { header, body } of readTar(chunked(archive, 1000))) {
    seen.push(header.name);
    if (header.name === 'b') {
      for await (const chunk of body as AsyncIterable<Buffer>) {
        assert.equal(chunk[0], 0x62);
        break; // abandons the rest of b
      }
    }
    if (header.name === 'c') {
      const parts: Buffer[] = [];
      for await (const chunk of body as AsyncIterable<Buffer>) parts.push(chunk);
      assert.equal(Buffer.concat(parts).toString(), 'ccc');
    }
  }
  assert.deepEqual(seen, ['a', 'b', 'c']);
});

test('readTar: stopping early destroys the input', async () => {
  const input = chunked(Buffer.concat([ustarHeader({ name: 'a' }), ustarHeader({ name: 'b' }), END]), 512);
  for await (const entry of readTar(input)) {
    assert.equal(entry.header.name, 'a');
    break;
  }
  assert.equal(input.destroyed, true);
});
