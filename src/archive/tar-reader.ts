// Streaming tar reader: ustar (with prefix), GNU long names/links (L/K), PAX local and global
// headers, base-256 numbers. Ends like Go's archive/tar, which Docker uses: at the end of the input
// on a block boundary, or at a zero block; whatever follows the end blocks is read and ignored.
import type { Readable } from 'node:stream';
import { ByteSource } from './byte-source.js';
import { EntryBody } from './entry-body.js';
import { parsePax } from './pax.js';
import { applyPax } from './pax-apply.js';
import { BLOCK, decodeHeader, isZeroBlock, type RawHeader } from './tar-header.js';
import { TarFormatError, type TarEntry, type TarEntryType, type TarHeader } from './tar-types.js';

/** Go's archive/tar refuses longer special headers too: they are metadata, read into memory. */
const MAX_META_SIZE = 1024 * 1024;

const TYPES: Record<string, TarEntryType> = {
  '0': 'file',
  '7': 'file',
  '1': 'hardlink',
  '2': 'symlink',
  '3': 'char',
  '4': 'block',
  '5': 'dir',
  '6': 'fifo',
};

const padding = (size: number): number => (BLOCK - (size % BLOCK)) % BLOCK;

function entryType(raw: RawHeader, name: string): TarEntryType {
  // Old GNU and v7 archives mark regular files with a NUL; a trailing slash meant a directory.
  if (raw.typeflag === '\0') return name.endsWith('/') ? 'dir' : 'file';
  const type = TYPES[raw.typeflag];
  if (type !== undefined) return type;
  if (raw.typeflag === 'S') throw new TarFormatError(`sparse files are not supported: ${name}`);
  throw new TarFormatError(`unsupported entry type '${raw.typeflag}' for ${name}`);
}

interface Pending {
  pax: Map<string, Buffer> | undefined;
  longName: string | undefined;
  longLink: string | undefined;
}

async function readMeta(source: ByteSource, raw: RawHeader): Promise<Buffer> {
  if (raw.size > MAX_META_SIZE) throw new TarFormatError(`'${raw.typeflag}' header of ${raw.size} bytes is too large`);
  const data = await source.readExact(raw.size, `a '${raw.typeflag}' header`);
  await source.skip(padding(raw.size), 'header padding');
  return data ?? Buffer.alloc(0);
}

const cString = (data: Buffer): string => {
  const end = data.indexOf(0);
  return data.toString('utf8', 0, end < 0 ? data.length : end);
};

function buildHeader(raw: RawHeader, pending: Pending, globals: Map<string, Buffer>): TarHeader {
  const pax = new Map([...globals, ...(pending.pax ?? [])]);
  const header: TarHeader = {
    name: raw.prefix === '' ? raw.name : `${raw.prefix}/${raw.name}`,
    type: 'file',
    mode: raw.mode,
    uid: raw.uid,
    gid: raw.gid,
    size: raw.size,
    mtime: raw.mtime,
    linkname: raw.linkname,
    devmajor: raw.devmajor,
    devminor: raw.devminor,
    xattrs: new Map<string, Buffer>(),
    pax,
  };
  applyPax(header, pax);
  // Go's reader lets a GNU long name win over PAX; Docker inherits that.
  header.name = pending.longName ?? header.name;
  header.linkname = pending.longLink ?? header.linkname;
  header.type = entryType(raw, header.name);
  // Like Go's reader: these types never carry data, whatever the size field says.
  if (header.type !== 'file') header.size = 0;
  return header;
}

export async function* readTar(input: Readable): AsyncGenerator<TarEntry, void, undefined> {
  const source = new ByteSource(input);
  const globals = new Map<string, Buffer>();
  let pending: Pending = { pax: undefined, longName: undefined, longLink: undefined };
  let complete = false;
  try {
    for (;;) {
      const offset = source.offset;
      const block = await source.readExact(BLOCK, 'a header');
      if (block === undefined) break;
      if (isZeroBlock(block)) {
        const second = await source.readExact(BLOCK, 'the end-of-archive marker');
        if (second !== undefined && !isZeroBlock(second)) {
          throw new TarFormatError(`invalid header at offset ${offset + BLOCK}: data after a zero block`);
        }
        await source.drain();
        break;
      }
      const raw = decodeHeader(block, offset);
      switch (raw.typeflag) {
        case 'x':
          pending.pax = parsePax(await readMeta(source, raw), pending.pax);
          continue;
        case 'g':
          parsePax(await readMeta(source, raw), globals);
          continue;
        case 'L':
          pending.longName = cString(await readMeta(source, raw));
          continue;
        case 'K':
          pending.longLink = cString(await readMeta(source, raw));
          continue;
      }
      const header = buildHeader(raw, pending, globals);
      pending = { pax: undefined, longName: undefined, longLink: undefined };
      const body = new EntryBody(source, header.size, header.name);
      yield { header, body };
      await body.release();
      await source.skip(padding(header.size), `the padding of ${header.name}`);
    }
    if (pending.pax !== undefined || pending.longName !== undefined || pending.longLink !== undefined) {
      throw new TarFormatError('unexpected end of archive after an extended header');
    }
    complete = true;
  } finally {
    if (!complete) await source.close();
  }
}
