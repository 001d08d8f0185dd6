// The only place that turns an error into an HTTP status, as moby's httpstatus.FromError does: the
// first classed error along the `.cause` chain decides; anything unclassed is a 500.
//
// Are you sure you need a new kind? Does one of the existing ones work?
import { classOf, type ErrorKind } from '../base/errors.js';

const STATUS_BY_KIND: Record<ErrorKind, number> = {
  'invalid-parameter': 400,
  unauthorized: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  'not-modified': 304,
  'not-implemented': 501,
  unavailable: 503,
  system: 500,
};

export function statusFromError(err: unknown): number {
  const classed = classOf(err);
  return classed ? STATUS_BY_KIND[classed.kind] : 500;
}
