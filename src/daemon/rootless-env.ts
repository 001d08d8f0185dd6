// DOCKERD_ROOTLESS_ROOTLESSKIT_* variables, read as dockerd-rootless.sh reads them, so a
// systemd override.conf written for Docker works unchanged.
import { InvalidParameterError } from '../base/errors.js';
import { parsePortSpec, type PortSpec } from '../rootless/port/spec.js';

export interface RootlessEnv {
  net: string | undefined;
  mtu: number | undefined;
  portDriver: 'builtin' | 'none';
  disableHostLoopback: boolean;
  slirp4netnsSandbox: 'auto' | 'true' | 'false';
  slirp4netnsSeccomp: 'auto' | 'true' | 'false';
  detachNetns: boolean;
  publish: PortSpec[];
}

const P = 'DOCKERD_ROOTLESS_ROOTLESSKIT_';

function bool(env: NodeJS.ProcessEnv, name: string, dflt: boolean): boolean {
  const v = env[P + name];
  if (v === undefined || v === '') return dflt;
  if (v === '1' || v === 'true') return true;
  if (v === '0' || v === 'false') return false;
  throw new InvalidParameterError(`${P}${name}: value must be 1, true, 0 or false, got ${JSON.stringify(v)}`);
}

function tristate(env: NodeJS.ProcessEnv, name: string): 'auto' | 'true' | 'false' {
  const v = env[P + name] ?? 'auto';
  if (v === 'auto' || v === 'true' || v === 'false') return v;
  throw new InvalidParameterError(`${P}${name}: value must be auto, true or false, got ${JSON.stringify(v)}`);
}

/** The `-p`/`--publish` specs out of DOCKERD_ROOTLESS_ROOTLESSKIT_FLAGS; other RootlessKit flags are refused by name. */
export function parseRootlessFlags(text: string): PortSpec[] {
  const words = text.split(/\s+/).filter((w) => w !== '');
  const specs: PortSpec[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i] ?? '';
    const eq = /^(?:-p|--publish)=(.+)$/.exec(w);
    if (eq?.[1]) specs.push(parsePortSpec(eq[1]));
    else if (w === '-p' || w === '--publish') {
      const next = words[++i];
      if (next === undefined) throw new InvalidParameterError(`${P}FLAGS: ${w} needs a port spec`);
      specs.push(parsePortSpec(next));
    } else {
      throw new InvalidParameterError(`${P}FLAGS: unsupported flag ${JSON.stringify(w)} (Burrow takes -p/--publish here; the others have their own ${P}* variables)`);
    }
  }
  return specs;
}

/**
 * The reference's other port drivers, and why Burrow's builtin one is the better choice here: it
 * keeps the client's address too (which the slirp4netns driver is chosen for), at socket speed.
 */
function unsupportedPortDriver(name: string): InvalidParameterError {
  const why: Record<string, string> = {
    slirp4netns: 'Burrow\'s builtin driver already keeps the client\'s source address, the reason to choose slirp4netns\'s, and is faster',
    implicit: 'the pasta port driver needs pasta 2023_12_04 or later (Debian 12 ships 2023_03_09); the builtin driver keeps the client\'s source address as pasta\'s would',
  };
  return new InvalidParameterError(`${P}PORT_DRIVER: ${JSON.stringify(name)} is not supported (supported: builtin, none)${why[name] ? `: ${why[name]}` : ''}`, {
    hint: `unset ${P}PORT_DRIVER (builtin is the default)`,
  });
}

export function readRootlessEnv(env: NodeJS.ProcessEnv): RootlessEnv {
  const mtuText = env[`${P}MTU`];
  let mtu: number | undefined;
  if (mtuText !== undefined && mtuText !== '') {
    mtu = Number(mtuText);
    if (!Number.isInteger(mtu) || mtu < 68 || mtu > 65521) throw new InvalidParameterError(`${P}MTU: must be an integer from 68 to 65521, got ${JSON.stringify(mtuText)}`);
  }
  const portDriver = env[`${P}PORT_DRIVER`] ?? 'builtin';
  if (portDriver !== 'builtin' && portDriver !== 'none') throw unsupportedPortDriver(portDriver);
  const net = env[`${P}NET`];
  return {
    net: net === '' ? undefined : net,
    mtu,
    portDriver,
    disableHostLoopback: bool(env, 'DISABLE_HOST_LOOPBACK', true),
    slirp4netnsSandbox: tristate(env, 'SLIRP4NETNS_SANDBOX'),
    slirp4netnsSeccomp: tristate(env, 'SLIRP4NETNS_SECCOMP'),
    detachNetns: bool(env, 'DETACH_NETNS', true),
    publish: parseRootlessFlags(env[`${P}FLAGS`] ?? ''),
  };
}
