// Image references normalised as dockerd's ParseNormalizedNamed does (`busybox` is
// `docker.io/library/busybox`), with its error texts, which the docker CLI prints unchanged.
import { InvalidParameterError } from '../base/errors.js';
import { validateDigest } from './digest.js';
import { DOMAIN, IDENTIFIER, NAME_TOTAL_LENGTH_MAX, REFERENCE, TAG } from './grammar.js';

export interface ImageReference {
  /** `docker.io`, `127.0.0.1:5000`, `localhost`, … */
  domain: string;
  /** Repository path inside the registry: `library/busybox`. */
  path: string;
  tag?: string;
  digest?: string;
}

export const DEFAULT_DOMAIN = 'docker.io';
const LEGACY_DEFAULT_DOMAIN = 'index.docker.io';
const OFFICIAL_REPO_PREFIX = 'library/';
export const DEFAULT_TAG = 'latest';

/** The first component is a registry only if it looks like a host; else the name is on Docker Hub. */
function splitDockerDomain(name: string): [domain: string, remainder: string] {
  const slash = name.indexOf('/');
  const first = name.slice(0, slash);
  let domain = DEFAULT_DOMAIN;
  let remainder = name;
  if (slash >= 0 && (/[.:]/.test(first) || first === 'localhost' || first.toLowerCase() !== first)) {
    domain = first === LEGACY_DEFAULT_DOMAIN ? DEFAULT_DOMAIN : first;
    remainder = name.slice(slash + 1);
  }
  if (domain === DEFAULT_DOMAIN && !remainder.includes('/')) remainder = OFFICIAL_REPO_PREFIX + remainder;
  return [domain, remainder];
}

/** A reference as written, without adding a tag: `name@digest` stays digest-only and `name` stays bare. */
export function parseNamed(s: string): ImageReference {
  if (IDENTIFIER.test(s)) {
    throw new InvalidParameterError(`invalid repository name (${s}), cannot specify 64-byte hexadecimal strings`);
  }
  const [domain, remainder] = splitDockerDomain(s);
  const colon = remainder.indexOf(':');
  const remoteName = colon >= 0 ? remainder.slice(0, colon) : remainder;
  if (remoteName.toLowerCase() !== remoteName) {
    throw new InvalidParameterError('invalid reference format: repository name must be lowercase');
  }
  const match = REFERENCE.exec(`${domain}/${remainder}`);
  const [, name, tag, digest] = match ?? [];
  if (name === undefined || !DOMAIN.test(domain)) throw new InvalidParameterError('invalid reference format');
  if (name.length > NAME_TOTAL_LENGTH_MAX) {
    throw new InvalidParameterError(`repository name must not be more than ${NAME_TOTAL_LENGTH_MAX} characters`);
  }
  if (digest !== undefined) validateDigest(digest);
  return {
    domain,
    path: name.slice(domain.length + 1),
    ...(tag !== undefined ? { tag } : {}),
    ...(digest !== undefined ? { digest } : {}),
  };
}

/** A reference to pull or look up: `latest` is implied when neither tag nor digest is given. */
export function parseReference(s: string): ImageReference {
  const ref = parseNamed(s);
  return ref.tag === undefined && ref.digest === undefined ? { ...ref, tag: DEFAULT_TAG } : ref;
}

/** `busybox`, `user/app`, `127.0.0.1:5000/library/busybox`: the name as docker prints it. */
export function familiarName(ref: ImageReference): string {
  if (ref.domain !== DEFAULT_DOMAIN) return `${ref.domain}/${ref.path}`;
  const official = ref.path.startsWith(OFFICIAL_REPO_PREFIX) && ref.path.indexOf('/', OFFICIAL_REPO_PREFIX.length) < 0;
  return official ? ref.path.slice(OFFICIAL_REPO_PREFIX.length) : ref.path;
}

function suffix(ref: ImageReference): string {
  return (ref.tag !== undefined ? `:${ref.tag}` : '') + (ref.digest !== undefined ? `@${ref.digest}` : '');
}

/** `busybox:latest`, `user/app:1`, `busybox@sha256:…`. */
export function familiarString(ref: ImageReference): string {
  return familiarName(ref) + suffix(ref);
}

/** `docker.io/library/busybox`, as in "The push refers to repository [...]". */
export function fullName(ref: ImageReference): string {
  return `${ref.domain}/${ref.path}`;
}

/** `docker.io/library/busybox:latest`: distribution's String() of a reference. */
export function fullString(ref: ImageReference): string {
  return fullName(ref) + suffix(ref);
}

/** The reference with `tag` in place of its tag; a digest stays, as distribution's WithTag keeps it. */
export function withTag(ref: ImageReference, tag: string): ImageReference {
  if (!TAG.test(tag)) throw new InvalidParameterError('invalid tag format');
  return { ...ref, tag };
}

/** The reference pinned to `digest`; a tag stays, as distribution's WithDigest keeps it. */
export function withDigest(ref: ImageReference, digest: string): ImageReference {
  validateDigest(digest);
  return { ...ref, digest };
}
