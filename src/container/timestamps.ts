// Times as the Engine API takes them in since/until: Unix seconds with an optional fraction (what
// the docker CLI sends after resolving "10m" or a date), or an RFC 3339 date.
import { InvalidParameterError } from '../base/errors.js';

/** Milliseconds since the epoch. */
export function parseTimestamp(value: string): number {
  if (/^-?\d+(\.\d+)?$/.test(value)) return Number(value) * 1000;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new InvalidParameterError(`invalid timestamp: ${value}`);
  return ms;
}

/** conmon's log time (local offset) as dockerd prints it with --timestamps: UTC, nine fraction digits. */
export function dockerLogTime(time: string): string {
  const m = /^(.*?)(\.\d+)?(Z|[+-]\d\d:\d\d)$/.exec(time);
  if (!m) return time;
  const [, base = '', frac = '', zone = ''] = m;
  const fixed = `${frac.slice(1)}000000000`.slice(0, 9);
  if (zone === 'Z' || zone === '+00:00' || zone === '-00:00') return `${base}.${fixed}Z`;
  const utc = new Date(Date.parse(`${base}${zone}`)).toISOString().slice(0, 19);
  return `${utc}.${fixed}Z`;
}
