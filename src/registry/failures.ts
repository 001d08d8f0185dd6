// Registry answers turned into the errors dockerd gives the CLI. Pull errors follow moby's
// TranslatePullError: a missing or private repository and a missing tag are 404s with fixed texts.
import {
  ForbiddenError,
  NotFoundError,
  SystemError,
  UnauthorizedError,
  type BurrowError,
} from '../base/errors.js';
import { familiarName, familiarString, type ImageReference } from '../reference/index.js';
import type { RegistryError } from './registry-error.js';

const DENIED = 'denied: requested access to the resource is denied';

/** The status decides the class; the registry's own words are the message. */
export function registryFailure(failure: RegistryError): BurrowError {
  switch (failure.status) {
    case 401:
      return new UnauthorizedError(failure.text);
    case 403:
      return new ForbiddenError(failure.text);
    case 404:
      return new NotFoundError(failure.text);
    default:
      return new SystemError(failure.text);
  }
}

/**
 * A failed manifest request while pulling `ref`. Without credentials a 401/403 most likely means the
 * repository is private or does not exist, which Docker Hub words as "denied".
 */
export function pullFailure(failure: RegistryError, ref: ImageReference, anonymous: boolean): BurrowError {
  if (failure.code === 'DENIED' || (anonymous && (failure.status === 401 || failure.status === 403))) {
    const cause = failure.code === 'DENIED' ? failure.text : DENIED;
    return new NotFoundError(
      `pull access denied for ${familiarName(ref)}, repository does not exist or may require 'docker login': ${cause}`,
    );
  }
  if (failure.code === 'NAME_UNKNOWN') return new NotFoundError(`repository ${familiarName(ref)} not found: ${failure.text}`);
  if (failure.code === 'MANIFEST_UNKNOWN' || (failure.status === 404 && failure.code === undefined)) {
    const cause = failure.code === undefined ? 'manifest unknown: manifest unknown' : failure.text;
    return new NotFoundError(`manifest for ${familiarString(ref)} not found: ${cause}`);
  }
  return registryFailure(failure);
}
