export { createLayerStore, type LayerStore, type LayerStoreOptions, type RootfsSource } from './layer-store.js';
export { copyTree } from './copy-tree.js';
export { unpackLayer } from './unpack-layer.js';
export type { UnpackOptions } from './unpack-state.js';
export type { StorageDriverName, StoreLogger } from './types.js';
export { changedPaths, differs } from './tree-diff.js';
export { lowerNames, reach } from './opaque-emulation.js';
