// The whole vocabulary of expected failures. Anything else is a bug: the CLI prints the stack and
// exits 1, the server answers 500. Exit codes follow sysexits.h.

export class CrossdockError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly exitCode: number,
    readonly httpStatus: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The command line or request was malformed: fix the call. */
export class UsageError extends CrossdockError {
  constructor(message: string, code = 'CD_USAGE', options?: ErrorOptions) {
    super(code, message, 64, 400, options);
  }
}

/** Input data cannot be used (unknown report kind, unreadable file…). */
export class DataError extends CrossdockError {
  constructor(message: string, code = 'CD_DATA_INVALID', options?: ErrorOptions) {
    super(code, message, 65, 422, options);
  }
}

/** A resource does not exist (unknown dataset, listing…). */
export class NotFoundError extends CrossdockError {
  constructor(message: string, code = 'CD_NOT_FOUND', options?: ErrorOptions) {
    super(code, message, 66, 404, options);
  }
}

/** Transient: another process holds the database, a channel throttled us… rerun later. */
export class RetryLaterError extends CrossdockError {
  constructor(message: string, code = 'CD_RETRY_LATER', options?: ErrorOptions) {
    super(code, message, 75, 503, options);
  }
}

/** Ours, not the caller's: a SQL model failed to build (exit 70, EX_SOFTWARE; HTTP 500). */
export class InternalError extends CrossdockError {
  constructor(message: string, code = 'CD_INTERNAL', options?: ErrorOptions) {
    super(code, message, 70, 500, options);
  }
}

/** Missing token (401) or role (403). */
export class AuthError extends CrossdockError {
  constructor(message: string, readonly status: 401 | 403, code = status === 401 ? 'CD_AUTH_REQUIRED' : 'CD_AUTH_FORBIDDEN') {
    super(code, message, 77, status);
  }
}

/** The configuration is wrong: fix it, then rerun. */
export class ConfigError extends CrossdockError {
  constructor(message: string, code = 'CD_CONFIG_INVALID', options?: ErrorOptions) {
    super(code, message, 78, 400, options);
  }
}

/** A write would overwrite a change made since it was previewed. */
export class ConflictError extends CrossdockError {
  constructor(message: string, code = 'CD_CONFLICT', options?: ErrorOptions) {
    super(code, message, 65, 409, options);
  }
}

/** A conditional write (If-Match / If-None-Match) found the resource changed since it was read: HTTP 412. */
export class PreconditionFailedError extends CrossdockError {
  constructor(message: string, code = 'CD_PRECONDITION_FAILED', options?: ErrorOptions) {
    super(code, message, 65, 412, options);
  }
}

/** The request named a host this server does not answer to (DNS rebinding defence). */
export class MisdirectedRequestError extends CrossdockError {
  constructor(message: string, code = 'CD_HOST_UNKNOWN') {
    super(code, message, 77, 421);
  }
}

/** Too many attempts from one client: wait `retryAfterSeconds`, then retry (HTTP 429 with Retry-After). */
export class TooManyRequestsError extends CrossdockError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
    code = 'CD_RATE_LIMITED',
  ) {
    super(code, message, 75, 429);
  }
}
