import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { decompressStream, detectCompression, gzipStream } from '../../../src/archive/decompress.js';
import { chunked, run } from './helpers.js';

const payload = Buffer.concat([randomBytes(100_000), Buffer.alloc(300_000, 0x41)]);

async function collect(r: Readable): Promise<Buffer> {
  return Buffer.concat((await r.toArray()) as Buffer[]);
}

test('detectCompression: by magic bytes', () => {
  assert.equal(detectCompression(Buffer.from([0x1f, 0x8b, 0x08, 0])), 'gzip');
  assert.equal(detectCompression(Buffer.from([0x28, 0xb5, 0x2f, 0xfd])), 'zstd');
  assert.equal(detectCompression(Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00])), 'xz');
  assert.equal(detectCompression(Buffer.from('BZh9')), 'bzip2');
  assert.equal(detectCompression(Buffer.from('usta')), 'none');
  assert.equal(detectCompression(Buffer.alloc(0)), 'none');
});

test('decompressStream: gzip, multi-member, the magic bytes arriving one at a time', async () => {
  const gz = Buffer.concat([gzipSync(payload.subarray(0, 1000)), gzipSync(payload.subarray(1000))]);
  const input = Readable.from([...[0, 1, 2, 3].map((i) => gz.subarray(i, i + 1)), gz.subarray(4)], { objectMode: false });
  assert.deepEqual(await collect(decompressStream(input)), payload);
});

test('decompressStream: zstd through the zstd binary', async () => {
  const zst = await run('zstd', ['-c', '-q'], { input: payload });
  assert.deepEqual(await collect(decompressStream(chunked(zst, 4096))), payload);
});

test('decompressStream: a corrupt zstd stream fails with zstd’s own message', async () => {
  const zst = await run('zstd', ['-c', '-q'], { input: payload });
  zst.fill(0x55, 100, 400);
  await assert.rejects(collect(decompressStream(chunked(zst, 4096))), /zstd:/);
});

test('decompressStream: plain data passes through, short inputs too', async () => {
  assert.deepEqual(await collect(decompressStream(chunked(payload, 1000))), payload);
  assert.deepEqual(await collect(decompressStream(chunked(Buffer.from('ab')))), Buffer.from('ab'));
  assert.deepEqual(await collect(decompressStream(Readable.from([], { objectMode: false }))), Buffer.alloc(0));
});

test('decompressStream: an input error surfaces on the output', async () => {
  const input = new Readable({ read() { this.destroy(new Error('network gone')); } });
  await assert.rejects(collect(decompressStream(input)), /network gone/);
});

test('gzipStream: output gunzips back', async () => {
  assert.deepEqual(await collect(decompressStream(chunked(payload).pipe(gzipStream())).pipe(gzipStream()).pipe(gzipStream(1))).then((b) => collect(decompressStream(decompressStream(chunked(b))))), payload);
});
