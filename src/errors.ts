/**
 * Typed application errors. Each subclass only fixes an HTTP status and a stable code;
 * the node's error middleware turns them into RFC 9457 problem details. Domain modules
 * (engine, governance, hosting) throw these without knowing about HTTP.
 */
export interface FieldError {
  path: string;
  message: string;
}

export abstract class AppError extends Error {
  abstract readonly status: number;
  abstract readonly code: string;
  /** Field-level messages for validation problems. */
  readonly errors?: FieldError[];
  /** Extra response headers, such as Retry-After. */
  readonly headers: Record<string, string> = {};
  /** Extra members for the problem body. */
  readonly extensions: Record<string, unknown> = {};

  constructor(message: string, options?: { errors?: FieldError[]; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    if (options?.errors) this.errors = options.errors;
  }
}

export class ValidationError extends AppError {
  readonly status = 400;
  readonly code = "validation";
}

/** The body is not JSON at all. */
export class MalformedJsonError extends AppError {
  readonly status = 400;
  readonly code = "malformed-json";
}

export class UnsupportedMediaTypeError extends AppError {
  readonly status = 415;
  readonly code = "unsupported-media-type";
}

export class UnauthorizedError extends AppError {
  readonly status = 401;
  readonly code = "unauthorized";
}

export class ForbiddenError extends AppError {
  readonly status = 403;
  readonly code = "forbidden";
}

export class NotFoundError extends AppError {
  readonly status = 404;
  readonly code = "not-found";
}

export class ConflictError extends AppError {
  readonly status = 409;
  readonly code = "conflict";
}

export class PayloadTooLargeError extends AppError {
  readonly status = 413;
  readonly code = "payload-too-large";
}

export class TooManyRequestsError extends AppError {
  readonly status = 429;
  readonly code = "rate-limited";
  constructor(message: string, retryAfterSeconds: number) {
    super(message);
    this.headers["Retry-After"] = String(Math.max(1, Math.ceil(retryAfterSeconds)));
  }
}

/** The upstream (MCP server or peer) failed or closed the connection mid-call. */
export class UpstreamError extends AppError {
  readonly status = 502;
  readonly code = "upstream";
}

/** The upstream is known to be unavailable right now; retry later. */
export class UnavailableError extends AppError {
  readonly status = 503;
  readonly code = "unavailable";
  constructor(message: string, retryAfterSeconds: number, options?: { cause?: unknown }) {
    super(message, options);
    this.headers["Retry-After"] = String(Math.max(1, Math.ceil(retryAfterSeconds)));
  }
}

export class UpstreamTimeoutError extends AppError {
  readonly status = 504;
  readonly code = "upstream-timeout";
}

/** The caller went away (request closed, notifications/cancelled) before the call finished. */
export class CancelledError extends AppError {
  // 499: the nginx convention for "client closed request"; nobody is left to read it
  readonly status = 499;
  readonly code = "cancelled";
}

/** Is this error one of ours (safe to show to the client)? */
export function isAppError(err: unknown): err is AppError {
  return err instanceof AppError;
}

/** The node's storage is full (SQLITE_FULL, ENOSPC): nothing was written; retry once an operator freed space. */
export class InsufficientStorageError extends AppError {
  readonly status = 507;
  readonly code = "insufficient-storage";
  constructor(message: string, retryAfterSeconds = 60, options?: { cause?: unknown }) {
    super(message, options);
    this.headers["Retry-After"] = String(Math.max(1, Math.ceil(retryAfterSeconds)));
  }
}
