// Pushing, in the OCI distribution protocol's steps: HEAD to skip blobs the registry has, a
// cross-repository mount where possible, else POST + a streamed PATCH + PUT ?digest=, then the manifest.
import { pipeline, type Readable } from 'node:stream';
import { InvalidParameterError, SystemError } from '../base/errors.js';
import { DEFAULT_TAG, digestAlgorithm, validateDigest, type ImageReference } from '../reference/index.js';
import { credentialsOf, type Credentials } from './auth-config.js';
import { locationOf, pullScope, pushScope, type RegistryContext } from './context.js';
import type { Endpoint } from './endpoints.js';
import { registryFailure } from './failures.js';
import type { HttpResponse, Method } from './http.js';
import { readRegistryError } from './registry-error.js';
import type { RegistryAuth, Repository, UploadedBlob } from './types.js';
import { computeDigest, HashingStream } from './verify.js';

interface PushTarget {
  ctx: RegistryContext;
  endpoint: Endpoint;
  credentials: Credentials;
  scopes: string[];
}

async function target(ctx: RegistryContext, repo: Repository, auth: RegistryAuth, extraScopes: string[] = []): Promise<PushTarget> {
  // Pushes never go to mirrors: the registry itself is the only endpoint.
  const [endpoint] = await ctx.resolver.endpoints(repo.domain, 'push');
  if (!endpoint) throw new SystemError(`no endpoints found for ${repo.domain}`);
  return { ctx, endpoint, credentials: credentialsOf(auth), scopes: [pushScope(repo.path), ...extraScopes] };
}

function send(t: PushTarget, method: Method, url: string, extra: { headers?: Record<string, string>; body?: Buffer | Readable } = {}): Promise<HttpResponse> {
  return t.ctx.session.request(t.endpoint, { method, url, scopes: t.scopes, credentials: t.credentials, ...extra });
}

async function expect(res: HttpResponse, ok: (status: number) => boolean): Promise<HttpResponse> {
  if (ok(res.status)) return res;
  throw registryFailure(await readRegistryError(res));
}

/** An abandoned upload session is cancelled so the registry can free it; failing to is harmless. */
async function cancelUpload(t: PushTarget, location: URL): Promise<void> {
  try {
    await (await send(t, 'DELETE', location.href)).body.dump();
  } catch (err) {
    t.ctx.debug('could not cancel a blob upload', { location: location.href, error: err instanceof Error ? err.message : String(err) });
  }
}

export async function blobExists(ctx: RegistryContext, repo: Repository, auth: RegistryAuth, digest: string): Promise<boolean> {
  validateDigest(digest);
  const t = await target(ctx, repo, auth);
  const res = await expect(await send(t, 'HEAD', `/v2/${repo.path}/blobs/${digest}`), (s) => s === 200 || s === 404);
  await res.body.dump();
  return res.status === 200;
}

/** Mounts `digest` from another repository of the same registry; false means it must be uploaded. */
export async function mountBlob(ctx: RegistryContext, repo: Repository, auth: RegistryAuth, digest: string, from: Repository): Promise<boolean> {
  validateDigest(digest);
  if (from.domain !== repo.domain) return false;
  const t = await target(ctx, repo, auth, [pullScope(from.path)]);
  const query = new URLSearchParams({ mount: digest, from: from.path });
  const res = await expect(await send(t, 'POST', `/v2/${repo.path}/blobs/uploads/?${query.toString()}`), (s) => s === 201 || s === 202);
  await res.body.dump();
  // 202: the registry could not mount and opened an upload session instead, which is not needed.
  if (res.status === 202) await cancelUpload(t, locationOf(res));
  return res.status === 201;
}

/** Streams `content` as one blob; without `digest`, the digest is computed on the way and returned. */
export async function uploadBlob(ctx: RegistryContext, repo: Repository, auth: RegistryAuth, content: Readable, digest?: string): Promise<UploadedBlob> {
  if (digest !== undefined) validateDigest(digest);
  const t = await target(ctx, repo, auth);
  const start = await expect(await send(t, 'POST', `/v2/${repo.path}/blobs/uploads/`), (s) => s === 202);
  await start.body.dump();
  const session = locationOf(start);
  const hashing = new HashingStream(digest !== undefined ? digestAlgorithm(digest) : 'sha256');
  // Errors of `content` reach the request through `hashing`, which pipeline destroys with them.
  const body = pipeline(content, hashing, () => undefined);
  const patched = await expect(
    await send(t, 'PATCH', session.href, { headers: { 'content-type': 'application/octet-stream' }, body }),
    (s) => s >= 200 && s < 300,
  );
  await patched.body.dump();
  const computed = hashing.digest();
  const committing = locationOf(patched);
  if (digest !== undefined && computed !== digest) {
    await cancelUpload(t, committing);
    throw new InvalidParameterError(`blob upload: content has digest ${computed}, not ${digest}`);
  }
  committing.searchParams.set('digest', computed);
  const done = await expect(await send(t, 'PUT', committing.href), (s) => s >= 200 && s < 300);
  await done.body.dump();
  return { digest: computed, size: hashing.size };
}

/** Puts a manifest under `ref`'s digest, else its tag (`latest` when it has neither); returns its digest. */
export async function putManifest(ctx: RegistryContext, ref: ImageReference, auth: RegistryAuth, bytes: Buffer, mediaType: string): Promise<string> {
  const digest = ref.digest !== undefined ? computeDigest(bytes, digestAlgorithm(ref.digest)) : computeDigest(bytes);
  if (ref.digest !== undefined && digest !== ref.digest) {
    throw new InvalidParameterError(`manifest has digest ${digest}, not ${ref.digest}`);
  }
  const t = await target(ctx, ref, auth);
  const res = await expect(
    await send(t, 'PUT', `/v2/${ref.path}/manifests/${ref.digest ?? ref.tag ?? DEFAULT_TAG}`, { headers: { 'content-type': mediaType }, body: bytes }),
    (s) => s >= 200 && s < 300,
  );
  await res.body.dump();
  return digest;
}
