// The resolvers the embedded DNS forwards to: the host's, as dockerd reads them.
import { readFile } from 'node:fs/promises';

export interface ResolvConf {
  nameservers: string[];
  search: string[];
  options: string[];
}

export function parseResolvConf(text: string): ResolvConf {
  const out: ResolvConf = { nameservers: [], search: [], options: [] };
  for (const raw of text.split('\n')) {
    const [key, ...values] = raw.replace(/[#;].*$/, '').trim().split(/\s+/);
    if (key === 'nameserver' && values[0] !== undefined) out.nameservers.push(values[0]);
    else if (key === 'search' || key === 'domain') out.search = values;
    else if (key === 'options') out.options.push(...values);
  }
  return out;
}

/** dockerd's fallback when the host names none: Google's public resolvers. */
const FALLBACK = ['8.8.8.8', '8.8.4.4'];

export async function hostResolvers(path = '/etc/resolv.conf'): Promise<string[]> {
  const text = await readFile(path, 'utf8').catch(() => '');
  const found = parseResolvConf(text).nameservers;
  return found.length > 0 ? found : FALLBACK;
}
