// A temporary directory standing in for a container's rootfs, and tar helpers for the cp tests.
import { mkdir, writeFile } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import type { TestContext } from 'node:test';
import { packTar, readTar, type TarInput } from '../../../../src/archive/index.js';
import { ContainerPaths } from '../../../../src/container/fs/container-paths.js';
import type { MountPoint } from '../../../../src/container/index.js';
import { tempDir } from '../../archive/helpers.js';

export const T = 1_700_000_000;

export async function put(root: string, rel: string, content = rel): Promise<void> {
  const path = `${root}/${rel}`;
  await mkdir(path.slice(0, path.lastIndexOf('/')), { recursive: true });
  await writeFile(path, content);
}

export async function rootfs(t: TestContext): Promise<string> {
  return tempDir(t, 'burrow-cp-rootfs-');
}

export function bind(source: string, destination: string, rw = true): MountPoint {
  return { Type: 'bind', Source: source, Destination: destination, Mode: rw ? '' : 'ro', RW: rw, Propagation: 'rprivate' };
}

export function pathsOf(root: string, mounts: MountPoint[] = [], readonlyRootfs = false): ContainerPaths {
  return new ContainerPaths(root, mounts, readonlyRootfs);
}

/** Entry names, in order, with file contents. */
export async function listTar(tar: Readable): Promise<{ name: string; type: string; linkname: string; content: string; uid: number }[]> {
  const out = [];
  for await (const { header, body } of readTar(tar)) {
    const chunks: Buffer[] = [];
    for await (const c of body as AsyncIterable<Buffer>) chunks.push(c);
    out.push({ name: header.name, type: header.type, linkname: header.linkname, content: Buffer.concat(chunks).toString(), uid: header.uid });
  }
  return out;
}

export function tarOf(entries: TarInput[]): Readable {
  return packTar(entries.map((e) => ({ ...e, header: { mtime: T, uid: process.getuid?.() ?? 0, gid: process.getgid?.() ?? 0, ...e.header } })));
}

