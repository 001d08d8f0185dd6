// The registry's own account of a failed request, as distribution's HandleErrorResponse reads it: the
// bearer challenge's `error` first (Docker Hub says insufficient_scope for a missing or private
// repository), then the JSON `errors` list, then the older `{"details": …}` shape of token servers.
import { parseChallenges } from './challenge.js';
import type { HttpResponse } from './http.js';

export interface RegistryError {
  status: number;
  /** The registry's code (`MANIFEST_UNKNOWN`), when it gave one. */
  code: string | undefined;
  /** errcode's text: `manifest unknown: manifest unknown`. */
  text: string;
}

/** distribution's default messages, used when a registry sends a code without one. */
const DEFAULT_MESSAGES: Record<string, string> = {
  DENIED: 'requested access to the resource is denied',
  UNAUTHORIZED: 'authentication required',
  MANIFEST_UNKNOWN: 'manifest unknown',
  NAME_UNKNOWN: 'repository name not known to registry',
  BLOB_UNKNOWN: 'blob unknown to registry',
  TOOMANYREQUESTS: 'too many requests',
  UNSUPPORTED: 'The operation is unsupported.',
};

/** RFC 6750 error codes in a bearer challenge, as distribution maps them. */
const BEARER_ERRORS: Record<string, string> = { insufficient_scope: 'DENIED', invalid_token: 'UNAUTHORIZED' };

const BODY_LIMIT = 64 * 1024;

function describe(status: number, code: string, message: string | undefined): RegistryError {
  const text = message || (DEFAULT_MESSAGES[code] ?? '');
  return { status, code, text: `${code.toLowerCase().replaceAll('_', ' ')}${text ? `: ${text}` : ''}` };
}

async function readBody(res: HttpResponse): Promise<string> {
  let body = '';
  for await (const chunk of res.body as AsyncIterable<Buffer>) {
    body += chunk.toString('utf8');
    if (body.length > BODY_LIMIT) {
      res.body.destroy();
      break;
    }
  }
  return body;
}

function fromBody(status: number, body: string): RegistryError | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const { errors, details } = parsed as { errors?: unknown; details?: unknown };
  const first: unknown = Array.isArray(errors) ? errors[0] : undefined;
  if (typeof first === 'object' && first !== null) {
    const { code, message } = first as { code?: unknown; message?: unknown };
    return describe(status, typeof code === 'string' ? code : 'UNKNOWN', typeof message === 'string' ? message : undefined);
  }
  if (typeof details === 'string' && details !== '') {
    return describe(status, status === 401 ? 'UNAUTHORIZED' : status === 429 ? 'TOOMANYREQUESTS' : 'UNKNOWN', details);
  }
  return undefined;
}

/** Reads (and so releases) the body of a failed response. */
export async function readRegistryError(res: HttpResponse): Promise<RegistryError> {
  const body = await readBody(res).catch(() => '');
  for (const challenge of parseChallenges(res.headers['www-authenticate'])) {
    if (challenge.scheme !== 'bearer') continue;
    const code = BEARER_ERRORS[challenge.params['error'] ?? ''];
    if (code !== undefined) return describe(res.status, code, challenge.params['error_description']);
  }
  const parsed = fromBody(res.status, body);
  if (parsed) return parsed;
  if (res.status === 401) return describe(401, 'UNAUTHORIZED', undefined);
  return { status: res.status, code: undefined, text: `received unexpected HTTP status: ${res.status} ${res.statusText}` };
}
