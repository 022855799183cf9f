import { createRemoteJWKSet, decodeProtectedHeader, errors, jwtVerify } from 'jose';
import type { JWTPayload, JWTVerifyGetKey } from 'jose';
import { AuthError } from './authError.js';

/**
 * Verifies the Teams tab SSO token (the access token `getAuthToken()` returns) that the tab
 * sends as `Authorization: Bearer <token>`.
 *
 * What the token looks like and what to check comes from:
 * - Teams, "Add code to enable SSO" (tabs/how-to/authentication/tab-sso-code): the server must
 *   validate the token; it is issued by Microsoft Entra, `aud` is the app's registration,
 *   `scp` is `access_as_user`; `oid` and `tid` identify the user and their tenant.
 * - Teams, "Register your tab app with Microsoft Entra ID" (tab-sso-register-aad): the
 *   Application ID URI is `api://fully-qualified-domain-name/{client id}` and the exposed
 *   scope is `access_as_user`.
 * - Microsoft identity platform, "Access token claims reference": in v2.0 tokens `aud` is the
 *   client id, in v1.0 tokens it may be the client id or the Application ID URI; `iss` names the
 *   tenant and ends in `/v2.0` for v2.0 tokens (v1.0: `https://sts.windows.net/{tid}/`);
 *   `scp` is space-separated; `oid` is the immutable user id, different in every tenant, so the
 *   user key is the pair (tid, oid); `preferred_username` and `name` are mutable display values.
 */

/** Microsoft Entra's multi-tenant key set; it holds the keys that sign every tenant's tokens. */
export const DEFAULT_ENTRA_JWKS_URL = 'https://login.microsoftonline.com/common/discovery/v2.0/keys';

/** The delegated scope the tab's app registration exposes (Teams tab SSO registration). */
export const REQUIRED_SCOPE = 'access_as_user';

export interface TeamsTokenVerifierOptions {
  /** The Entra app registration's client id (a GUID): the `aud` of v2.0 tokens. */
  readonly clientId: string;
  /** `api://{host}/{clientId}`, as in the manifest's `webApplicationInfo.resource`: the `aud` v1.0 tokens may carry. */
  readonly applicationIdUri: string;
  /** Tenant ids (GUIDs) whose users may sign in. Non-empty; no `*`, `common` or `organizations`: this is a single-tenant app. */
  readonly allowedTenantIds: readonly string[];
  /** Where the signing keys are published. Default {@link DEFAULT_ENTRA_JWKS_URL}; tests point it at a local server. */
  readonly jwksUrl?: string;
  /** Clock skew accepted on `exp` and `nbf`, in seconds. Default 60. */
  readonly clockToleranceSeconds?: number;
  /** The current time. Default: the system clock. */
  readonly now?: () => Date;
  /** Abort a key-set fetch after this many milliseconds. Default 3000: a request must not hang on Entra. */
  readonly jwksTimeoutMs?: number;
  /** After a fetch, a token naming an unknown key does not refetch for this long. Default 30000 (jose's). */
  readonly jwksCooldownMs?: number;
}

/** Who signed in, read from a verified token. */
export interface VerifiedIdentity {
  /** `tid`, lower-cased: the user's tenant, one of the allowed ones. */
  readonly tenantId: string;
  /** `oid`: the user's immutable object id in that tenant. With `tenantId`, the user key. */
  readonly objectId: string;
  /** `upn`, else `preferred_username`: mutable, for display and matching an approver list, never a key. */
  readonly upn?: string;
  /** `name`: the display name, mutable. */
  readonly name?: string;
  /** The delegated scopes granted (`scp`), always including {@link REQUIRED_SCOPE}. */
  readonly scopes: readonly string[];
  /** Entra group ids (`groups`), present when the app registration emits group claims; APPROVER_GROUP_ID is matched against it. */
  readonly groups: readonly string[];
}

