import type { Logger } from '../base/log.js';

export type StorageDriverName = 'overlay2' | 'fuse-overlayfs' | 'vfs';

export type StoreLogger = Pick<Logger, 'debug' | 'warn'>;
