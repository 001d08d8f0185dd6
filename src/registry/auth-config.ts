// Credentials as clients send them. dockerd treats an undecodable X-Registry-Auth as "no
// credentials" (a pull must still work anonymously), so decoding never fails.
import { createHash } from 'node:crypto';
import type { RegistryAuth } from './types.js';

const FIELDS = ['username', 'password', 'identitytoken', 'registrytoken', 'serveraddress', 'auth'] as const;

/** The Engine API's `X-Registry-Auth`: base64url JSON (the CLI), or standard base64 (docker-py). */
export function decodeRegistryAuthHeader(header: string | undefined): RegistryAuth {
  if (header === undefined || header.trim() === '') return {};
  let parsed: unknown;
  try {
    // Node's base64 decoder takes both alphabets, with or without padding.
    parsed = JSON.parse(Buffer.from(header.trim(), 'base64').toString('utf8'));
  } catch {
    return {};
  }
  return typeof parsed === 'object' && parsed !== null ? pickAuthFields(parsed as Record<string, unknown>) : {};
}

/** Only the string fields of a RegistryAuth, from untrusted JSON (`POST /auth` bodies too). */
export function pickAuthFields(source: Record<string, unknown>): RegistryAuth {
  const auth: RegistryAuth = {};
  for (const field of FIELDS) {
    const value = source[field];
    if (typeof value === 'string' && value !== '') auth[field] = value;
  }
  return auth;
}

export type Credentials =
  | { kind: 'anonymous' }
  | { kind: 'basic'; username: string; password: string }
  | { kind: 'refresh'; username: string; refreshToken: string }
  | { kind: 'bearer'; token: string };

/** Which kind of credential to present; `auth` (config.json's user:pass) fills a missing username/password. */
export function credentialsOf(auth: RegistryAuth): Credentials {
  if (auth.registrytoken) return { kind: 'bearer', token: auth.registrytoken };
  let { username = '', password = '' } = auth;
  if (username === '' && auth.auth) {
    const decoded = Buffer.from(auth.auth, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon > 0) [username, password] = [decoded.slice(0, colon), decoded.slice(colon + 1)];
  }
  if (auth.identitytoken) return { kind: 'refresh', username, refreshToken: auth.identitytoken };
  if (username !== '' || password !== '') return { kind: 'basic', username, password };
  return { kind: 'anonymous' };
}

export function basicHeader(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}

/** Tells credentials apart in cache keys without keeping the secrets themselves in the key. */
export function credentialsFingerprint(credentials: Credentials): string {
  return createHash('sha256').update(JSON.stringify(credentials)).digest('hex').slice(0, 32);
}
