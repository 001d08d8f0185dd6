// One 512-byte header block: field offsets of POSIX ustar, with the GNU and v7 variants the reader
// must accept. Meaning (long names, PAX overrides, entry types) is tar-reader's business.
import { parseNumeric } from './tar-numbers.js';
import { TarFormatError } from './tar-types.js';

export const BLOCK = 512;

export interface RawHeader {
  name: string;
  mode: number;
  uid: number;
  gid: number;
  size: number;
  mtime: number;
  typeflag: string;
  linkname: string;
  devmajor: number;
  devminor: number;
  /** The ustar prefix (empty for GNU and v7 headers, whose bytes there mean something else). */
  prefix: string;
}

export function isZeroBlock(block: Buffer): boolean {
  for (let i = 0; i < BLOCK; i += 8) {
    if (block.readBigUInt64LE(i) !== 0n) return false;
  }
  return true;
}

function text(block: Buffer, start: number, length: number): string {
  const end = block.indexOf(0, start);
  return block.toString('utf8', start, end < 0 || end > start + length ? start + length : end);
}

function checksumMatches(block: Buffer): boolean {
  const stored = parseNumeric(block, 148, 156, 'checksum');
  let unsigned = 0;
  let signed = 0;
  for (let i = 0; i < BLOCK; i++) {
    const b = i >= 148 && i < 156 ? 0x20 : (block[i] ?? 0);
    unsigned += b;
    signed += b > 127 ? b - 256 : b;
  }
  // Some old writers summed signed chars; Go and GNU tar accept either.
  return stored === unsigned || stored === signed;
}

export function decodeHeader(block: Buffer, offset: number): RawHeader {
  if (!checksumMatches(block)) throw new TarFormatError(`invalid header checksum at offset ${offset}`);
  const magic = block.toString('latin1', 257, 263);
  const posix = magic === 'ustar\0';
  // v7 headers have no device fields; their bytes there may be anything.
  const devices = posix || magic === 'ustar ';
  return {
    name: text(block, 0, 100),
    mode: parseNumeric(block, 100, 108, 'mode') & 0o7777,
    uid: parseNumeric(block, 108, 116, 'uid'),
    gid: parseNumeric(block, 116, 124, 'gid'),
    size: parseNumeric(block, 124, 136, 'size'),
    mtime: parseNumeric(block, 136, 148, 'mtime'),
    typeflag: String.fromCharCode(block[156] ?? 0),
    linkname: text(block, 157, 100),
    devmajor: devices ? parseNumeric(block, 329, 337, 'devmajor') : 0,
    devminor: devices ? parseNumeric(block, 337, 345, 'devminor') : 0,
    prefix: posix ? text(block, 345, 155) : '',
  };
}

export function encodeChecksum(block: Buffer): void {
  block.fill(0x20, 148, 156);
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += block[i] ?? 0;
  block.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 8, 'ascii');
}
