// Wire-test helpers: a real server on a temp unix socket, and a client that writes raw HTTP and
// returns the raw bytes, so tests assert exactly what a Docker client receives.
import { mkdtemp, rm } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, type Logger } from '../../../src/base/log.js';
import { createEngineApi, type EngineServer, type EngineServerOptions } from '../../../src/api/index.js';
import { createImageApi } from '../../../src/image/index.js';
import { createSystemService, type EngineFacts } from '../../../src/system/index.js';
import { TEST_HOST, TEST_NOW, testFacts } from '../system/fixtures.js';

export interface TestDir {
  dir: string;
  socketPath: string;
  remove(): Promise<void>;
}

export async function makeTestDir(): Promise<TestDir> {
  const dir = await mkdtemp(join(tmpdir(), 'burrow-api-'));
  return { dir, socketPath: join(dir, 'docker.sock'), remove: () => rm(dir, { recursive: true, force: true }) };
}

export function captureLogger(lines: string[]): Logger {
  return createLogger({ level: 'debug', format: 'json', write: (line) => lines.push(line) });
}

export interface RunningApi extends TestDir {
  api: EngineServer;
  logs: string[];
  stop(): Promise<void>;
}

export async function startApi(facts: EngineFacts = testFacts(), options: EngineServerOptions = {}): Promise<RunningApi> {
  const tmp = await makeTestDir();
  const logs: string[] = [];
  const system = createSystemService(facts, undefined, { host: TEST_HOST, now: () => TEST_NOW });
  const logger = captureLogger(logs);
  const images = createImageApi({ logger, dataRoot: join(tmp.dir, 'data'), storageDriver: 'vfs', insecureRegistries: [], registryMirrors: [], certsDir: join(tmp.dir, 'certs.d') });
  const api = createEngineApi({ logger, system, images }, options);
  await api.listen(tmp.socketPath);
  return { ...tmp, api, logs, stop: async () => { await api.close(); await tmp.remove(); } };
}

export interface RawResponse {
  statusLine: string;
  headers: [string, string][];
  body: string;
}

export function parseResponse(raw: string): RawResponse {
  const end = raw.indexOf('\r\n\r\n');
  if (end < 0) throw new Error(`no header end in ${JSON.stringify(raw)}`);
  const [statusLine = '', ...lines] = raw.slice(0, end).split('\r\n');
  const headers = lines.map((line): [string, string] => {
    const colon = line.indexOf(':');
    return [line.slice(0, colon), line.slice(colon + 1).trim()];
  });
  return { statusLine, headers, body: raw.slice(end + 4) };
}

/** Headers with Date's value checked for shape and replaced, so the rest compares exactly. */
export function stableHeaders(headers: [string, string][]): [string, string][] {
  return headers.map(([name, value]): [string, string] => {
    if (name !== 'Date') return [name, value];
    if (!/^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/.test(value)) throw new Error(`bad Date: ${value}`);
    return [name, '<date>'];
  });
}

/** Sends `method path` with `Connection: close` on a fresh connection and returns every byte received. */
export function rawRequest(socketPath: string, method: string, path: string, extraHeaders = ''): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(socketPath);
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('end', () => { resolve(Buffer.concat(chunks).toString('utf8')); });
    socket.write(`${method} ${path} HTTP/1.1\r\nHost: docker\r\nConnection: close\r\n${extraHeaders}\r\n`);
  });
}

export async function request(socketPath: string, method: string, path: string): Promise<RawResponse> {
  return parseResponse(await rawRequest(socketPath, method, path));
}

/** A keep-alive connection reading one Content-Length-framed response per request. */
export class KeepAliveClient {
  private buffer = Buffer.alloc(0);
  private waiting: (() => void) | undefined;
  readonly closed: Promise<void>;

  private constructor(readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      this.waiting?.();
    });
    this.closed = new Promise((resolve) => socket.once('close', () => { resolve(); }));
  }

  static open(socketPath: string): Promise<KeepAliveClient> {
    return new Promise((resolve, reject) => {
      const socket = connect(socketPath, () => { resolve(new KeepAliveClient(socket)); });
      socket.once('error', reject);
    });
  }

  async request(method: string, path: string): Promise<RawResponse> {
    this.socket.write(`${method} ${path} HTTP/1.1\r\nHost: docker\r\n\r\n`);
    for (;;) {
      const text = this.buffer.toString('latin1');
      const end = text.indexOf('\r\n\r\n');
      if (end >= 0) {
        const length = method === 'HEAD' ? 0 : Number(/\r\nContent-Length: (\d+)/i.exec(text.slice(0, end))?.[1] ?? 0);
        if (this.buffer.length >= end + 4 + length) {
          const raw = this.buffer.subarray(0, end + 4 + length).toString('utf8');
          this.buffer = this.buffer.subarray(end + 4 + length);
          return parseResponse(raw);
        }
      }
      await new Promise<void>((resolve) => { this.waiting = resolve; });
    }
  }
}
