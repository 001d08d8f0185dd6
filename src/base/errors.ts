// Error classes decide the HTTP status in exactly one place (api/http-status.ts); domain code only
// throws. `message` is the exact text a Docker client would see; `hint` carries the fix for humans.

export type ErrorKind =
  | 'invalid-parameter'
  | 'not-found'
  | 'conflict'
  | 'not-modified'
  | 'unauthorized'
  | 'forbidden'
  | 'unavailable'
  | 'not-implemented'
  | 'system';

export interface BurrowErrorOptions {
  code?: string;
  hint?: string;
  cause?: unknown;
}

export abstract class BurrowError extends Error {
  abstract readonly kind: ErrorKind;
  readonly code: string;
  readonly hint: string | undefined;

  constructor(message: string, options: BurrowErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = options.code ?? 'BURROW_ERROR';
    this.hint = options.hint;
  }
}

export class InvalidParameterError extends BurrowError {
  readonly kind = 'invalid-parameter';
}
export class NotFoundError extends BurrowError {
  readonly kind = 'not-found';
}
export class ConflictError extends BurrowError {
  readonly kind = 'conflict';
}
export class NotModifiedError extends BurrowError {
  readonly kind = 'not-modified';
}
export class UnauthorizedError extends BurrowError {
  readonly kind = 'unauthorized';
}
export class ForbiddenError extends BurrowError {
  readonly kind = 'forbidden';
}
export class UnavailableError extends BurrowError {
  readonly kind = 'unavailable';
}
export class NotImplementedError extends BurrowError {
  readonly kind = 'not-implemented';
}
export class SystemError extends BurrowError {
  readonly kind = 'system';
}

/** A host prerequisite is missing or misconfigured; always says how to fix it. */
export class HostSetupError extends BurrowError {
  readonly kind = 'system';
  declare readonly hint: string;
  constructor(message: string, { hint, ...rest }: BurrowErrorOptions & { hint: string }) {
    super(message, { ...rest, hint });
  }
}

/** The first classed error along the cause chain, as moby's FromError walks it. */
export function classOf(err: unknown): BurrowError | undefined {
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 16; e = e.cause, depth++) {
    if (e instanceof BurrowError) return e;
  }
  return undefined;
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Node's system errors carry `code` (ENOENT, EACCES, ...). */
export function errnoCode(err: unknown): string | undefined {
  if (typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string') {
    return err.code;
  }
  return undefined;
}
