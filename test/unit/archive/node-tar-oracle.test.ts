// Differential test on a real image layer: our reader and node-tar must agree on every header.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createReadStream, existsSync, readdirSync, statSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { Parser, type ReadEntry } from 'tar';
import { decompressStream } from '../../../src/archive/decompress.js';
import { readTar } from '../../../src/archive/tar-reader.js';

const BLOBS = '/var/tmp/burrow-fixtures/oci/debian/blobs/sha256';
const biggest = existsSync(BLOBS) ? readdirSync(BLOBS).map((n) => `${BLOBS}/${n}`).sort((a, b) => statSync(b).size - statSync(a).size)[0] : undefined;

const TYPES: Record<string, string> = { File: 'file', OldFile: 'file', Directory: 'dir', SymbolicLink: 'symlink', Link: 'hardlink', FIFO: 'fifo', CharacterDevice: 'char', BlockDevice: 'block' };

test('readTar agrees with node-tar on the debian fixture layer', { skip: biggest === undefined ? 'fixture images not built' : false }, async () => {
  const layer = biggest ?? '';
  const ours: string[] = [];
  for await (const { header } of readTar(decompressStream(createReadStream(layer)))) {
    ours.push([header.name, header.type, header.size, header.mode, header.uid, header.gid, Math.floor(header.mtime), header.linkname].join('|'));
  }
  const theirs: string[] = [];
  const parser = new Parser({
    onReadEntry: (e: ReadEntry) => {
      const mtime = e.mtime === undefined ? 0 : Math.floor(e.mtime.getTime() / 1000);
      theirs.push([e.path, TYPES[e.type] ?? e.type, e.size, (e.mode ?? 0) & 0o7777, e.uid, e.gid, mtime, e.linkpath ?? ''].join('|'));
      e.resume();
    },
  });
  await pipeline(decompressStream(createReadStream(layer)), parser);
  assert.ok(ours.length > 1000);
  assert.deepEqual(ours, theirs);
});
