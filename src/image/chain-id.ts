// Layer chain ids (OCI image-spec): a layer's identity includes everything beneath it, so the
// same diff on top of different parents is stored twice, and equal stacks are shared.
import { sha256Digest } from './content-store.js';

export function chainIds(diffIds: readonly string[]): string[] {
  const out: string[] = [];
  for (const diffId of diffIds) {
    const parent = out.at(-1);
    out.push(parent === undefined ? diffId : sha256Digest(`${parent} ${diffId}`));
  }
  return out;
}

/** The layer store names a layer by its chain id's hex. */
export function layerKey(chainId: string): string {
  return chainId.replace(/^sha256:/, '');
}
