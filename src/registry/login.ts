// `POST /auth`, as moby's loginV2: probe /v2/, answer its challenge with the credentials (a token
// request with offline_token for Bearer, so a refresh token can come back as IdentityToken), and
// accept only a 200 from /v2/ itself.
import { SystemError, UnauthorizedError } from '../base/errors.js';
import { basicHeader, credentialsOf } from './auth-config.js';
import { usable } from './challenge.js';
import type { RegistryContext } from './context.js';
import { loginDomain } from './endpoints.js';
import { requestPrefix } from './transport-error.js';
import type { LoginResult, RegistryAuth } from './types.js';

export async function checkLogin(ctx: RegistryContext, serveraddress: string | undefined, auth: RegistryAuth): Promise<LoginResult> {
  const [endpoint] = await ctx.resolver.endpoints(loginDomain(serveraddress ?? auth.serveraddress), 'push');
  if (!endpoint) throw new SystemError('no endpoints found for the login');
  // A fresh probe: a login is the moment to notice that a registry changed its auth.
  const ping = await ctx.session.ping(endpoint, true);
  const url = new URL('/v2/', ping.base);
  const challenge = ping.challenges.find(usable);
  if (!challenge) return { Status: 'Login Succeeded' };
  const credentials = credentialsOf(auth);
  let authorization: string | undefined;
  let identityToken: string | undefined;
  if (credentials.kind === 'bearer') {
    authorization = `Bearer ${credentials.token}`;
  } else if (challenge.scheme === 'bearer') {
    const realm = challenge.params['realm'] ?? '';
    const token = await ctx.tokens.fetch(
      { realm, service: challenge.params['service'], scopes: [], credentials, offline: true },
      { verifyTls: new URL(realm).host === ping.base.host ? ping.verifyTls : true, prefix: requestPrefix('GET', url) },
    );
    authorization = `Bearer ${token.token}`;
    identityToken = token.refreshToken;
  } else if (credentials.kind === 'basic') {
    authorization = basicHeader(credentials.username, credentials.password);
  }
  const res = await ctx.http.send({ method: 'GET', url, headers: authorization ? { authorization } : {}, verifyTls: ping.verifyTls });
  await res.body.dump();
  if (res.status === 200) return { Status: 'Login Succeeded', ...(identityToken !== undefined ? { IdentityToken: identityToken } : {}) };
  const message = `login attempt to ${url.href} failed with status: ${res.status} ${res.statusText}`;
  throw res.status === 401 ? new UnauthorizedError(message) : new SystemError(message);
}
