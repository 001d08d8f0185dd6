// The docker CLI's context store, read and written directly so `burrow install` needs no docker
// CLI: $DOCKER_CONFIG (default ~/.docker)/contexts/meta/<sha256 of the name>/meta.json, and the
// current context in config.json, whose other keys (auths, credsStore, ...) are kept as they are.
import { createHash } from 'node:crypto';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { atomicWrite } from '../base/atomic-write.js';
import { InvalidParameterError, errnoCode } from '../base/errors.js';

export interface ContextMeta {
  Name: string;
  Metadata: { Description?: string };
  Endpoints: { docker?: { Host: string; SkipTLSVerify: boolean } };
}

/** Where the docker CLI keeps its configuration for this environment. */
export function dockerConfigDir(env: NodeJS.ProcessEnv, home: string): string {
  return env.DOCKER_CONFIG !== undefined && env.DOCKER_CONFIG !== '' ? env.DOCKER_CONFIG : join(home, '.docker');
}

async function readJson(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') return undefined;
    throw err;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new InvalidParameterError(`${path} is not valid JSON: ${(err as Error).message}`, { hint: 'fix or remove the file, then run this again' });
  }
}

export class DockerContexts {
  constructor(private readonly dir: string) {}

  private metaDir(name: string): string {
    return join(this.dir, 'contexts', 'meta', createHash('sha256').update(name).digest('hex'));
  }

  async get(name: string): Promise<ContextMeta | undefined> {
    return (await readJson(join(this.metaDir(name), 'meta.json'))) as ContextMeta | undefined;
  }

  async create(name: string, host: string, description: string): Promise<void> {
    const meta: ContextMeta = { Name: name, Metadata: { Description: description }, Endpoints: { docker: { Host: host, SkipTLSVerify: false } } };
    await mkdir(this.metaDir(name), { recursive: true, mode: 0o755 });
    await atomicWrite(join(this.metaDir(name), 'meta.json'), JSON.stringify(meta), 0o644);
  }

  async remove(name: string): Promise<void> {
    await rm(this.metaDir(name), { recursive: true, force: true });
    await rm(join(this.dir, 'contexts', 'tls', createHash('sha256').update(name).digest('hex')), { recursive: true, force: true });
  }

  private async config(): Promise<Record<string, unknown>> {
    const raw = await readJson(join(this.dir, 'config.json'));
    if (raw === undefined) return {};
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new InvalidParameterError(`${join(this.dir, 'config.json')} must hold a JSON object`);
    return raw as Record<string, unknown>;
  }

  /** The context the CLI uses when neither --context, DOCKER_CONTEXT nor DOCKER_HOST says otherwise. */
  async current(): Promise<string> {
    const name = (await this.config()).currentContext;
    return typeof name === 'string' && name !== '' ? name : 'default';
  }

  /** As `docker context use`: "default" clears the setting. */
  async use(name: string): Promise<void> {
    const config = await this.config();
    if (name === 'default') delete config.currentContext;
    else config.currentContext = name;
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    await atomicWrite(join(this.dir, 'config.json'), JSON.stringify(config, null, '\t'), 0o600);
  }
}
