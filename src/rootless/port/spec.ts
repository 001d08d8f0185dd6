// Port specs as RootlessKit's `-p` and rootlessctl write them:
// `[parentIP:]parentPort:[childIP:]childPort/proto`, IPv6 addresses in brackets.
import { isIP } from 'node:net';
import { InvalidParameterError } from '../../base/errors.js';

export const PROTOS = ['tcp', 'tcp4', 'tcp6', 'udp', 'udp4', 'udp6'] as const;
export type Proto = (typeof PROTOS)[number];

/** Field names are RootlessKit's API's (`/v1/ports`), so its clients work unchanged. */
export interface PortSpec {
  proto: Proto;
  parentIP: string;
  parentPort: number;
  childIP?: string;
  childPort: number;
}

export interface PortStatus {
  id: number;
  spec: PortSpec;
}

function parsePort(text: string, what: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < 1 || n > 65535) throw new InvalidParameterError(`invalid ${what} port ${JSON.stringify(text)}: must be 1-65535`);
  return n;
}

/** Splits "a:b:c" into fields, keeping "[v6]" together. */
function fields(text: string): string[] {
  const out: string[] = [];
  const re = /\[([^\]]*)\]|([^:]+)|:(?=:)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) out.push(m[1] ?? m[2] ?? '');
  return out;
}

export function parsePortSpec(text: string): PortSpec {
  const slash = text.lastIndexOf('/');
  if (slash < 0) throw new InvalidParameterError(`invalid port spec ${JSON.stringify(text)}: missing /proto`);
  const proto = text.slice(slash + 1);
  if (!(PROTOS as readonly string[]).includes(proto)) throw new InvalidParameterError(`unknown proto: ${JSON.stringify(proto)}`);
  const f = fields(text.slice(0, slash));
  let parentIP = '0.0.0.0';
  let childIP: string | undefined;
  let parentPort: string;
  let childPort: string;
  switch (f.length) {
    case 2:
      [parentPort, childPort] = f as [string, string];
      break;
    case 3:
      if (isIP(f[0] ?? '')) [parentIP, parentPort, childPort] = f as [string, string, string];
      else [parentPort, childIP, childPort] = f as [string, string, string];
      break;
    case 4:
      [parentIP, parentPort, childIP, childPort] = f as [string, string, string, string];
      break;
    default:
      throw new InvalidParameterError(`invalid port spec ${JSON.stringify(text)}: want [parentIP:]parentPort:[childIP:]childPort/proto`);
  }
  const spec: PortSpec = { proto: proto as Proto, parentIP, parentPort: parsePort(parentPort, 'parent'), childPort: parsePort(childPort, 'child') };
  if (childIP !== undefined) spec.childIP = childIP;
  validatePortSpec(spec);
  return spec;
}

export function validatePortSpec(spec: PortSpec): void {
  if (!(PROTOS as readonly string[]).includes(spec.proto)) throw new InvalidParameterError(`unknown proto: ${JSON.stringify(spec.proto)}`);
  for (const [what, port] of [['parent', spec.parentPort], ['child', spec.childPort]] as const) {
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw new InvalidParameterError(`invalid ${what} port ${port}: must be 1-65535`);
  }
  if (isIP(spec.parentIP) === 0) throw new InvalidParameterError(`invalid parent IP ${JSON.stringify(spec.parentIP)}`);
  if (spec.childIP !== undefined && isIP(spec.childIP) === 0) throw new InvalidParameterError(`invalid child IP ${JSON.stringify(spec.childIP)}`);
}

export function formatPortSpec(s: PortSpec): string {
  const ip = (a: string): string => (isIP(a) === 6 ? `[${a}]` : a);
  return `${ip(s.parentIP)}:${s.parentPort}:${s.childIP === undefined ? '' : ip(s.childIP) + ':'}${s.childPort}/${s.proto}`;
}
