// The registry client the image service holds: one per daemon, sharing connections, TLS material,
// probes and tokens across pulls and pushes. Every method takes the credentials of its own request.
import type { Readable } from 'node:stream';
import type { ImageReference } from '../reference/index.js';
import type { RegistryContext } from './context.js';
import { EndpointResolver } from './endpoints.js';
import { HttpTransport } from './http.js';
import { checkLogin } from './login.js';
import { fetchBlob, getManifest } from './pull.js';
import { blobExists, mountBlob, putManifest, uploadBlob } from './push.js';
import { RegistrySession } from './session.js';
import { TlsStore } from './tls.js';
import { TokenService } from './tokens.js';
import type { LoginResult, PulledManifest, RegistryAuth, RegistryClientOptions, Repository, UploadedBlob } from './types.js';

const DEFAULT_USER_AGENT = 'burrow (registry client)';

export class RegistryClient {
  private readonly ctx: RegistryContext;

  constructor(options: RegistryClientOptions) {
    const http = new HttpTransport(new TlsStore(options.certsDir), options.userAgent ?? DEFAULT_USER_AGENT);
    const tokens = new TokenService(http);
    this.ctx = {
      resolver: new EndpointResolver(options.insecureRegistries, options.mirrors),
      session: new RegistrySession(http, tokens, options.debug ?? (() => undefined)),
      tokens,
      http,
      debug: options.debug ?? (() => undefined),
    };
  }

  /** The image manifest for `ref`, chosen from an index for `platform` (`os/arch[/variant]`, default: this host). */
  getManifest(ref: ImageReference, auth: RegistryAuth, options: { platform?: string } = {}): Promise<PulledManifest> {
    return getManifest(this.ctx, ref, auth, options.platform);
  }

  /** The blob's bytes as a stream, unverified: pipe them through `digestVerifier`. */
  fetchBlob(repo: Repository, auth: RegistryAuth, digest: string): Promise<Readable> {
    return fetchBlob(this.ctx, repo, auth, digest);
  }

  blobExists(repo: Repository, auth: RegistryAuth, digest: string): Promise<boolean> {
    return blobExists(this.ctx, repo, auth, digest);
  }

  /** Cross-repository mount; false when the blob has to be uploaded after all. */
  mountBlob(repo: Repository, auth: RegistryAuth, digest: string, from: Repository): Promise<boolean> {
    return mountBlob(this.ctx, repo, auth, digest, from);
  }

  uploadBlob(repo: Repository, auth: RegistryAuth, content: Readable, digest?: string): Promise<UploadedBlob> {
    return uploadBlob(this.ctx, repo, auth, content, digest);
  }

  /** Stores a manifest under `ref`'s digest or tag; returns the manifest's digest. */
  putManifest(ref: ImageReference, auth: RegistryAuth, bytes: Buffer, mediaType: string): Promise<string> {
    return putManifest(this.ctx, ref, auth, bytes, mediaType);
  }

  /** `POST /auth`: are these credentials good for `serveraddress` (default Docker Hub)? */
  checkLogin(serveraddress: string | undefined, auth: RegistryAuth): Promise<LoginResult> {
    return checkLogin(this.ctx, serveraddress, auth);
  }

  close(): Promise<void> {
    return this.ctx.http.close();
  }
}
