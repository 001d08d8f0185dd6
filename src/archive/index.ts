export type { TarEntry, TarEntryType, TarHeader } from './tar-types.js';
export { TarFormatError } from './tar-types.js';
export { readTar } from './tar-reader.js';
export { packTar, type TarInput } from './tar-writer.js';
export { statEntry } from './stat-entry.js';
export { packDirectory, packPaths, walkTree, type PackItem, type PackOptions } from './pack-directory.js';
export { decompressStream, detectCompression, gzipStream, type Compression } from './decompress.js';
export { findXattrTools, binaryXattrs, type XattrAccess } from './xattrs.js';
export * from './overlay-names.js';
