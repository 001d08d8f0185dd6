// Query flags and JSON bodies as dockerd reads them (shared by the handler modules).
import { errorMessage, InvalidParameterError } from '../../base/errors.js';
import type { Exchange } from '../exchange.js';
import { requestBody } from '../server.js';

/** `?force=1`, `?force=true`: present and not 0/false. */
export function flag(ex: Exchange, name: string): boolean {
  const v = ex.query.get(name);
  return v !== null && v !== '' && v !== '0' && v.toLowerCase() !== 'false';
}

/** The request body as JSON (an empty body is `{}`). */
export async function readJson(ex: Exchange): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const c of requestBody(ex.req)) chunks.push(c);
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return JSON.parse(text === '' ? '{}' : text) as unknown;
  } catch (err) {
    throw new InvalidParameterError(`invalid JSON body: ${errorMessage(err)}`, { cause: err });
  }
}
