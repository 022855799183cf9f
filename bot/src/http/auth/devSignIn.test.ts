import { describe, expect, it } from 'vitest';
import { AuthError } from './authError.js';
import { MAX_DEV_USER_LENGTH, devSignInAllowed, readDevUser } from './devSignIn.js';

const dev = { authMode: 'dev', host: '127.0.0.1', nodeEnv: 'development' };

describe('devSignInAllowed', () => {
  it.each(['127.0.0.1', '127.0.0.5', '127.255.255.254', '::1', '[::1]', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1', 'localhost', 'LOCALHOST'])(
    'allows dev sign-in on the loopback address %s',
    (host) => {
      expect(devSignInAllowed({ ...dev, host })).toEqual({ allowed: true });
    },
  );

  it.each(['0.0.0.0', '::', '[::]', '10.0.0.5', '128.0.0.1', '126.255.255.255', '::2', 'cgm.contoso.com', 'localhost.contoso.com', '127.1', ''])(
    'refuses dev sign-in on %j, which is not a loopback address',
    (host) => {
      const decision = devSignInAllowed({ ...dev, host });
      expect(decision.allowed).toBe(false);
      if (!decision.allowed) expect(decision.reason).toContain('loopback');
    },
  );

  it.each(['production', 'Production', ' production '])('refuses dev sign-in when NODE_ENV is %j, even on loopback', (nodeEnv) => {
    expect(devSignInAllowed({ ...dev, nodeEnv })).toEqual({ allowed: false, reason: expect.stringContaining('NODE_ENV=production') });
  });

  it.each(['development', 'test', undefined])('allows dev sign-in when NODE_ENV is %j', (nodeEnv) => {
    expect(devSignInAllowed({ ...dev, nodeEnv })).toEqual({ allowed: true });
  });

  it('refuses dev sign-in when AUTH_MODE is entra', () => {
    expect(devSignInAllowed({ ...dev, authMode: 'entra' })).toEqual({ allowed: false, reason: expect.stringContaining('AUTH_MODE=dev') });
  });

  it('says how to fix a non-loopback host in words', () => {
    expect(devSignInAllowed({ ...dev, host: '0.0.0.0' })).toMatchInlineSnapshot(`
      {
        "allowed": false,
        "reason": "AUTH_MODE=dev is refused on HOST=0.0.0.0: anyone who can reach that address could sign in as anyone. Bind to a loopback address (127.0.0.1, ::1 or localhost), or set AUTH_MODE=entra.",
      }
    `);
  });
});

describe('readDevUser', () => {
  it('returns the UPN lower-cased', () => {
    expect(readDevUser('  Mila.Nikolova@Contoso.onmicrosoft.com ')).toBe('mila.nikolova@contoso.onmicrosoft.com');
  });

  it.each([undefined, '', '   '])('refuses a missing header (%j) as missing-token', (value) => {
    const result = readDevUser(value);
    expect(result).toBeInstanceOf(AuthError);
    expect((result as AuthError).reason).toBe('missing-token');
  });

  it(`accepts ${MAX_DEV_USER_LENGTH} characters and refuses ${MAX_DEV_USER_LENGTH + 1}`, () => {
    const domain = '@contoso.com';
    const atLimit = `${'a'.repeat(MAX_DEV_USER_LENGTH - domain.length)}${domain}`;
    expect(readDevUser(atLimit)).toBe(atLimit);
    const overLimit = readDevUser(`a${atLimit}`);
    expect(overLimit).toBeInstanceOf(AuthError);
    expect((overLimit as AuthError).reason).toBe('malformed-token');
  });

  it.each([
    ['a name without a domain', 'mila'],
    ['a domain without a dot', 'mila@contoso'],
    ['two @ signs', 'mila@evil@contoso.com'],
    ['a space inside', 'mila nikolova@contoso.com'],
    ['a newline (log injection)', 'mila@contoso.com\nadmin@contoso.com'],
    ['a NUL character', 'mila\u0000@contoso.com'],
    ['a right-to-left override', 'mila\u202e@contoso.com'],
    ['a zero-width space', 'mi\u200bla@contoso.com'],
  ])('refuses %s as malformed-token', (_label, value) => {
    const result = readDevUser(value);
    expect(result).toBeInstanceOf(AuthError);
    expect((result as AuthError).reason).toBe('malformed-token');
  });
});
