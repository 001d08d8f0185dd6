// Shared by the archive and storage tests: temporary dirs, GNU tar as an oracle, and a minimal
// hand-written header encoder that shares no code with src/archive (so a bug there cannot hide
// itself in the fixtures).
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { TestContext } from 'node:test';
import { readTar } from '../../../src/archive/tar-reader.js';
import type { TarHeader } from '../../../src/archive/tar-types.js';

export async function tempDir(t: TestContext, prefix = 'burrow-archive-'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

export function run(file: string, args: string[], options: { cwd?: string; input?: Buffer } = {}): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { cwd: options.cwd, stdio: 'pipe' });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(Buffer.concat(out));
      else reject(new Error(`${file} ${args.join(' ')}: exit ${String(code)}: ${Buffer.concat(err).toString()}`));
    });
    child.stdin.end(options.input);
  });
}

/** Feeds `data` in chunks of `size` bytes, to exercise reads across chunk boundaries. */
export function chunked(data: Buffer, size = data.length): Readable {
  const parts: Buffer[] = [];
  for (let i = 0; i < data.length; i += size) parts.push(data.subarray(i, i + size));
  return Readable.from(parts, { objectMode: false });
}

export interface ReadBack {
  header: TarHeader;
  data: Buffer;
}

export async function readAll(input: Readable): Promise<ReadBack[]> {
  const out: ReadBack[] = [];
  for await (const { header, body } of readTar(input)) {
    const parts: Buffer[] = [];
    for await (const chunk of body as AsyncIterable<Buffer>) parts.push(chunk);
    out.push({ header, data: Buffer.concat(parts) });
  }
  return out;
}

/** One ustar header block, encoded by hand. `size` may be a Buffer to place raw bytes (base-256). */
export function ustarHeader(fields: { name: string; typeflag?: string; size?: number | Buffer; mode?: number; linkname?: string; uid?: number; gid?: number; mtime?: number }): Buffer {
  const b = Buffer.alloc(512);
  const octal = (value: number, offset: number, length: number): void => {
    b.write(value.toString(8).padStart(length - 1, '0') + '\0', offset, length, 'ascii');
  };
  b.write(fields.name, 0, 100, 'utf8');
  octal(fields.mode ?? 0o644, 100, 8);
  octal(fields.uid ?? 0, 108, 8);
  octal(fields.gid ?? 0, 116, 8);
  if (Buffer.isBuffer(fields.size)) fields.size.copy(b, 124);
  else octal(fields.size ?? 0, 124, 12);
  octal(fields.mtime ?? 1700000000, 136, 12);
  b.write(fields.typeflag ?? '0', 156, 1, 'latin1');
  b.write(fields.linkname ?? '', 157, 100, 'utf8');
  b.write('ustar\u000000', 257, 8, 'latin1');
  b.fill(0x20, 148, 156);
  let sum = 0;
  for (const byte of b) sum += byte;
  b.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 8, 'ascii');
  return b;
}

export function padded(data: Buffer): Buffer {
  return Buffer.concat([data, Buffer.alloc((512 - (data.length % 512)) % 512)]);
}

/** A PAX record, length prefix computed by hand. */
export function paxRecord(key: string, value: Buffer): Buffer {
  const rest = Buffer.concat([Buffer.from(` ${key}=`), value, Buffer.from('\n')]);
  let length = rest.length + 1;
  while (String(length).length + rest.length !== length) length++;
  return Buffer.concat([Buffer.from(String(length)), rest]);
}

export const END = Buffer.alloc(1024);
