// PAX extended header records: "<len> <key>=<value>\n", where <len> counts the whole record. Values are
// kept as bytes because xattr values (security.capability, arbitrary user.*) are binary and may
// contain newlines, which line-based parsers lose.
import { TarFormatError } from './tar-types.js';

export function parsePax(data: Buffer, into: Map<string, Buffer> = new Map<string, Buffer>()): Map<string, Buffer> {
  let pos = 0;
  while (pos < data.length) {
    // Some writers pad the record area with NULs.
    if (data[pos] === 0) break;
    const space = data.indexOf(0x20, pos);
    if (space < 0 || space - pos > 20) throw new TarFormatError('invalid PAX record length');
    const lengthText = data.toString('ascii', pos, space);
    if (!/^[0-9]+$/.test(lengthText)) throw new TarFormatError('invalid PAX record length');
    const length = Number(lengthText);
    const end = pos + length;
    if (length <= space - pos + 1 || end > data.length || data[end - 1] !== 0x0a) {
      throw new TarFormatError('invalid PAX record');
    }
    const eq = data.indexOf(0x3d, space + 1);
    if (eq < 0 || eq >= end - 1) throw new TarFormatError('invalid PAX record');
    const key = data.toString('utf8', space + 1, eq);
    into.set(key, Buffer.from(data.subarray(eq + 1, end - 1)));
    pos = end;
  }
  return into;
}

export function encodePaxRecord(key: string, value: Buffer): Buffer {
  const body = Buffer.byteLength(key) + value.length + 3; // ' ', '=', '\n'
  let length = body + String(body).length;
  if (String(length).length !== String(body).length) length++;
  return Buffer.concat([Buffer.from(`${length} ${key}=`, 'utf8'), value, Buffer.from('\n')]);
}
