// The `/v{version:[0-9.]+}` prefix and its bounds, with moby's texts. Versions compare numerically
// per dot-separated component (1.9 < 1.24), missing components counting as 0, as moby's
// api/types/versions does.
import { InvalidParameterError } from '../base/errors.js';
import type { EngineRelease } from '../system/index.js';

export function compareVersions(a: string, b: string): number {
  const left = a.split('.');
  const right = b.split('.');
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const diff = component(left[i]) - component(right[i]);
    if (diff !== 0) return Math.sign(diff);
  }
  return 0;
}

function component(part: string | undefined): number {
  // Go's strconv.Atoi failing leaves 0; keep that for garbage such as "1..2".
  const n = Number.parseInt(part ?? '', 10);
  return Number.isNaN(n) ? 0 : n;
}

const VERSION_PREFIX = /^\/v([0-9.]+)(\/.*)$/;

/** Splits `/v1.41/containers/json` into `1.41` and `/containers/json`; unversioned paths pass through. */
export function splitVersionPrefix(path: string): { version: string | undefined; path: string } {
  const m = VERSION_PREFIX.exec(path);
  return m?.[1] && m[2] ? { version: m[1], path: m[2] } : { version: undefined, path };
}

/** The API version a request is served at: the one it asked for, else the newest we speak. */
export function negotiateApiVersion(requested: string | undefined, release: EngineRelease): string {
  if (requested === undefined) return release.apiVersion;
  if (compareVersions(requested, release.apiVersion) > 0) {
    throw new InvalidParameterError(
      `client version ${requested} is too new. Maximum supported API version is ${release.apiVersion}`,
      { code: 'BURROW_API_VERSION_TOO_NEW' },
    );
  }
  if (compareVersions(requested, release.minApiVersion) < 0) {
    throw new InvalidParameterError(
      `client version ${requested} is too old. Minimum supported API version is ${release.minApiVersion}, please upgrade your client to a newer version`,
      { code: 'BURROW_API_VERSION_TOO_OLD' },
    );
  }
  return requested;
}
