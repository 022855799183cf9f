import type { ApiErrorCode } from '../apiError.js';

/**
 * Why a request could not be authenticated. A closed set: the HTTP edge maps each one to a
 * status (see {@link AuthError.apiErrorCode}) and the log can count them.
 */
export type AuthErrorReason =
  | 'missing-token'
  | 'malformed-token'
  | 'bad-signature'
  | 'expired'
  | 'not-yet-valid'
  | 'wrong-audience'
  | 'wrong-issuer'
  | 'tenant-not-allowed'
  | 'missing-scope'
  | 'jwks-unavailable'
  /** Development sign-in or an unsigned bot activity addressed to a Host that is not a loopback name (DNS rebinding). */
  | 'not-loopback-host';

/** The sentence used when the caller gives none. Never contains the token. */
const DEFAULT_MESSAGE: Readonly<Record<AuthErrorReason, string>> = {
  'missing-token': 'No sign-in token was sent: expected an "Authorization: Bearer <token>" header.',
  'malformed-token': 'The sign-in token is not a well-formed Microsoft Entra access token.',
  'bad-signature': 'The sign-in token is not signed by a Microsoft Entra key this server trusts.',
  expired: 'The sign-in token has expired; Teams fetches a fresh one when the tab asks again.',
  'not-yet-valid': 'The sign-in token is not valid yet; check the clock of this server.',
  'wrong-audience': 'The sign-in token was issued for another application, not for this one.',
  'wrong-issuer': 'The sign-in token was not issued by Microsoft Entra for the tenant it names.',
  'tenant-not-allowed': 'Your organisation is not allowed to use this app.',
  'missing-scope': 'The sign-in token does not grant this app the access_as_user scope.',
  'jwks-unavailable': "Microsoft Entra's signing keys could not be fetched, so the token cannot be checked right now.",
  'not-loopback-host': 'Development requests are only answered when addressed to a loopback host (127.0.0.1, [::1] or localhost).',
};

/**
 * Missing or unusable credentials are 401 (the client should get a new token); a good token
 * for a tenant or scope we refuse is 403 (a new token will not help); key-set outages are ours,
 * 503, so the tab retries instead of signing the user out.
 */
const API_CODE: Readonly<Record<AuthErrorReason, ApiErrorCode>> = {
  'missing-token': 'unauthenticated',
  'malformed-token': 'unauthenticated',
  'bad-signature': 'unauthenticated',
  expired: 'unauthenticated',
  'not-yet-valid': 'unauthenticated',
  'wrong-audience': 'unauthenticated',
  'wrong-issuer': 'unauthenticated',
  'tenant-not-allowed': 'forbidden',
  'missing-scope': 'forbidden',
  'jwks-unavailable': 'not-ready',
  'not-loopback-host': 'forbidden',
};

/**
 * A request that could not be authenticated. The message says what is wrong in words and
 * never echoes the token (it is a bearer credential: whoever reads it from a log can replay it).
 * The underlying library error, if any, is kept as `cause` for the server log.
 */
export class AuthError extends Error {
  override readonly name = 'AuthError';

  constructor(
    readonly reason: AuthErrorReason,
    message: string = DEFAULT_MESSAGE[reason],
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  /** The code of the HTTP edge's `ApiError` this failure becomes. */
  get apiErrorCode(): ApiErrorCode {
    return API_CODE[this.reason];
  }
}
