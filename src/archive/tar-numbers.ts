// Numeric header fields: octal text, or GNU/star base-256 when the top bit of the first byte is set
// (sizes over 8 GiB, ids over 2^21, dates before 1970).
import { TarFormatError } from './tar-types.js';

export function parseNumeric(block: Uint8Array, start: number, end: number, field: string): number {
  const first = block[start] ?? 0;
  if ((first & 0x80) !== 0) return parseBase256(block, start, end, field);
  let i = start;
  // Fields are padded with NULs or spaces on either side depending on the writer.
  while (i < end && (block[i] === 0x20 || block[i] === 0)) i++;
  let value = 0;
  for (; i < end; i++) {
    const c = block[i] ?? 0;
    if (c === 0x20 || c === 0) break;
    if (c < 0x30 || c > 0x37) throw new TarFormatError(`invalid octal number in ${field} field`);
    value = value * 8 + (c - 0x30);
  }
  for (; i < end; i++) {
    const c = block[i];
    if (c !== 0x20 && c !== 0) throw new TarFormatError(`invalid octal number in ${field} field`);
  }
  return value;
}

function parseBase256(block: Uint8Array, start: number, end: number, field: string): number {
  const negative = ((block[start] ?? 0) & 0x40) !== 0;
  let value = BigInt((block[start] ?? 0) & 0x7f);
  for (let i = start + 1; i < end; i++) value = (value << 8n) | BigInt(block[i] ?? 0);
  if (negative) value -= 1n << BigInt((end - start) * 8 - 1);
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new TarFormatError(`${field} field out of range`);
  }
  return Number(value);
}

/** Octal digits for a field of `length` bytes (the last byte is a NUL), or undefined if it does not fit. */
export function formatOctal(value: number, length: number): Buffer | undefined {
  const digits = length - 1;
  if (!Number.isSafeInteger(value) || value < 0 || value >= 8 ** digits) return undefined;
  return Buffer.from(value.toString(8).padStart(digits, '0') + '\0', 'ascii');
}
