// Trust and client identity per registry host. Node's `ca` option replaces the default store, while
// Docker adds certs.d CAs to the system pool, so every context carries the system bundle, the CA file
// the launcher handed on (BURROW_EXTRA_CA_CERTS), and the host's own certs.d files.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createSecureContext, rootCertificates, type SecureContext } from 'node:tls';
import { errnoCode, errorMessage, SystemError } from '../base/errors.js';

const SYSTEM_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';

async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') return undefined;
    throw err;
  }
}

interface HostFiles {
  cas: string[];
  certs: string[];
  keys: string[];
}

/** moby's ReadCertsDirectory: `*.crt` are CAs, `x.cert` needs `x.key` and the other way round. */
async function readCertsDirectory(dir: string): Promise<HostFiles> {
  let names: string[];
  try {
    names = (await readdir(dir)).sort();
  } catch (err) {
    if (errnoCode(err) === 'ENOENT' || errnoCode(err) === 'ENOTDIR') return { cas: [], certs: [], keys: [] };
    throw err;
  }
  const has = new Set(names);
  const files: HostFiles = { cas: [], certs: [], keys: [] };
  for (const name of names) {
    if (name.endsWith('.crt')) {
      files.cas.push(await readFile(join(dir, name), 'utf8'));
    } else if (name.endsWith('.cert')) {
      const key = `${name.slice(0, -'.cert'.length)}.key`;
      if (!has.has(key)) {
        throw new SystemError(`missing key ${key} for client certificate ${name}. CA certificates must use the extension .crt`);
      }
      files.certs.push(await readFile(join(dir, name), 'utf8'));
      files.keys.push(await readFile(join(dir, key), 'utf8'));
    } else if (name.endsWith('.key') && !has.has(`${name.slice(0, -'.key'.length)}.cert`)) {
      throw new SystemError(`missing client certificate ${name.slice(0, -'.key'.length)}.cert for key ${name}`);
    }
  }
  return files;
}

export class TlsStore {
  private roots: Promise<string[]> | undefined;
  private readonly contexts = new Map<string, Promise<SecureContext>>();

  constructor(private readonly certsDir: string) {}

  /** The context for TLS connections to `host` (`host[:port]` as in the URL), built on first use. */
  context(host: string): Promise<SecureContext> {
    let context = this.contexts.get(host);
    if (!context) {
      context = this.build(host);
      // A fixed certs.d (or a transient read error) should work on the next attempt.
      void context.catch(() => this.contexts.delete(host));
      this.contexts.set(host, context);
    }
    return context;
  }

  private async build(host: string): Promise<SecureContext> {
    this.roots ??= this.readRoots();
    const [roots, files] = await Promise.all([this.roots, readCertsDirectory(join(this.certsDir, host))]);
    try {
      return createSecureContext({ ca: [...roots, ...files.cas], cert: files.certs, key: files.keys });
    } catch (err) {
      throw new SystemError(`could not load TLS certificates for ${host}: ${errorMessage(err)}`, { cause: err });
    }
  }

  private async readRoots(): Promise<string[]> {
    const extraPath = process.env['BURROW_EXTRA_CA_CERTS'];
    const [system, extra] = await Promise.all([
      readOptional(SYSTEM_BUNDLE),
      // A missing extra file is ignored, as Node ignores a missing NODE_EXTRA_CA_CERTS.
      extraPath ? readOptional(extraPath) : undefined,
    ]);
    return [...(system !== undefined ? [system] : rootCertificates), ...(extra !== undefined ? [extra] : [])];
  }
}
