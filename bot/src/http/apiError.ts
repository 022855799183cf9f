import type { Problem } from '@cgm/core';
import type { ServiceErrorCode } from '../services/serviceError.js';
import { ServiceError } from '../services/serviceError.js';

/**
 * The one error type of the HTTP edge. Every failure a client can see is one of these
 * codes, mapped to its status by one table, and rendered as
 * `{ "error": { "code", "message", "details" } }`. Anything else thrown is a bug and
 * becomes a 500 with no internals leaked.
 */
export type ApiErrorCode =
  /** A use case's refusal (ServiceError), passed through with its code. */
  | ServiceErrorCode
  | 'bad-request'
  | 'invalid-json'
  | 'validation-failed'
  | 'unauthenticated'
  | 'method-not-allowed'
  | 'request-timeout'
  | 'payload-too-large'
  | 'unsupported-media-type'
  | 'headers-too-large'
  | 'not-ready'
  | 'internal';

const STATUS: Readonly<Record<ApiErrorCode, number>> = {
  'bad-request': 400,
  'invalid-json': 400,
  'validation-failed': 400,
  unauthenticated: 401,
  forbidden: 403,
  'not-found': 404,
  'method-not-allowed': 405,
  'request-timeout': 408,
  conflict: 409,
  'payload-too-large': 413,
  'unsupported-media-type': 415,
  // Node refuses a request head over its limit (16 KB by default) before any route runs.
  'headers-too-large': 431,
  // A well-formed change that breaks a Teams rule (26 members, InOrder with six, ...).
  'rule-violation': 422,
  'not-ready': 503,
  internal: 500,
};

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly details: readonly Problem[] = [],
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  get status(): number {
    return STATUS[this.code];
  }

  toJSON(): { error: { code: ApiErrorCode; message: string; details: readonly Problem[] } } {
    return { error: { code: this.code, message: this.message, details: this.details } };
  }
}

/** The code for a status that has no more specific one (restify's and Node's own refusals). */
export function codeForStatus(status: number): ApiErrorCode {
  const found = (Object.keys(STATUS) as ApiErrorCode[]).find((code) => STATUS[code] === status && code !== 'invalid-json' && code !== 'validation-failed');
  if (found) return found;
  return status >= 500 ? 'internal' : 'bad-request';
}

/**
 * Anything thrown becomes an ApiError: a service's refusal keeps its code (STATUS gives it a
 * status); unknown errors are internal and keep their cause for the log.
 */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof ServiceError) return new ApiError(error.code, error.message, error.details, { cause: error });
  return new ApiError('internal', 'Something went wrong on our side. It has been logged; please try again.', [], { cause: error });
}
