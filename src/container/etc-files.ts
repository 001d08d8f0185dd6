// The /etc/hosts and /etc/resolv.conf a container gets, as dockerd writes them.
import { isIP } from 'node:net';
import { InvalidParameterError } from '../base/errors.js';

export interface HostsInput {
  hostname: string;
  /** The container's address on its first network; none with --network host/none. */
  ip: string | undefined;
  /** The address a `host-gateway` in --add-host stands for (the host as containers reach it). */
  hostGateway: string;
  extraHosts: readonly string[];
}

/** --add-host "name:ip" (or "name=ip", dockerd 25's spelling). */
function extraHost(entry: string, hostGateway: string): string {
  const m = /^([^:=]+)[:=](.+)$/.exec(entry);
  const name = m?.[1] ?? '';
  const ip = m?.[2] === 'host-gateway' ? hostGateway : (m?.[2] ?? '').replace(/^\[(.*)\]$/, '$1');
  if (!m || isIP(ip) === 0) throw new InvalidParameterError(`invalid IP address in add-host: "${m?.[2] ?? entry}"`);
  return `${ip}\t${name}`;
}

export function hostsFile(h: HostsInput): string {
  return [
    '127.0.0.1\tlocalhost',
    '::1\tlocalhost ip6-localhost ip6-loopback',
    'fe00::0\tip6-localnet',
    'ff00::0\tip6-mcastprefix',
    'ff02::1\tip6-allnodes',
    'ff02::2\tip6-allrouters',
    ...h.extraHosts.map((e) => extraHost(e, h.hostGateway)),
    ...(h.ip !== undefined ? [`${h.ip}\t${h.hostname}`] : []),
    '',
  ].join('\n');
}

export interface ResolvInput {
  /** On user-defined networks the embedded DNS at 127.0.0.11 answers (and forwards the rest). */
  embedded: boolean;
  /** --dns, else the network driver's resolver. */
  nameservers: readonly string[];
  search: readonly string[];
  options: readonly string[];
}

export function resolvConf(r: ResolvInput): string {
  const options = r.embedded ? ['ndots:0', ...r.options.filter((o) => !o.startsWith('ndots:'))] : r.options;
  return [
    ...(r.search.length > 0 ? [`search ${r.search.join(' ')}`] : []),
    ...(r.embedded ? ['nameserver 127.0.0.11'] : r.nameservers.map((n) => `nameserver ${n}`)),
    ...(options.length > 0 ? [`options ${options.join(' ')}`] : []),
    '',
  ].join('\n');
}
