// The bearer token flow of distribution's token handler: GET the realm with `service` and `scope`
// (Basic credentials when the user gave them), or POST it as OAuth2 with a refresh token. Tokens are
// cached per realm, service, scopes and credentials until they expire.
import { SystemError, UnauthorizedError, errorMessage } from '../base/errors.js';
import { basicHeader, credentialsFingerprint, type Credentials } from './auth-config.js';
import type { HttpResponse, HttpTransport } from './http.js';
import { readLimited } from './context.js';
import { readRegistryError } from './registry-error.js';

export interface TokenRequest {
  realm: string;
  service: string | undefined;
  scopes: string[];
  credentials: Credentials;
  /** Ask for a refresh token too, as `docker login` does. */
  offline?: boolean;
}

export interface TokenResponse {
  token: string;
  /** Seconds; never below distribution's 60 s minimum. */
  expiresIn: number;
  refreshToken?: string;
}

interface CacheEntry {
  token: Promise<string>;
  /** Infinity while the request is in flight. */
  expiresAt: number;
}

const CLIENT_ID = 'docker';
const MINIMUM_LIFETIME_S = 60;
/** Renew slightly early so a token does not expire between the check and the registry's. */
const EXPIRY_MARGIN_MS = 5_000;
const RESPONSE_LIMIT = 1024 * 1024;

/** `prefix` is the Go-style request the token was for (`Get "https://…"`), which errors quote. */
export interface TokenContext {
  verifyTls: boolean;
  prefix: string;
}

function parseTokenResponse(body: unknown): TokenResponse | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const { token, access_token: accessToken, expires_in: expiresIn, refresh_token: refreshToken } = body as Record<string, unknown>;
  // distribution prefers access_token when a server sends both.
  const value = typeof accessToken === 'string' && accessToken !== '' ? accessToken : token;
  if (typeof value !== 'string' || value === '') return undefined;
  return {
    token: value,
    expiresIn: typeof expiresIn === 'number' && expiresIn > MINIMUM_LIFETIME_S ? expiresIn : MINIMUM_LIFETIME_S,
    ...(typeof refreshToken === 'string' && refreshToken !== '' ? { refreshToken } : {}),
  };
}

async function readJson(res: HttpResponse): Promise<unknown> {
  try {
    return JSON.parse((await readLimited(res, RESPONSE_LIMIT, 'token response')).toString('utf8'));
  } catch {
    return undefined;
  }
}

export class TokenService {
  private readonly cache = new Map<string, CacheEntry>();

  constructor(
    private readonly http: HttpTransport,
    private readonly now: () => number = Date.now,
  ) {}

  /** A cached token when one is still good, unless `fresh` (the registry refused the cached one). */
  token(req: TokenRequest, context: TokenContext, fresh = false): Promise<string> {
    const key = [req.realm, req.service ?? '', [...req.scopes].sort().join(' '), credentialsFingerprint(req.credentials)].join('\n');
    const hit = this.cache.get(key);
    if (hit && !fresh && hit.expiresAt - EXPIRY_MARGIN_MS > this.now()) return hit.token;
    this.sweep();
    const response = this.fetch(req, context);
    const entry: CacheEntry = { token: response.then((r) => r.token), expiresAt: Infinity };
    void response.then(
      (r) => {
        entry.expiresAt = this.now() + r.expiresIn * 1000;
      },
      () => {
        // Failures are the caller's to see (through entry.token), never cached.
        if (this.cache.get(key) === entry) this.cache.delete(key);
      },
    );
    this.cache.set(key, entry);
    return entry.token;
  }

  private sweep(): void {
    const now = this.now();
    for (const [key, entry] of this.cache) if (entry.expiresAt <= now) this.cache.delete(key);
  }

  /** One token request, uncached; errors read `<prefix>: <what the token server said>`. */
  async fetch(req: TokenRequest, context: TokenContext): Promise<TokenResponse> {
    const url = new URL(req.realm);
    const { credentials } = req;
    let res: HttpResponse;
    try {
      if (credentials.kind === 'refresh') {
        const form = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: credentials.refreshToken, client_id: CLIENT_ID });
        if (req.service !== undefined) form.set('service', req.service);
        if (req.scopes.length > 0) form.set('scope', req.scopes.join(' '));
        if (req.offline) form.set('access_type', 'offline');
        res = await this.http.send({
          method: 'POST',
          url,
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: form.toString(),
          verifyTls: context.verifyTls,
        });
      } else {
        if (req.service !== undefined) url.searchParams.set('service', req.service);
        for (const scope of req.scopes) url.searchParams.append('scope', scope);
        if (req.offline) {
          url.searchParams.set('offline_token', 'true');
          url.searchParams.set('client_id', CLIENT_ID);
        }
        const headers: Record<string, string> = {};
        if (credentials.kind === 'basic' && credentials.username !== '' && credentials.password !== '') {
          url.searchParams.set('account', credentials.username);
          headers['authorization'] = basicHeader(credentials.username, credentials.password);
        }
        res = await this.http.send({ method: 'GET', url, headers, verifyTls: context.verifyTls });
      }
    } catch (err) {
      throw new SystemError(`${context.prefix}: ${errorMessage(err)}`, { cause: err });
    }
    if (res.status < 200 || res.status >= 300) {
      const failure = await readRegistryError(res);
      const message = `${context.prefix}: ${failure.text}`;
      throw res.status === 401 ? new UnauthorizedError(message) : new SystemError(message);
    }
    const parsed = parseTokenResponse(await readJson(res));
    if (!parsed) throw new SystemError(`${context.prefix}: authorization server did not include a token in the response`);
    return parsed;
  }
}
