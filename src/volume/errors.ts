// The texts dockerd's volume store answers with (daemon/volume/service/errors.go wraps each in an
// OpErr "<op> <name>: <cause>"); clients and scripts match them.
import { ConflictError, InvalidParameterError, NotFoundError } from '../base/errors.js';

export function noSuchVolume(name: string): NotFoundError {
  return new NotFoundError(`get ${name}: no such volume`);
}

export function volumeInUse(name: string, refs: readonly string[]): ConflictError {
  return new ConflictError(`remove ${name}: volume is in use - [${refs.join(', ')}]`);
}

/** Any driver but `local`: burrow has no volume plugins, so the lookup fails as dockerd's does for a missing plugin. */
export function pluginNotFound(name: string, driver: string): NotFoundError {
  return new NotFoundError(`create ${name}: error looking up volume plugin ${driver}: plugin "${driver}" not found`);
}

export function invalidCreate(name: string, why: string): InvalidParameterError {
  return new InvalidParameterError(`create ${name}: ${why}`);
}

export function pruneRunning(): ConflictError {
  return new ConflictError('a prune operation is already running');
}
