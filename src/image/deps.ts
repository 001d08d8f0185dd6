// What the image operations share: the stores, and the storage driver's layer store.
import type { Readable } from 'node:stream';
import type { Logger } from '../base/log.js';
import type { ContentStore } from './content-store.js';
import type { ImageStore } from './image-store.js';

/** The storage driver's side, keyed by chain id hex (src/storage). */
export interface Layers {
  has(key: string): Promise<boolean>;
  size(key: string): Promise<number>;
  apply(key: string, parent: string | undefined, tar: Readable): Promise<{ size: number }>;
  remove(key: string): Promise<void>;
  diffDir(key: string): string;
  /** What a container's root filesystem is made from: overlay lower dirs (top first) or a tree to copy. */
  rootfsSource(key: string): Promise<{ kind: 'overlay'; lowerDirs: string[] } | { kind: 'copy'; dir: string }>;
}

export interface ImageDeps {
  logger: Logger;
  content: ContentStore;
  images: ImageStore;
  layers: Layers;
  /** gzip/zstd/plain by magic bytes. */
  decompress(input: Readable): Readable;
  /** Unpacks in flight by layer key, so two pulls sharing a layer unpack it once. */
  unpacking: Map<string, Promise<{ size: number; tarSize: number }>>;
  retag(ref: string, id: string): Promise<void>;
}
