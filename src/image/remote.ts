// The operations that talk to registries: pull, push, login, distribution inspect. Loaded on first
// use (it brings undici), with one RegistryClient per engine so connections and tokens are reused.
import { familiarName, familiarString, parseReference, type ImageReference } from '../reference/index.js';
import { RegistryClient, decodeRegistryAuthHeader, type RegistryAuth } from '../registry/index.js';
import type { ImageDeps } from './deps.js';
import type { RemoteOptions, StreamJob } from './index.js';
import { runPull } from './pull.js';
import { runPush } from './push.js';
import type { ImageService } from './service.js';

let client: RegistryClient | undefined;

function registry(opts: RemoteOptions): RegistryClient {
  client ??= new RegistryClient({ insecureRegistries: opts.insecureRegistries, mirrors: opts.registryMirrors, certsDir: opts.certsDir });
  return client;
}

/** "Pulling from library/busybox": the path within the registry, as moby prints it. */
function remoteName(ref: ImageReference): string {
  return ref.path;
}

export async function preparePull(
  deps: ImageDeps,
  opts: RemoteOptions,
  name: string,
  o: { authHeader: string | undefined; platform: string },
): Promise<StreamJob> {
  const ref = parseReference(name);
  const auth = decodeRegistryAuthHeader(o.authHeader);
  const reg = registry(opts);
  const pulled = await reg.getManifest(ref, auth, o.platform === '' ? {} : { platform: o.platform });
  const repo = { domain: ref.domain, path: ref.path };
  return {
    run: async (out) => {
      await runPull(deps, {
        familiar: familiarString(ref),
        familiarName: familiarName(ref),
        remoteName: remoteName(ref),
        tagOrDigest: ref.digest ?? ref.tag ?? 'latest',
        ...(ref.digest === undefined ? { tagRef: familiarString(ref) } : {}),
        resolved: {
          config: pulled.manifest.config,
          layers: pulled.manifest.layers,
          manifest: { digest: pulled.digest, mediaType: pulled.mediaType, size: pulled.bytes.length },
          manifestBytes: pulled.bytes,
          repoDigest: pulled.indexDigest ?? pulled.digest,
        },
        source: { fetchBlob: (blob) => reg.fetchBlob(repo, auth, blob.digest) },
      }, out);
    },
  };
}

export function preparePush(
  deps: ImageDeps,
  service: ImageService,
  opts: RemoteOptions,
  name: string,
  o: { authHeader: string | undefined },
): StreamJob {
  const ref = parseReference(name);
  const { record } = service.lookup(familiarString(ref));
  const auth = decodeRegistryAuthHeader(o.authHeader);
  const reg = registry(opts);
  return { run: (out) => runPush(deps, reg, ref, record, auth, out) };
}

export async function login(opts: RemoteOptions, body: Record<string, unknown>): Promise<{ Status: string; IdentityToken?: string }> {
  const auth: RegistryAuth = {};
  for (const k of ['username', 'password', 'identitytoken', 'registrytoken', 'serveraddress', 'auth'] as const) {
    const v = body[k];
    if (typeof v === 'string' && v !== '') auth[k] = v;
  }
  return registry(opts).checkLogin(auth.serveraddress, auth);
}

export async function distribution(opts: RemoteOptions, name: string, authHeader: string | undefined): Promise<Record<string, unknown>> {
  const ref = parseReference(name);
  const pulled = await registry(opts).getManifest(ref, decodeRegistryAuthHeader(authHeader));
  return {
    Descriptor: pulled.index ?? { mediaType: pulled.mediaType, digest: pulled.digest, size: pulled.bytes.length },
    Platforms: pulled.platform ? [pulled.platform] : [],
  };
}
