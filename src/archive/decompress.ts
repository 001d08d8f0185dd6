// Layer blobs are gzip, zstd or plain tar, told apart by their first bytes as Docker does (the media
// type is not trusted). gzip runs in zlib on the thread pool; zstd in the zstd binary (Node 20's
// zlib has none); xz and bzip2, which old images may use, in their binaries too.
import { PassThrough, Readable, type Duplex, type Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip, constants as zlib } from 'node:zlib';
import { ChildDecoder } from './child-decoder.js';

export type Compression = 'gzip' | 'zstd' | 'xz' | 'bzip2' | 'none';

const MAGIC: [Compression, number[]][] = [
  ['gzip', [0x1f, 0x8b, 0x08]],
  ['zstd', [0x28, 0xb5, 0x2f, 0xfd]],
  ['xz', [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]],
  ['bzip2', [0x42, 0x5a, 0x68]],
];
const SNIFF = 6;

export function detectCompression(head: Buffer): Compression {
  for (const [kind, magic] of MAGIC) {
    if (head.length >= magic.length && magic.every((b, i) => head[i] === b)) return kind;
  }
  return 'none';
}

function decoderFor(kind: Compression): Duplex | undefined {
  switch (kind) {
    case 'gzip':
      return createGunzip({ chunkSize: 64 * 1024 });
    case 'zstd':
      return new ChildDecoder('zstd', ['-dcq'], 'zstd');
    case 'xz':
      return new ChildDecoder('xz', ['-dcq'], 'xz-utils');
    case 'bzip2':
      return new ChildDecoder('bzip2', ['-dcq'], 'bzip2');
    case 'none':
      return undefined;
  }
}

/**
 * Waits for the first `n` bytes (or the end). Returns a stream that yields everything: the input
 * itself with the head put back, or, if the input already ended, just the head.
 */
async function peek(input: Readable, n: number): Promise<{ head: Buffer; source: Readable }> {
  const parts: Buffer[] = [];
  let have = 0;
  let ended = false;
  while (have < n && !ended) {
    const chunk = input.read() as Buffer | null;
    if (chunk !== null) {
      parts.push(chunk);
      have += chunk.length;
      continue;
    }
    if (input.readableEnded) {
      ended = true;
      break;
    }
    ended = await new Promise<boolean>((resolve, reject) => {
      const settle = (value: boolean | Error): void => {
        input.off('readable', onReadable);
        input.off('end', onEnd);
        input.off('error', settle);
        if (value instanceof Error) reject(value);
        else resolve(value);
      };
      const onReadable = (): void => { settle(false); };
      const onEnd = (): void => { settle(true); };
      input.on('readable', onReadable);
      input.on('end', onEnd);
      input.on('error', settle);
    });
  }
  const head = Buffer.concat(parts);
  if (ended) return { head, source: Readable.from([head], { objectMode: false }) };
  if (head.length > 0) input.unshift(head);
  return { head, source: input };
}

/** The decompressed bytes of `input`, whatever its compression; errors (a tool's too) surface on the result. */
export function decompressStream(input: Readable): Readable {
  const out = new PassThrough({ highWaterMark: 64 * 1024 });
  void (async () => {
    const { head, source } = await peek(input, SNIFF);
    const decoder = decoderFor(detectCompression(head));
    await (decoder === undefined ? pipeline(source, out) : pipeline(source, decoder, out));
  })().catch((err: unknown) => {
    out.destroy(err as Error);
    input.destroy();
  });
  return out;
}

export function gzipStream(level: number = zlib.Z_DEFAULT_COMPRESSION): Transform {
  return createGzip({ level, chunkSize: 64 * 1024 });
}
