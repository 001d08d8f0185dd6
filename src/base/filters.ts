// The `filters` query parameter as dockerd parses it, for every list, prune and events endpoint:
// JSON of {name: [values]} or the older {name: {value: true}}; unknown names are an error.
import { InvalidParameterError } from './errors.js';

export type Filters = Map<string, string[]>;

export function parseFilters(raw: string | null, allowed: readonly string[]): Filters {
  const out: Filters = new Map();
  if (raw === null || raw === '') return out;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (err) {
    throw new InvalidParameterError(`invalid filter: ${raw}`, { cause: err });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new InvalidParameterError(`invalid filter: ${raw}`);
  for (const [name, value] of Object.entries(parsed as Record<string, unknown>)) {
    if (!allowed.includes(name)) throw new InvalidParameterError(`invalid filter '${name}'`);
    const values = Array.isArray(value) ? value.map(String) : typeof value === 'object' && value !== null ? Object.keys(value) : [String(value)];
    out.set(name, values);
  }
  return out;
}

/** Go's path.Match for the patterns people use in `reference=` filters (`*`, `?`, no `/` crossing). */
export function globMatch(pattern: string, text: string): boolean {
  const re = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]');
  return new RegExp(`^${re}$`).test(text);
}

/** `dangling=true|false|1|0` */
export function boolFilter(values: string[] | undefined, name: string): boolean | undefined {
  if (!values || values.length === 0) return undefined;
  const v = values[0]?.toLowerCase();
  if (v === 'true' || v === '1') return true;
  if (v === 'false' || v === '0') return false;
  throw new InvalidParameterError(`Invalid filter '${name}=${values[0] ?? ''}'`);
}

/** `label=key` or `label=key=value` against a label map. */
export function labelsMatch(values: string[] | undefined, labels: Record<string, string> | null | undefined): boolean {
  if (!values) return true;
  return values.every((v) => {
    const eq = v.indexOf('=');
    if (eq < 0) return labels?.[v] !== undefined;
    return labels?.[v.slice(0, eq)] === v.slice(eq + 1);
  });
}
