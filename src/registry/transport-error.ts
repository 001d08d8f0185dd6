// Network failures worded as Go's net/http words them (`Get "http://…/v2/": dial tcp …: connect:
// connection refused`): users paste these into searches, and the texts Docker users know are Go's.
import { errnoCode, errorMessage, SystemError } from '../base/errors.js';
import { hostnameOf } from './endpoints.js';

/** The request never got an HTTP answer: the next scheme or mirror may still work. */
export class TransportError extends SystemError {}

const UNKNOWN_AUTHORITY = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
]);

/** OpenSSL's complaints when the bytes after ClientHello are `HTTP/1.1 400 …`. */
const PLAIN_HTTP_ANSWER = new Set(['ERR_SSL_WRONG_VERSION_NUMBER', 'ERR_SSL_PACKET_LENGTH_TOO_LONG', 'ERR_SSL_HTTP_REQUEST']);

const CONNECT_ERRORS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  EHOSTUNREACH: 'no route to host',
  ENETUNREACH: 'network is unreachable',
  EADDRNOTAVAIL: 'cannot assign requested address',
};

function field(err: unknown, name: string): unknown {
  return typeof err === 'object' && err !== null ? (err as Record<string, unknown>)[name] : undefined;
}

/** `ip:port` of the attempt, from the error when Node recorded it, else from the URL. */
function dialAddress(err: unknown, url: URL): string {
  const address = field(err, 'address');
  const port = field(err, 'port');
  if (typeof address === 'string' && typeof port === 'number') {
    return address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;
  }
  const defaultPort = url.protocol === 'https:' ? '443' : '80';
  return `${url.hostname}:${url.port || defaultPort}`;
}

function goText(err: unknown, url: URL): string {
  const code = errnoCode(err) ?? '';
  const connect = CONNECT_ERRORS[code];
  if (connect !== undefined) return `dial tcp ${dialAddress(err, url)}: connect: ${connect}`;
  if (PLAIN_HTTP_ANSWER.has(code)) return 'http: server gave HTTP response to HTTPS client';
  if (UNKNOWN_AUTHORITY.has(code)) return 'x509: certificate signed by unknown authority';
  switch (code) {
    case 'ENOTFOUND':
      return `dial tcp: lookup ${hostnameOf(url.host)}: no such host`;
    case 'EAI_AGAIN':
      return `dial tcp: lookup ${hostnameOf(url.host)}: temporary failure in name resolution`;
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
      return `dial tcp ${dialAddress(err, url)}: i/o timeout`;
    case 'ECONNRESET':
      return 'read: connection reset by peer';
    case 'UND_ERR_SOCKET':
      return 'EOF';
    case 'UND_ERR_HEADERS_TIMEOUT':
      return 'net/http: timeout awaiting response headers';
    case 'CERT_HAS_EXPIRED':
    case 'CERT_NOT_YET_VALID':
      return 'x509: certificate has expired or is not yet valid';
    case 'ERR_TLS_CERT_ALTNAME_INVALID': {
      const reason = field(err, 'reason');
      return `x509: ${typeof reason === 'string' ? reason : errorMessage(err)}`;
    }
    default:
      return errorMessage(err);
  }
}

/** Go's url.Error: `Get "https://host/v2/": <cause>`. */
export function requestPrefix(method: string, url: URL | string): string {
  return `${method.charAt(0)}${method.slice(1).toLowerCase()} ${JSON.stringify(String(url))}`;
}

export function transportError(method: string, url: URL, err: unknown): TransportError {
  return new TransportError(`${requestPrefix(method, url)}: ${goText(err, url)}`, { cause: err });
}
