// One request and its response as handlers see it. Every reply goes out through writeHead here, so
// the Docker headers can't be forgotten by any handler.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { JSON_TYPE, TEXT_TYPE } from './response-headers.js';

export class Exchange {
  private parsedQuery: URLSearchParams | undefined;

  constructor(
    readonly req: IncomingMessage,
    readonly res: ServerResponse,
    private readonly rawQuery: string,
    /** The version this request is served at (its prefix, else the newest). */
    readonly apiVersion: string,
    /** Route parameters, percent-decoded. */
    readonly params: Readonly<Record<string, string>>,
    private readonly baseHeaders: readonly string[],
  ) {}

  get query(): URLSearchParams {
    this.parsedQuery ??= new URLSearchParams(this.rawQuery);
    return this.parsedQuery;
  }

  /** Starts the response with the Docker headers plus `headers` ([name, value, …]). */
  writeHead(status: number, headers: readonly string[] = []): void {
    this.res.writeHead(status, [...this.baseHeaders, ...headers]);
  }

  /** A JSON body with dockerd's trailing newline (Go's json.Encoder). */
  json(status: number, body: unknown): void {
    this.send(status, JSON_TYPE, `${JSON.stringify(body)}\n`);
  }

  text(status: number, body: string): void {
    this.send(status, TEXT_TYPE, body);
  }

  /** A response without a body (204, 304, …). */
  empty(status: number): void {
    this.writeHead(status);
    this.res.end();
  }

  private send(status: number, contentType: string, body: string): void {
    this.writeHead(status, ['Content-Type', contentType, 'Content-Length', String(Buffer.byteLength(body))]);
    this.res.end(body);
  }
}
