// The fixture registries of /work/shared/fixtures/registry.sh (start them with `registry.sh start`):
// :5000 plain HTTP, :5001 HTTPS + Basic, :5002 HTTP + Bearer tokens from :5003.
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RegistryClient, type RegistryClientOptions } from '../../../src/registry/index.js';

export const PLAIN = '127.0.0.1:5000';
export const BASIC = '127.0.0.1:5001';
export const TOKEN = '127.0.0.1:5002';
export const TOKEN_SERVER = '127.0.0.1:5003';
export const CA_FILE = process.env['FIXTURE_REGISTRY_CA'] ?? '/var/tmp/burrow-fixtures/certs/ca.crt';
export const GOOD = { username: 'fixture', password: 'fixture-pass' };

function listening(hostPort: string): Promise<boolean> {
  const [host = '', port = ''] = hostPort.split(':');
  return new Promise((resolve) => {
    const socket = connect({ host, port: Number(port), timeout: 2_000 }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => {
      resolve(false);
    });
    socket.on('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

/** The `skip` option for fixture tests: false when all registries answer, else the reason. */
export const fixturesSkip: Promise<string | false> = Promise.all([PLAIN, BASIC, TOKEN, TOKEN_SERVER].map(listening)).then((up) =>
  up.every(Boolean) ? false : 'fixture registries not reachable on 127.0.0.1:5000-5003 (run /work/shared/fixtures/registry.sh start)',
);

export interface TestClient {
  client: RegistryClient;
  certsDir: string;
  close(): Promise<void>;
}

/** A client whose certs.d holds the fixture CA (when present) for :5001, as `<certsDir>/127.0.0.1:5001/ca.crt`. */
export async function testClient(options: Partial<RegistryClientOptions> = {}): Promise<TestClient> {
  const certsDir = await mkdtemp(join(tmpdir(), 'burrow-certs-'));
  await mkdir(join(certsDir, BASIC));
  // Tests that need no fixture registry run without the fixture CA too.
  await copyFile(CA_FILE, join(certsDir, BASIC, 'ca.crt')).catch(() => undefined);
  const client = new RegistryClient({ insecureRegistries: [], mirrors: [], certsDir, ...options });
  return {
    client,
    certsDir,
    close: async () => {
      await client.close();
      await rm(certsDir, { recursive: true, force: true });
    },
  };
}

export async function collect(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks);
}

export function uniqueRepo(prefix: string): string {
  return `burrow-test/${prefix}-${process.pid}-${Date.now().toString(36)}`;
}
