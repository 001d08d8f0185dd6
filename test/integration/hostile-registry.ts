// A one-image registry on loopback that serves a layer built entry by entry, so tests can hand
// the daemon tar archives no well-behaved tool would write (`..` names, links out of the root).
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { gzipSync } from 'node:zlib';

export interface RawEntry {
  name: string;
  type: 'file' | 'dir' | 'symlink' | 'hardlink';
  linkname?: string;
  body?: string;
  mode?: number;
}

const TYPEFLAG = { file: '0', hardlink: '1', symlink: '2', dir: '5' } as const;

function octal(n: number, width: number): string {
  return n.toString(8).padStart(width - 1, '0') + '\0';
}

/** ustar headers written field by field, with nothing normalised. */
export function rawTar(entries: readonly RawEntry[]): Buffer {
  const blocks: Buffer[] = [];
  for (const e of entries) {
    const body = Buffer.from(e.body ?? '');
    const h = Buffer.alloc(512);
    h.write(e.name, 0, 100, 'utf8');
    h.write(octal(e.mode ?? (e.type === 'dir' ? 0o755 : 0o644), 8), 100, 'ascii');
    h.write(octal(0, 8), 108, 'ascii');
    h.write(octal(0, 8), 116, 'ascii');
    h.write(octal(e.type === 'file' ? body.length : 0, 12), 124, 'ascii');
    h.write(octal(1_700_000_000, 12), 136, 'ascii');
    h.write(' '.repeat(8), 148, 'ascii');
    h.write(TYPEFLAG[e.type], 156, 'ascii');
    h.write(e.linkname ?? '', 157, 100, 'utf8');
    h.write('ustar\0' + '00', 257, 'ascii');
    let sum = 0;
    for (const b of h) sum += b;
    h.write(octal(sum, 7) + ' ', 148, 'ascii');
    blocks.push(h);
    if (e.type === 'file' && body.length > 0) {
      blocks.push(body, Buffer.alloc((512 - (body.length % 512)) % 512));
    }
  }
  blocks.push(Buffer.alloc(1024));
  return Buffer.concat(blocks);
}

function digest(b: Buffer): string {
  return `sha256:${createHash('sha256').update(b).digest('hex')}`;
}

export interface HostileRegistry {
  /** host:port */
  address: string;
  close(): Promise<void>;
}

/** Serves `<address>/hostile:latest` with `entries` as its only layer. */
export async function serveHostileImage(entries: readonly RawEntry[]): Promise<HostileRegistry> {
  const tar = rawTar(entries);
  const layer = gzipSync(tar);
  const config = Buffer.from(JSON.stringify({
    architecture: 'amd64',
    os: 'linux',
    config: {},
    rootfs: { type: 'layers', diff_ids: [digest(tar)] },
    history: [{ created_by: 'hostile' }],
  }));
  const manifest = Buffer.from(JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: digest(config), size: config.length },
    layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: digest(layer), size: layer.length }],
  }));
  const blobs = new Map([[digest(config), config], [digest(layer), layer]]);
  const server: Server = createServer((req, res) => {
    const url = req.url ?? '';
    if (url === '/v2/' || url === '/v2') {
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{}');
    } else if (/^\/v2\/hostile\/manifests\/(latest|sha256:[a-f0-9]{64})$/.test(url)) {
      res.writeHead(200, { 'Content-Type': 'application/vnd.oci.image.manifest.v1+json', 'Docker-Content-Digest': digest(manifest), 'Content-Length': manifest.length });
      res.end(req.method === 'HEAD' ? undefined : manifest);
    } else {
      const blob = blobs.get(url.replace(/^\/v2\/hostile\/blobs\//, ''));
      if (blob) res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': blob.length }).end(blob);
      else res.writeHead(404, { 'Content-Type': 'application/json' }).end('{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown"}]}');
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return { address: `127.0.0.1:${port}`, close: () => new Promise((r) => { server.close(() => { r(); }); }) };
}
