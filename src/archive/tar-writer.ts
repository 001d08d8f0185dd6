// Streaming tar writer: POSIX ustar headers, preceded by a PAX header whenever a value does not fit
// ustar (long or non-ASCII names and links, big sizes and ids, fractional or pre-1970 times, xattrs).
import { Readable } from 'node:stream';
import { encodePaxRecord } from './pax.js';
import { BLOCK, encodeChecksum } from './tar-header.js';
import { formatOctal } from './tar-numbers.js';
import type { TarEntryType, TarHeader } from './tar-types.js';

export interface TarInput {
  /** `size` defaults to the length of a Buffer body (0 without one); a Readable body needs it. */
  header: Partial<TarHeader> & { name: string; type: TarEntryType };
  body?: Readable | Buffer;
}

const TYPEFLAG: Record<TarEntryType, string> = {
  file: '0',
  hardlink: '1',
  symlink: '2',
  char: '3',
  block: '4',
  dir: '5',
  fifo: '6',
};

/** Records this writer derives from the header; stale copies in `header.pax` must not override them. */
const MANAGED = /^(path|linkpath|size|uid|gid|mtime|atime|SCHILY\.xattr\..*|LIBARCHIVE\.xattr\..*)$/;

const ZEROS = Buffer.alloc(BLOCK * 2);
/** ustar fields hold plain ASCII; anything else (and a NUL, which would cut the field) goes to PAX. */
const isAscii = (s: string): boolean => Buffer.byteLength(s) === s.length && !s.includes('\0');

function splitUstarName(name: string): { prefix: string; name: string } | undefined {
  if (!isAscii(name)) return undefined;
  if (name.length <= 100) return { prefix: '', name };
  for (let i = name.indexOf('/'); i > 0 && i <= 155; i = name.indexOf('/', i + 1)) {
    const rest = name.length - i - 1;
    if (rest > 0 && rest <= 100) return { prefix: name.slice(0, i), name: name.slice(i + 1) };
  }
  return undefined;
}

function numberField(block: Buffer, offset: number, length: number, value: number, key: string, pax: Map<string, Buffer>): void {
  const octal = formatOctal(value, length);
  if (octal !== undefined) {
    octal.copy(block, offset);
    return;
  }
  pax.set(key, Buffer.from(String(value), 'ascii'));
  formatOctal(0, length)?.copy(block, offset);
}

function timeField(block: Buffer, seconds: number, pax: Map<string, Buffer>): void {
  const whole = Math.floor(seconds);
  if (whole !== seconds || formatOctal(whole, 12) === undefined) pax.set('mtime', Buffer.from(String(seconds), 'ascii'));
  formatOctal(Math.min(Math.max(whole, 0), 8 ** 11 - 1), 12)?.copy(block, 136);
}

function ustarBlock(header: TarInput['header'], size: number, pax: Map<string, Buffer>): Buffer {
  const block = Buffer.alloc(BLOCK);
  const split = splitUstarName(header.name);
  if (split === undefined) pax.set('path', Buffer.from(header.name, 'utf8'));
  block.write(split?.name ?? header.name, 0, 100, 'utf8');
  if (split !== undefined) block.write(split.prefix, 345, 155, 'utf8');
  formatOctal((header.mode ?? (header.type === 'dir' ? 0o755 : 0o644)) & 0o7777, 8)?.copy(block, 100);
  numberField(block, 108, 8, header.uid ?? 0, 'uid', pax);
  numberField(block, 116, 8, header.gid ?? 0, 'gid', pax);
  numberField(block, 124, 12, size, 'size', pax);
  timeField(block, header.mtime ?? 0, pax);
  block.write(TYPEFLAG[header.type], 156, 1, 'ascii');
  const linkname = header.linkname ?? '';
  if (Buffer.byteLength(linkname) > 100 || !isAscii(linkname)) pax.set('linkpath', Buffer.from(linkname, 'utf8'));
  block.write(linkname, 157, 100, 'utf8');
  block.write('ustar\x0000', 257, 8, 'latin1');
  formatOctal(header.devmajor ?? 0, 8)?.copy(block, 329);
  formatOctal(header.devminor ?? 0, 8)?.copy(block, 337);
  encodeChecksum(block);
  return block;
}

function paxBlocks(entryName: string, records: Map<string, Buffer>): Buffer[] {
  const data = Buffer.concat([...records.keys()].sort().map((k) => encodePaxRecord(k, records.get(k) ?? Buffer.alloc(0))));
  const base = entryName.replace(/\/+$/, '').split('/').pop() ?? '';
  const header = ustarBlock({ name: `PaxHeaders.0/${base.replace(/[^\x20-\x7e]/g, '_')}`.slice(0, 100), type: 'file' }, data.length, new Map());
  header.write('x', 156, 1, 'ascii');
  encodeChecksum(header);
  return [header, data, ZEROS.subarray(0, (BLOCK - (data.length % BLOCK)) % BLOCK)];
}

/** The header blocks for one entry: an optional PAX header, then the ustar header. */
export function encodeHeaders(header: TarInput['header'], size: number): Buffer[] {
  const pax = new Map<string, Buffer>();
  for (const [k, v] of header.pax ?? []) if (!MANAGED.test(k)) pax.set(k, v);
  const block = ustarBlock(header, size, pax);
  if (header.atime !== undefined) pax.set('atime', Buffer.from(String(header.atime), 'ascii'));
  for (const [k, v] of header.xattrs ?? []) pax.set(`SCHILY.xattr.${k}`, v);
  return pax.size === 0 ? [block] : [...paxBlocks(header.name, pax), block];
}

function entrySize(entry: TarInput): number {
  if (entry.header.type !== 'file') return 0;
  if (entry.header.size !== undefined) return entry.header.size;
  if (Buffer.isBuffer(entry.body)) return entry.body.length;
  if (entry.body === undefined) return 0;
  throw new Error(`tar writer: ${entry.header.name} has a streamed body but no size`);
}

async function* bodyChunks(entry: TarInput, size: number): AsyncGenerator<Buffer> {
  const { body } = entry;
  let written = 0;
  if (Buffer.isBuffer(body)) {
    written = body.length;
    if (written === size) yield body;
  } else if (body !== undefined) {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      written += chunk.length;
      if (written > size) break;
      yield chunk;
    }
    if (written > size) body.destroy();
  }
  if (written !== size) throw new Error(`tar writer: ${entry.header.name} has ${written} bytes, its header says ${size}`);
  const pad = (BLOCK - (size % BLOCK)) % BLOCK;
  if (pad > 0) yield ZEROS.subarray(0, pad);
}

async function* generate(entries: AsyncIterable<TarInput> | Iterable<TarInput>): AsyncGenerator<Buffer> {
  for await (const entry of entries) {
    try {
      const size = entrySize(entry);
      yield* encodeHeaders(entry.header, size);
      if (size > 0 || entry.body !== undefined) yield* bodyChunks(entry, size);
    } finally {
      // A consumer that stops early must not leave the entry's file open.
      if (entry.body instanceof Readable && !entry.body.readableEnded) entry.body.destroy();
    }
  }
  yield ZEROS;
}

/** A tar stream of `entries`, pulled one at a time as the consumer reads. */
export function packTar(entries: AsyncIterable<TarInput> | Iterable<TarInput>): Readable {
  return Readable.from(generate(entries), { objectMode: false });
}
