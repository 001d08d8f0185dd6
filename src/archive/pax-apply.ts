// What PAX records mean for a header. Unknown keys stay in `header.pax` for callers that care.
import type { TarHeader } from './tar-types.js';
import { TarFormatError } from './tar-types.js';

const SCHILY_XATTR = 'SCHILY.xattr.';
const LIBARCHIVE_XATTR = 'LIBARCHIVE.xattr.';

function decimal(key: string, value: Buffer): number {
  const s = value.toString('ascii');
  if (!/^[0-9]+$/.test(s) || !Number.isSafeInteger(Number(s))) throw new TarFormatError(`invalid PAX ${key}: ${s}`);
  return Number(s);
}

function seconds(key: string, value: Buffer): number {
  const s = value.toString('ascii');
  if (!/^-?[0-9]+(\.[0-9]*)?$/.test(s)) throw new TarFormatError(`invalid PAX ${key}: ${s}`);
  return Number(s);
}

/** libarchive percent-encodes the attribute name and base64-encodes the value. */
function libarchiveName(key: string): string {
  try {
    return decodeURIComponent(key.slice(LIBARCHIVE_XATTR.length));
  } catch {
    throw new TarFormatError(`invalid PAX record name ${key}`);
  }
}

export function applyPax(header: TarHeader, pax: Map<string, Buffer>): void {
  for (const [key, value] of pax) {
    // An empty value cancels the record (POSIX), leaving the ustar field in force.
    if (value.length === 0) continue;
    if (key.startsWith('GNU.sparse.')) throw new TarFormatError(`sparse files are not supported: ${header.name}`);
    switch (key) {
      case 'path':
        header.name = value.toString('utf8');
        break;
      case 'linkpath':
        header.linkname = value.toString('utf8');
        break;
      case 'size':
        header.size = decimal(key, value);
        break;
      case 'uid':
        header.uid = decimal(key, value);
        break;
      case 'gid':
        header.gid = decimal(key, value);
        break;
      case 'mtime':
        header.mtime = seconds(key, value);
        break;
      case 'atime':
        header.atime = seconds(key, value);
        break;
      default:
        if (key.startsWith(SCHILY_XATTR)) {
          header.xattrs.set(key.slice(SCHILY_XATTR.length), value);
        } else if (key.startsWith(LIBARCHIVE_XATTR)) {
          header.xattrs.set(libarchiveName(key), Buffer.from(value.toString('ascii'), 'base64'));
        }
    }
  }
}
