// The shape of one tar member as Burrow uses it, independent of the on-disk format (ustar, GNU, PAX).
import type { Readable } from 'node:stream';
import { InvalidParameterError } from '../base/errors.js';

export type TarEntryType = 'file' | 'hardlink' | 'symlink' | 'char' | 'block' | 'dir' | 'fifo';

export interface TarHeader {
  name: string;
  type: TarEntryType;
  /** Permission bits including setuid, setgid and sticky. */
  mode: number;
  uid: number;
  gid: number;
  size: number;
  /** Seconds since the epoch; PAX may carry a fraction. */
  mtime: number;
  atime?: number;
  linkname: string;
  devmajor: number;
  devminor: number;
  /** From SCHILY.xattr.* and LIBARCHIVE.xattr.*; values are raw bytes (file capabilities are binary). */
  xattrs: Map<string, Buffer>;
  /** Every PAX record that applied to this entry (global and local), values as bytes. */
  pax: Map<string, Buffer>;
}

export interface TarEntry {
  header: TarHeader;
  /** Must be consumed (or left alone: the reader drains it) before the next entry is requested. */
  body: Readable;
}

/** A malformed or unsupported archive: the data, not the host, is at fault. */
export class TarFormatError extends InvalidParameterError {
  constructor(message: string) {
    super(`archive/tar: ${message}`, { code: 'TAR_FORMAT' });
  }
}
