// Pulling: the manifest a reference resolves to (through an index, for this platform) and blobs as
// streams. Mirrors are asked first for docker.io.
import type { Readable } from 'node:stream';
import { NotFoundError, NotImplementedError, SystemError } from '../base/errors.js';
import { DEFAULT_TAG, digestAlgorithm, fullString, isDigest, validateDigest, type ImageReference } from '../reference/index.js';
import { credentialsOf, type Credentials } from './auth-config.js';
import { onEndpoints, pullScope, readLimited, type RegistryContext } from './context.js';
import type { Endpoint } from './endpoints.js';
import { pullFailure, registryFailure } from './failures.js';
import { classifyManifest, parseImageManifest, parseIndex, parseManifestJson, selectFromIndex } from './manifest.js';
import { formatPlatform, hostPlatform, parsePlatform } from './platform.js';
import { readRegistryError } from './registry-error.js';
import { MediaType, type PulledManifest, type RegistryAuth, type Repository } from './types.js';
import { computeDigest } from './verify.js';

const ACCEPT = [MediaType.dockerManifest, MediaType.dockerManifestList, MediaType.ociManifest, MediaType.ociIndex].join(', ');
/** dockerd's limit on manifest bodies. */
const MANIFEST_LIMIT = 4 * 1024 * 1024;

interface FetchedManifest {
  bytes: Buffer;
  digest: string;
  contentType: string | undefined;
}

interface ManifestRequest {
  ctx: RegistryContext;
  endpoint: Endpoint;
  ref: ImageReference;
  credentials: Credentials;
}

/** Checks the body against the digest asked for and the one the registry claims; returns its digest. */
function verifiedDigest(bytes: Buffer, expected: string | undefined, claimed: string | undefined): string {
  for (const digest of [expected, claimed]) {
    if (digest !== undefined && isDigest(digest) && computeDigest(bytes, digestAlgorithm(digest)) !== digest) {
      throw new SystemError(`manifest verification failed for digest ${digest}`);
    }
  }
  return expected ?? computeDigest(bytes);
}

async function fetchManifest(req: ManifestRequest, reference: string): Promise<FetchedManifest> {
  const { ctx, endpoint, ref, credentials } = req;
  const res = await ctx.session.request(endpoint, {
    method: 'GET',
    url: `/v2/${ref.path}/manifests/${reference}`,
    headers: { accept: ACCEPT },
    scopes: [pullScope(ref.path)],
    credentials,
  });
  if (res.status !== 200) throw pullFailure(await readRegistryError(res), ref, credentials.kind === 'anonymous');
  const bytes = await readLimited(res, MANIFEST_LIMIT, 'manifest');
  const claimed = res.headers['docker-content-digest'];
  const digest = verifiedDigest(bytes, isDigest(reference) ? reference : undefined, typeof claimed === 'string' ? claimed : undefined);
  const contentType = res.headers['content-type'];
  return { bytes, digest, contentType: typeof contentType === 'string' ? contentType : undefined };
}

function schema1Refused(ref: ImageReference): NotImplementedError {
  return new NotImplementedError(
    '[DEPRECATION NOTICE] Docker Image Format v1 and Docker Image manifest version 2, schema 1 support has been removed. ' +
      `Suggest the author of ${fullString(ref)} to upgrade the image to the OCI Format or Docker Image manifest v2, schema 2. ` +
      'More information at https://docs.docker.com/go/deprecated-image-specs/',
  );
}

/**
 * The image manifest `ref` names (its digest wins over its tag; neither means `latest`). An index
 * is resolved to the entry for `platform` (`os/arch[/variant]`), by default this host's.
 */
export async function getManifest(ctx: RegistryContext, ref: ImageReference, auth: RegistryAuth, platform?: string): Promise<PulledManifest> {
  const reference = ref.digest ?? ref.tag ?? DEFAULT_TAG;
  const want = platform !== undefined && platform !== '' ? parsePlatform(platform) : hostPlatform();
  const credentials = credentialsOf(auth);
  return onEndpoints(ctx, ref.domain, 'pull', async (endpoint) => {
    const req = { ctx, endpoint, ref, credentials };
    const top = await fetchManifest(req, reference);
    const json = parseManifestJson(top.bytes);
    const { kind, mediaType } = classifyManifest(top.contentType, json);
    if (kind === 'schema1') throw schema1Refused(ref);
    if (kind === 'image') return { digest: top.digest, mediaType, bytes: top.bytes, manifest: parseImageManifest(json) };
    const entry = selectFromIndex(parseIndex(json), want);
    if (!entry) throw new NotFoundError(`no matching manifest for ${formatPlatform(want)} in the manifest list entries`);
    const child = await fetchManifest(req, entry.descriptor.digest);
    const childJson = parseManifestJson(child.bytes);
    const childKind = classifyManifest(child.contentType, childJson);
    if (childKind.kind === 'schema1') throw schema1Refused(ref);
    if (childKind.kind !== 'image') throw new SystemError(`invalid manifest: index entry ${entry.descriptor.digest} is not an image manifest`);
    return {
      digest: child.digest,
      mediaType: childKind.mediaType,
      bytes: child.bytes,
      manifest: parseImageManifest(childJson),
      indexDigest: top.digest,
      index: { mediaType, digest: top.digest, size: top.bytes.length },
      ...(entry.platform ? { platform: entry.platform } : {}),
    };
  });
}

/** The blob's body as it arrives (redirects followed); the caller verifies it, e.g. with digestVerifier. */
export async function fetchBlob(ctx: RegistryContext, repo: Repository, auth: RegistryAuth, digest: string): Promise<Readable> {
  validateDigest(digest);
  const credentials = credentialsOf(auth);
  return onEndpoints(ctx, repo.domain, 'pull', async (endpoint) => {
    const res = await ctx.session.request(endpoint, {
      method: 'GET',
      url: `/v2/${repo.path}/blobs/${digest}`,
      scopes: [pullScope(repo.path)],
      credentials,
    });
    if (res.status !== 200) throw registryFailure(await readRegistryError(res));
    return res.body;
  });
}
