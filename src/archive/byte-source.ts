// Pull-based reads of exact byte counts from a Readable. Pulling one chunk at a time through the
// stream's async iterator is what gives the tar reader backpressure: nothing is read ahead.
import type { Readable } from 'node:stream';
import { TarFormatError } from './tar-types.js';


export class ByteSource {
  private chunk: Buffer = Buffer.alloc(0);
  private pos = 0;
  private readonly chunks: AsyncIterator<unknown>;
  /** Bytes handed out so far, for error messages. */
  offset = 0;

  constructor(input: Readable) {
    this.chunks = input[Symbol.asyncIterator]();
  }

  private async fill(): Promise<boolean> {
    while (this.pos >= this.chunk.length) {
      const next = await this.chunks.next();
      if (next.done === true) return false;
      const value: unknown = next.value;
      this.chunk = Buffer.isBuffer(value) ? value : Buffer.from(value as string);
      this.pos = 0;
    }
    return true;
  }

  /** Up to `max` bytes (at least one), or undefined at the end of the input. */
  async readUpTo(max: number): Promise<Buffer | undefined> {
    if (!(await this.fill())) return undefined;
    const n = Math.min(max, this.chunk.length - this.pos);
    const out = this.chunk.subarray(this.pos, this.pos + n);
    this.pos += n;
    this.offset += n;
    return out;
  }

  /** Exactly `n` bytes; undefined if the input ends before the first byte, an error if it ends inside. */
  async readExact(n: number, what: string): Promise<Buffer | undefined> {
    const first = await this.readUpTo(n);
    if (first === undefined || first.length === n) return first;
    const parts = [first];
    let have = first.length;
    while (have < n) {
      const part = await this.readUpTo(n - have);
      if (part === undefined) throw new TarFormatError(`unexpected end of archive in ${what}`);
      parts.push(part);
      have += part.length;
    }
    return Buffer.concat(parts, n);
  }

  async skip(n: number, what: string): Promise<void> {
    let left = n;
    while (left > 0) {
      const part = await this.readUpTo(left);
      if (part === undefined) throw new TarFormatError(`unexpected end of archive in ${what}`);
      left -= part.length;
    }
  }

  /** Reads to the end and discards, so that a digest computed upstream covers the whole stream. */
  async drain(): Promise<void> {
    this.pos = this.chunk.length;
    while (await this.fill()) this.pos = this.chunk.length;
  }

  /** Stops reading early; the async iterator destroys the input. */
  async close(): Promise<void> {
    await this.chunks.return?.();
  }
}
