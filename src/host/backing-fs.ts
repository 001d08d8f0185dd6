// The filesystem under a path by its statfs magic, named as dockerd's "Backing Filesystem" does.
import { statfs } from 'node:fs/promises';

const MAGIC: Record<number, string> = {
  0xef53: 'extfs',
  0x58465342: 'xfs',
  0x9123683e: 'btrfs',
  0x01021994: 'tmpfs',
  0x6969: 'nfs',
  0x794c7630: 'overlayfs',
  0x65735546: 'fuse',
  0x2fc12fc1: 'zfs',
  0xf2f52010: 'f2fs',
};

export function backingFsName(magic: number): string {
  return MAGIC[magic] ?? `<unknown 0x${magic.toString(16)}>`;
}

export async function backingFs(path: string): Promise<string> {
  return backingFsName((await statfs(path)).type);
}