export interface TeamsTokenVerifier {
  /** Verify an `Authorization` header value; throws an `AuthError` saying why it is refused. */
  verify(authorizationHeader: string | undefined): Promise<VerifiedIdentity>;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Three base64url parts; the third may be empty so an unsigned (`alg: none`) token gets a precise reason. */
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;
/** Entra tokens with many claims stay well under this; anything longer is not one of them. */
const MAX_TOKEN_LENGTH = 16_384;

/**
 * Build a verifier. Throws a TypeError at startup when the options cannot describe a
 * single-tenant Entra app (a configuration bug, not a request problem).
 */
export function createTeamsTokenVerifier(options: TeamsTokenVerifierOptions): TeamsTokenVerifier {
  const allowedTenants = checkOptions(options);
  const keys = keySetOrUnavailable(
    createRemoteJWKSet(new URL(options.jwksUrl ?? DEFAULT_ENTRA_JWKS_URL), {
      timeoutDuration: options.jwksTimeoutMs ?? 3_000,
      cooldownDuration: options.jwksCooldownMs ?? 30_000,
    }),
  );
  const audience = [options.clientId, options.applicationIdUri];
  const clockTolerance = options.clockToleranceSeconds ?? 60;
  const now = options.now ?? (() => new Date());

  return {
    async verify(authorizationHeader) {
      const token = readBearerToken(authorizationHeader);
      checkHeader(token);
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, keys, {
          algorithms: ['RS256'],
          audience,
          clockTolerance,
          currentDate: now(),
          requiredClaims: ['exp', 'iss', 'tid', 'oid'],
        }));
      } catch (error) {
        throw toAuthError(error);
      }
      return identityOf(payload, allowedTenants);
    },
  };
}

/** One wrong verifier option, named as the option. */
export interface EntraOptionProblem {
  readonly option: 'clientId' | 'applicationIdUri' | 'allowedTenantIds';
  readonly message: string;
}

/**
 * Every option that cannot describe a single-tenant Entra app, all at once (the configuration
 * names each wrong variable from this list, so a deployment is fixed in one round).
 */
export function entraOptionProblems(options: Pick<TeamsTokenVerifierOptions, 'clientId' | 'applicationIdUri' | 'allowedTenantIds'>): EntraOptionProblem[] {
  const problems: EntraOptionProblem[] = [];
  if (!GUID.test(options.clientId)) problems.push({ option: 'clientId', message: "must be the app registration's client id (a GUID)" });
  if (!options.applicationIdUri.startsWith('api://')) problems.push({ option: 'applicationIdUri', message: 'must look like api://{host}/{clientId}' });
  if (options.allowedTenantIds.length === 0) problems.push({ option: 'allowedTenantIds', message: 'must name at least one tenant' });
  // `*`, `common` or `organizations` would let any Entra tenant in; this app is single-tenant.
  const notGuids = options.allowedTenantIds.filter((tenantId) => !GUID.test(tenantId));
  if (notGuids.length > 0) problems.push({ option: 'allowedTenantIds', message: `must be tenant ids (GUIDs); ${notGuids.map((id) => JSON.stringify(id)).join(', ')} ${notGuids.length === 1 ? 'is' : 'are'} not` });
  return problems;
}

function checkOptions(options: TeamsTokenVerifierOptions): ReadonlySet<string> {
  const problems = entraOptionProblems(options);
  if (problems.length > 0) throw new TypeError(problems.map((problem) => `${problem.option} ${problem.message}.`).join(' '));
  return new Set(options.allowedTenantIds.map((tenantId) => tenantId.toLowerCase()));
}

function readBearerToken(header: string | undefined): string {
  const value = header?.trim() ?? '';
  if (value === '') throw new AuthError('missing-token');
  const match = /^Bearer(?: +(.*))?$/i.exec(value);
  if (!match?.[1]) throw new AuthError('missing-token', 'The Authorization header is not "Bearer <token>".');
  const token = match[1];
  if (token.length > MAX_TOKEN_LENGTH || !COMPACT_JWS.test(token)) throw new AuthError('malformed-token');
  return token;
}

/** Refuse before any key lookup what Entra never issues: other algorithms (`none`, HS256 with a guessed secret) or no key id. */
function checkHeader(token: string): void {
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(token);
  } catch (error) {
    throw new AuthError('malformed-token', undefined, { cause: error });
  }
  if (header.alg !== 'RS256') {
    throw new AuthError('bad-signature', 'The sign-in token is not signed with RS256, the only algorithm Microsoft Entra uses for these tokens.');
  }
  if (typeof header.kid !== 'string' || header.kid === '') throw new AuthError('malformed-token', 'The sign-in token does not name its signing key (kid).');
}

