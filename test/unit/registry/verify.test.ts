import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { digestVerifier } from '../../../src/registry/index.js';
import { collect } from './fixtures.js';

const data = Buffer.from('hello, layer');
const digest = `sha256:${createHash('sha256').update(data).digest('hex')}`;

async function run(input: Buffer[], expected: string, size?: number): Promise<Buffer> {
  let out: Buffer = Buffer.alloc(0);
  await pipeline(Readable.from(input), digestVerifier(expected, size), async (source: AsyncIterable<Buffer>) => {
    out = await collect(Readable.from(source));
  });
  return out;
}

test('passes the bytes through when they match', async () => {
  assert.deepEqual(await run([data.subarray(0, 3), data.subarray(3)], digest), data);
  assert.deepEqual(await run([data], digest, data.length), data);
  const sha512 = `sha512:${createHash('sha512').update(data).digest('hex')}`;
  assert.deepEqual(await run([data], sha512), data);
});

test('fails the stream at the end when the digest differs', async () => {
  await assert.rejects(run([data, Buffer.from('!')], digest), { name: 'SystemError', message: `content verification failed for digest ${digest}: got sha256:${createHash('sha256').update(Buffer.concat([data, Buffer.from('!')])).digest('hex')}` });
});

test('with a size, fails as soon as too many bytes arrive, or too few at the end', async () => {
  await assert.rejects(run([data, data], digest, data.length), /more than the expected 12 bytes/);
  await assert.rejects(run([data], digest, data.length + 1), /got 12 bytes, expected 13/);
});

test('refuses a malformed expected digest at once', () => {
  assert.throws(() => digestVerifier('sha256:nothex'), /invalid checksum digest/);
});
