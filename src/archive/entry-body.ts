// The body of one tar member: a Readable that pulls its `size` bytes from the shared source only
// when its consumer asks, so a slow disk write slows the download instead of filling memory.
import { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { ByteSource } from './byte-source.js';
import { TarFormatError } from './tar-types.js';

const CHUNK = 256 * 1024;

export class EntryBody extends Readable {
  private remaining: number;
  private inflight: Promise<void> | undefined;

  constructor(
    private readonly source: ByteSource,
    size: number,
    private readonly entryName: string,
  ) {
    super({ highWaterMark: CHUNK });
    this.remaining = size;
  }

  override _read(): void {
    if (this.remaining === 0) {
      this.push(null);
      return;
    }
    this.inflight = this.pull();
  }

  private async pull(): Promise<void> {
    try {
      const chunk = await this.source.readUpTo(Math.min(this.remaining, CHUNK));
      if (chunk === undefined) throw new TarFormatError(`unexpected end of archive in the body of ${this.entryName}`);
      this.remaining -= chunk.length;
      if (this.destroyed) return;
      this.push(chunk);
      if (this.remaining === 0) this.push(null);
    } catch (err) {
      this.destroy(err as Error);
    } finally {
      this.inflight = undefined;
    }
  }

  /** Waits until the source is positioned after this body, whatever the consumer did with it. */
  async release(): Promise<void> {
    if (!this.readableEnded && !this.destroyed) {
      this.resume();
      try {
        await finished(this);
      } catch (err) {
        // A consumer that destroyed the body has given up on it; a truncated archive has not.
        if (err instanceof TarFormatError) throw err;
      }
    }
    await this.inflight;
    if (this.remaining > 0) {
      await this.source.skip(this.remaining, `the body of ${this.entryName}`);
      this.remaining = 0;
    }
  }
}
