import { describe, expect, it } from 'vitest';
import { AuthError } from './authError.js';

describe('AuthError', () => {
  it('keeps its reason, a sentence for people and the cause', () => {
    const cause = new Error('jose: "exp" claim timestamp check failed');
    const error = new AuthError('expired', undefined, { cause });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('AuthError');
    expect(error.reason).toBe('expired');
    expect(error.message).toMatchInlineSnapshot(`"The sign-in token has expired; Teams fetches a fresh one when the tab asks again."`);
    expect(error.cause).toBe(cause);
  });

  it('uses a given message instead of the default one', () => {
    expect(new AuthError('malformed-token', 'X-Dev-User is too long.').message).toBe('X-Dev-User is too long.');
  });

  it.each([
    ['missing-token', 'unauthenticated'],
    ['bad-signature', 'unauthenticated'],
    ['expired', 'unauthenticated'],
    ['wrong-audience', 'unauthenticated'],
    ['tenant-not-allowed', 'forbidden'],
    ['missing-scope', 'forbidden'],
    ['jwks-unavailable', 'not-ready'],
  ] as const)('maps %s to the API error code %s', (reason, code) => {
    expect(new AuthError(reason).apiErrorCode).toBe(code);
  });
});
