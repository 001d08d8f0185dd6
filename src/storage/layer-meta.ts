// The record beside each layer: its parent (overlay mounts and vfs diffs need the chain) and size.
import { readFile } from 'node:fs/promises';
import { errnoCode, NotFoundError } from '../base/errors.js';

export interface LayerMeta {
  parent?: string;
  size: number;
}

export async function readMeta(file: string, id: string): Promise<LayerMeta> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') throw new NotFoundError(`layer ${id} does not exist`);
    throw err;
  }
  const parsed = JSON.parse(text) as { parent?: unknown; size?: unknown };
  return {
    ...(typeof parsed.parent === 'string' ? { parent: parsed.parent } : {}),
    size: typeof parsed.size === 'number' ? parsed.size : 0,
  };
}
