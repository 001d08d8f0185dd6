// One keep-alive undici Agent per registry host. TLS material is read on the first TLS connection,
// not before: a plain-HTTP registry never costs a read of the CA bundle.
import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import { Agent, buildConnector, request, type Dispatcher } from 'undici';
import { SystemError } from '../base/errors.js';
import type { TlsStore } from './tls.js';
import { requestPrefix, transportError } from './transport-error.js';

export type Method = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface HttpRequest {
  method: Method;
  url: URL;
  headers?: Record<string, string>;
  body?: Buffer | string | Readable;
  /** Off only for insecure registries, as Docker's InsecureSkipVerify. */
  verifyTls: boolean;
}

export interface HttpResponse {
  status: number;
  statusText: string;
  headers: IncomingHttpHeaders;
  body: Dispatcher.ResponseData['body'];
  /** Where the answer came from, after redirects. */
  url: URL;
}

/** Go's http.Client gives up after 10 redirects too. */
const MAX_REDIRECTS = 10;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

export class HttpTransport {
  private readonly agents = new Map<string, Agent>();

  constructor(
    private readonly tls: TlsStore,
    private readonly userAgent: string,
  ) {}

  /** Sends one request, following redirects of GET and HEAD itself (Authorization stays on its origin). */
  async send(req: HttpRequest): Promise<HttpResponse> {
    let url = req.url;
    let headers: Record<string, string> = { 'user-agent': this.userAgent, ...req.headers };
    for (let hops = 0; ; hops++) {
      const verifyTls = url.host === req.url.host ? req.verifyTls : true;
      let res: Dispatcher.ResponseData;
      try {
        res = await request(url, { dispatcher: this.agent(url.host, verifyTls), method: req.method, headers, body: req.body });
      } catch (err) {
        throw transportError(req.method, url, err);
      }
      const location = res.headers.location;
      const follow = (req.method === 'GET' || req.method === 'HEAD') && REDIRECTS.has(res.statusCode);
      if (!follow || typeof location !== 'string') {
        return { status: res.statusCode, statusText: res.statusText, headers: res.headers, body: res.body, url };
      }
      await res.body.dump();
      if (hops + 1 >= MAX_REDIRECTS) throw new SystemError(`${requestPrefix(req.method, url)}: stopped after ${MAX_REDIRECTS} redirects`);
      const next = new URL(location, url);
      if (next.origin !== url.origin) {
        headers = { ...headers };
        delete headers.authorization;
      }
      url = next;
    }
  }

  private agent(host: string, verifyTls: boolean): Agent {
    const key = `${host} ${String(verifyTls)}`;
    let agent = this.agents.get(key);
    if (!agent) {
      agent = new Agent({ connect: this.connector(host, verifyTls) });
      this.agents.set(key, agent);
    }
    return agent;
  }

  private connector(host: string, verifyTls: boolean): buildConnector.connector {
    const plain = buildConnector({});
    let secure: buildConnector.connector | undefined;
    return (options, callback) => {
      if (options.protocol !== 'https:') {
        plain(options, callback);
      } else if (secure) {
        secure(options, callback);
      } else {
        this.tls.context(host).then(
          (secureContext) => {
            secure ??= buildConnector({ secureContext, rejectUnauthorized: verifyTls });
            secure(options, callback);
          },
          (err: unknown) => {
            callback(err instanceof Error ? err : new Error(String(err)), null);
          },
        );
      }
    };
  }

  async close(): Promise<void> {
    const agents = [...this.agents.values()];
    this.agents.clear();
    await Promise.all(agents.map((a) => a.close()));
  }
}
