// Content addressing: a body is only what its digest says once the hash over every byte agrees.
import { createHash, type Hash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { SystemError } from '../base/errors.js';
import { digestAlgorithm, validateDigest } from '../reference/index.js';

export function computeDigest(bytes: Buffer, algorithm = 'sha256'): string {
  return `${algorithm}:${createHash(algorithm).update(bytes).digest('hex')}`;
}

/** Passes bytes through while hashing and counting them. */
export class HashingStream extends Transform {
  private readonly hash: Hash;
  private count = 0;

  constructor(readonly algorithm = 'sha256') {
    super();
    this.hash = createHash(algorithm);
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.hash.update(chunk);
    this.count += chunk.length;
    done(null, chunk);
  }

  /** Valid once the stream has ended; call once. */
  digest(): string {
    return `${this.algorithm}:${this.hash.digest('hex')}`;
  }

  get size(): number {
    return this.count;
  }
}

/**
 * Passes bytes through and fails the stream at its end when they do not hash to `expected`; with
 * `expectedSize`, also as soon as more bytes arrive than the descriptor announced, so a registry
 * cannot stream without end.
 */
export function digestVerifier(expected: string, expectedSize?: number): Transform {
  validateDigest(expected);
  const algorithm = digestAlgorithm(expected);
  const hash = createHash(algorithm);
  let size = 0;
  const fail = (detail: string): SystemError => new SystemError(`content verification failed for digest ${expected}: ${detail}`);
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      if (expectedSize !== undefined && size > expectedSize) {
        done(fail(`more than the expected ${expectedSize} bytes`));
        return;
      }
      hash.update(chunk);
      done(null, chunk);
    },
    flush(done) {
      const actual = `${algorithm}:${hash.digest('hex')}`;
      if (expectedSize !== undefined && size !== expectedSize) done(fail(`got ${size} bytes, expected ${expectedSize}`));
      else if (actual !== expected) done(fail(`got ${actual}`));
      else done();
    },
  });
}