/**
 * Wrap jose's remote key set (it caches keys and refetches on an unknown `kid`, at most once per
 * cooldown) so that a key set we cannot fetch or read is `jwks-unavailable`, while a key the set
 * does not hold stays jose's error and becomes `bad-signature`.
 */
function keySetOrUnavailable(remote: JWTVerifyGetKey): JWTVerifyGetKey {
  return async (header, token) => {
    try {
      return await remote(header, token);
    } catch (error) {
      if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) throw error;
      throw new AuthError('jwks-unavailable', undefined, { cause: error });
    }
  };
}

/** Map jose's errors onto our reasons; anything else is a bug and is rethrown as is. */
function toAuthError(error: unknown): unknown {
  if (error instanceof AuthError) return error;
  const options = { cause: error };
  if (error instanceof errors.JWTExpired) return new AuthError('expired', undefined, options);
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'nbf') return new AuthError('not-yet-valid', undefined, options);
    if (error.claim === 'aud') return new AuthError('wrong-audience', undefined, options);
    if (error.claim === 'iss') return new AuthError('wrong-issuer', undefined, options);
    return new AuthError('malformed-token', `The sign-in token's "${error.claim}" claim is missing or invalid.`, options);
  }
  if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) {
    return new AuthError('bad-signature', 'The sign-in token names a signing key that Microsoft Entra does not publish.', options);
  }
  if (error instanceof errors.JWSSignatureVerificationFailed || error instanceof errors.JOSEAlgNotAllowed) {
    return new AuthError('bad-signature', undefined, options);
  }
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid || error instanceof errors.JOSENotSupported) {
    return new AuthError('malformed-token', undefined, options);
  }
  return error;
}

/** The checks jose cannot express: issuer bound to the token's own tenant, the tenant allow-list, the scope. */
function identityOf(payload: JWTPayload, allowedTenants: ReadonlySet<string>): VerifiedIdentity {
  const { tid, oid, iss } = payload;
  if (typeof tid !== 'string' || !GUID.test(tid)) throw new AuthError('malformed-token', 'The sign-in token\'s tenant id (tid) is not a GUID.');
  if (typeof oid !== 'string' || oid === '') throw new AuthError('malformed-token', 'The sign-in token has no user object id (oid).');
  // Exactly Entra's v2.0 or v1.0 issuer for the token's own tenant: a token whose `iss` names
  // another tenant or host than its `tid` was not issued the way Entra issues tokens.
  if (iss !== `https://login.microsoftonline.com/${tid}/v2.0` && iss !== `https://sts.windows.net/${tid}/`) {
    throw new AuthError('wrong-issuer');
  }
  const tenantId = tid.toLowerCase();
  if (!allowedTenants.has(tenantId)) {
    throw new AuthError('tenant-not-allowed', `Your organisation (tenant ${tenantId}) is not allowed to use this app.`);
  }
  const scopes = typeof payload['scp'] === 'string' ? payload['scp'].split(' ').filter((scope) => scope !== '') : [];
  // App-only tokens carry `roles`, not `scp`: only a user's delegated token may call the tab API.
  if (!scopes.includes(REQUIRED_SCOPE)) throw new AuthError('missing-scope');
  const upn = stringClaim(payload, 'upn') ?? stringClaim(payload, 'preferred_username');
  const name = stringClaim(payload, 'name');
  const groupsClaim = payload['groups'];
  const groups = Array.isArray(groupsClaim) ? groupsClaim.filter((group): group is string => typeof group === 'string').map((group) => group.toLowerCase()) : [];
  return { tenantId, objectId: oid, ...(upn === undefined ? {} : { upn }), ...(name === undefined ? {} : { name }), scopes, groups };
}

function stringClaim(payload: JWTPayload, claim: string): string | undefined {
  const value = payload[claim];
  return typeof value === 'string' && value !== '' ? value : undefined;
}
