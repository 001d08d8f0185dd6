// Authenticated requests to one registry endpoint. Like Docker, the first contact is `GET /v2/`: it
// picks the scheme (HTTPS, or plain HTTP for an insecure registry whose HTTPS attempt failed) and
// learns the auth challenge, so later requests carry credentials from the start.
import type { Readable } from 'node:stream';
import { basicHeader, type Credentials } from './auth-config.js';
import { parseChallenges, usable, type Challenge } from './challenge.js';
import type { Endpoint } from './endpoints.js';
import type { HttpResponse, HttpTransport, Method } from './http.js';
import type { TokenService } from './tokens.js';
import { requestPrefix, TransportError } from './transport-error.js';

export interface Ping {
  /** `https://host:port` or `http://host:port`: what answered. */
  base: URL;
  verifyTls: boolean;
  /** Challenges in the server's order; updated when a later answer brings different ones. */
  challenges: Challenge[];
}

export interface SessionRequest {
  method: Method;
  /** A path under the registry (`/v2/…`) or an absolute URL (upload locations). */
  url: string;
  headers?: Record<string, string>;
  /** A stream cannot be sent twice: such a request is not retried after a 401. */
  body?: Buffer | Readable;
  scopes: string[];
  credentials: Credentials;
}

function sameChallenges(a: Challenge[], b: Challenge[]): boolean {
  const key = (list: Challenge[]): string => JSON.stringify(list.filter(usable).map((c) => [c.scheme, c.params['realm'], c.params['service']]));
  return key(a) === key(b);
}

function pingKey(endpoint: Endpoint): string {
  return `${endpoint.schemes.join('+')}://${endpoint.host}`;
}

export class RegistrySession {
  private readonly pings = new Map<string, Promise<Ping>>();

  constructor(
    private readonly http: HttpTransport,
    private readonly tokens: TokenService,
    private readonly debug: (msg: string, fields?: object) => void,
  ) {}

  /** Answers `GET /v2/` once per endpoint (unless `fresh`); a failed probe is forgotten so the next call probes again. */
  ping(endpoint: Endpoint, fresh = false): Promise<Ping> {
    const key = pingKey(endpoint);
    let ping = fresh ? undefined : this.pings.get(key);
    if (!ping) {
      const probe = this.probe(endpoint);
      void probe.catch(() => {
        if (this.pings.get(key) === probe) this.pings.delete(key);
      });
      this.pings.set(key, probe);
      ping = probe;
    }
    return ping;
  }

  private async probe(endpoint: Endpoint): Promise<Ping> {
    let lastError: unknown;
    for (const scheme of endpoint.schemes) {
      const url = new URL(`${scheme}://${endpoint.host}/v2/`);
      try {
        const res = await this.http.send({ method: 'GET', url, verifyTls: endpoint.verifyTls });
        await res.body.dump();
        return { base: new URL(url.origin), verifyTls: endpoint.verifyTls, challenges: parseChallenges(res.headers['www-authenticate']) };
      } catch (err) {
        // Only a failure to get any HTTP answer moves on to the next scheme, as moby's fallback.
        if (!(err instanceof TransportError)) throw err;
        this.debug('registry probe failed', { url: url.href, error: err.message });
        lastError = err;
      }
    }
    throw lastError;
  }

  async request(endpoint: Endpoint, req: SessionRequest): Promise<HttpResponse> {
    try {
      const ping = await this.ping(endpoint);
      const res = await this.attempt(ping, req, false);
      if (res.status !== 401 || (req.body !== undefined && !Buffer.isBuffer(req.body))) return res;
      const challenges = parseChallenges(res.headers['www-authenticate']);
      if (challenges.some((c) => c.params['error'] === 'insufficient_scope')) return res;
      const changed = challenges.some(usable) && !sameChallenges(ping.challenges, challenges);
      const usedToken = ping.challenges.find(usable)?.scheme === 'bearer' && req.credentials.kind !== 'bearer';
      if (!changed && !usedToken) return res;
      // A revoked or expired token, or a registry that asks for auth only below /v2/: once more.
      if (changed) ping.challenges = challenges;
      await res.body.dump();
      return await this.attempt(ping, req, true);
    } catch (err) {
      if (err instanceof TransportError) this.pings.delete(pingKey(endpoint));
      throw err;
    }
  }

  private async attempt(ping: Ping, req: SessionRequest, freshToken: boolean): Promise<HttpResponse> {
    const url = new URL(req.url, ping.base);
    const headers = { ...req.headers };
    // Credentials are for the registry: an upload location elsewhere does not get them.
    const authorization = url.origin === ping.base.origin ? await this.authorization(ping, req, url, freshToken) : undefined;
    if (authorization !== undefined) headers['authorization'] = authorization;
    return this.http.send({
      method: req.method,
      url,
      headers,
      ...(req.body !== undefined ? { body: req.body } : {}),
      verifyTls: url.host === ping.base.host ? ping.verifyTls : true,
    });
  }

  /** The first challenge the credentials can answer, in the server's order, as Docker's challenge manager. */
  private async authorization(ping: Ping, req: SessionRequest, url: URL, freshToken: boolean): Promise<string | undefined> {
    const credentials = req.credentials;
    if (credentials.kind === 'bearer') return `Bearer ${credentials.token}`;
    const challenge = ping.challenges.find(usable);
    if (challenge?.scheme === 'basic') {
      return credentials.kind === 'basic' ? basicHeader(credentials.username, credentials.password) : undefined;
    }
    const realm = challenge?.params['realm'];
    if (realm === undefined) return undefined;
    const context = { verifyTls: new URL(realm).host === ping.base.host ? ping.verifyTls : true, prefix: requestPrefix(req.method, url) };
    const token = await this.tokens.token({ realm, service: challenge?.params['service'], scopes: req.scopes, credentials }, context, freshToken);
    return `Bearer ${token}`;
  }
}
