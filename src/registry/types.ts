// The registry client's vocabulary: credentials as the Engine API carries them, and the manifest
// shapes handed back to the image store.

/** Credentials for one registry, as in the Engine API's `X-Registry-Auth` and `POST /auth` bodies. */
export interface RegistryAuth {
  username?: string;
  password?: string;
  /** An OAuth2 refresh token from an earlier login. */
  identitytoken?: string;
  /** A bearer token to send as it is. */
  registrytoken?: string;
  serveraddress?: string;
  /** base64 of `user:pass`, as in config.json. */
  auth?: string;
}

export interface RegistryClientOptions {
  /** `host:port` names or CIDRs whose registries may be reached over plain HTTP or unverified TLS. */
  insecureRegistries: string[];
  /** Pull-through mirrors for docker.io (`https://mirror.example`). */
  mirrors: string[];
  /** Holds `<host:port>/*.crt` CAs and `*.cert`/`*.key` client pairs, as Docker's certs.d. */
  certsDir: string;
  userAgent?: string;
  debug?: (msg: string, fields?: object) => void;
}

/** What a registry endpoint is addressed by: the repository within a registry. */
export interface Repository {
  domain: string;
  path: string;
}

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
}

/** An image manifest (Docker schema 2 or OCI), reduced to what pulling needs. */
export interface ImageManifest {
  config: Descriptor;
  layers: Descriptor[];
}

export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
}

export interface PulledManifest {
  /** The image manifest's own digest. */
  digest: string;
  mediaType: string;
  /** The manifest exactly as served, for storing and re-pushing. */
  bytes: Buffer;
  manifest: ImageManifest;
  /** Set when the reference named an index: its digest is what Docker records in RepoDigests. */
  indexDigest?: string;
  /** The index itself, for `GET /distribution/{name}/json`, which describes what the tag names. */
  index?: Descriptor;
  /** The platform the index entry declared, when chosen from an index. */
  platform?: Platform;
}

export interface UploadedBlob {
  digest: string;
  size: number;
}

export interface LoginResult {
  Status: 'Login Succeeded';
  IdentityToken?: string;
}

export const MediaType = {
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerManifestList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  dockerSchema1: 'application/vnd.docker.distribution.manifest.v1+json',
  dockerSchema1Signed: 'application/vnd.docker.distribution.manifest.v1+prettyjws',
  dockerConfig: 'application/vnd.docker.container.image.v1+json',
  dockerLayer: 'application/vnd.docker.image.rootfs.diff.tar',
  dockerLayerGzip: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
  ociLayer: 'application/vnd.oci.image.layer.v1.tar',
} as const;
