// Blobs by digest (manifests, configs, compressed layers as the registry served them), the way
// containerd keeps them: pushing an image back or saving it uses the very bytes that were pulled,
// so digests survive round trips. A blob is written under ingest/ while its digest is computed
// and only renamed into blobs/ once it verified, so a killed pull never leaves a blob that looks whole.
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { InvalidParameterError, NotFoundError } from '../base/errors.js';

const DIGEST = /^sha256:[a-f0-9]{64}$/;

export function checkDigest(digest: string): string {
  if (!DIGEST.test(digest)) throw new InvalidParameterError(`invalid digest ${JSON.stringify(digest)}`);
  return digest;
}

export function sha256Digest(data: Uint8Array | string): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

export interface Ingested {
  digest: string;
  size: number;
}

export class ContentStore {
  private readonly blobs: string;
  private readonly ingestDir: string;

  constructor(root: string) {
    this.blobs = join(root, 'blobs', 'sha256');
    this.ingestDir = join(root, 'ingest');
  }

  /** Creates the directories and drops ingests a killed process left behind. */
  async open(): Promise<void> {
    await rm(this.ingestDir, { recursive: true, force: true });
    await Promise.all([mkdir(this.blobs, { recursive: true, mode: 0o700 }), mkdir(this.ingestDir, { recursive: true, mode: 0o700 })]);
  }

  path(digest: string): string {
    return join(this.blobs, checkDigest(digest).slice('sha256:'.length));
  }

  async has(digest: string): Promise<boolean> {
    return stat(this.path(digest)).then(() => true, () => false);
  }

  async size(digest: string): Promise<number> {
    return (await stat(this.path(digest))).size;
  }

  /**
   * Stores a stream, verifying it against `expected` when given (otherwise its digest is
   * computed and returned). `onBytes` sees the running total, for progress.
   */
  async ingest(input: Readable, expected?: string, onBytes?: (total: number) => void): Promise<Ingested> {
    if (expected !== undefined) checkDigest(expected);
    const tmp = join(this.ingestDir, randomBytes(8).toString('hex'));
    const hash = createHash('sha256');
    let size = 0;
    const measure = new Transform({
      transform(chunk: Buffer, _enc, done) {
        hash.update(chunk);
        size += chunk.length;
        onBytes?.(size);
        done(null, chunk);
      },
    });
    try {
      await pipeline(input, measure, createWriteStream(tmp, { mode: 0o600 }));
      const digest = `sha256:${hash.digest('hex')}`;
      if (expected !== undefined && digest !== expected) {
        throw new InvalidParameterError(`filesystem layer verification failed for digest ${expected}`);
      }
      await rename(tmp, this.path(digest));
      return { digest, size };
    } catch (err) {
      await rm(tmp, { force: true });
      throw err;
    }
  }

  async put(data: Uint8Array | string): Promise<Ingested> {
    const bytes = typeof data === 'string' ? Buffer.from(data) : data;
    return this.ingest(Readable.from([bytes]), sha256Digest(bytes));
  }

  async read(digest: string): Promise<Buffer> {
    try {
      return await readFile(this.path(digest));
    } catch (err) {
      throw new NotFoundError(`content ${digest}: not found`, { cause: err });
    }
  }

  stream(digest: string): Readable {
    return createReadStream(this.path(digest));
  }

  async delete(digest: string): Promise<void> {
    await rm(this.path(digest), { force: true });
  }
}
