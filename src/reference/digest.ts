// Digests as go-digest validates them. Its error texts are what dockerd answers with, and the strict
// lowercase-hex check matters beyond wording: digests become file names in the content store.
import { InvalidParameterError } from '../base/errors.js';

/** Hex length of each algorithm go-digest registers (the ones Docker links in). */
const HEX_LENGTH: Record<string, number> = { sha256: 64, sha384: 96, sha512: 128 };

const ANY_DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;

/** The hash algorithm name of a digest that `validateDigest` accepted (`sha256`, …). */
export function digestAlgorithm(digest: string): string {
  return digest.slice(0, digest.indexOf(':'));
}

/** go-digest's complaint about `digest`, if any: only `<sha256|sha384|sha512>:<lowercase hex>` passes. */
function digestProblem(digest: string): string | undefined {
  const colon = digest.indexOf(':');
  if (colon <= 0 || colon + 1 === digest.length) return 'invalid checksum digest format';
  const length = HEX_LENGTH[digest.slice(0, colon)];
  if (length === undefined) return ANY_DIGEST.test(digest) ? 'unsupported digest algorithm' : 'invalid checksum digest format';
  const hex = digest.slice(colon + 1);
  if (hex.length !== length) return 'invalid checksum digest length';
  return /^[a-f0-9]+$/.test(hex) ? undefined : 'invalid checksum digest format';
}

export function validateDigest(digest: string): void {
  const problem = digestProblem(digest);
  if (problem !== undefined) throw new InvalidParameterError(problem);
}

export function isDigest(value: string): boolean {
  return digestProblem(value) === undefined;
}
