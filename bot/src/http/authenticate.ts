import type { IncomingMessage } from 'node:http';
import type { User } from '@cgm/core';
import type { ApproverService } from '../services/approvers.js';
import type { Principal } from '../services/principal.js';
import { principalOf } from '../services/principal.js';
import { ApiError } from './apiError.js';
import { AuthError } from './auth/authError.js';
import { devRequestRefusal, readDevUser } from './auth/devSignIn.js';
import type { TeamsTokenVerifier } from './auth/teamsTokenVerifier.js';

/**
 * Turns a request into the signed-in user, or throws a 401/403 ApiError. `withUserRead` signs in
 * with a user record the caller reads itself, in the statement that also reads the route's data
 * (GET /api/me does), which saves the sign-in query.
 */
export interface Authenticate {
  (request: IncomingMessage): Promise<Principal>;
  withUserRead<TValue>(request: IncomingMessage, read: UserRead<TValue>): Promise<{ readonly principal: Principal; readonly value: TValue }>;
}

/** Read the user `ref` names (a SIP URI, UPN or object id, with userByRef's rules) and a route's data with it; undefined for nobody. */
export type UserRead<TValue> = (ref: string) => Promise<{ readonly user: User; readonly value: TValue } | undefined>;

/** Who a request says it is, before the user record is read. */
interface Identity {
  /** The user reference: the development UPN, or the token's object id. */
  readonly ref: string;
  readonly tenantId: string;
  /** Entra group ids from the token's `groups` claim, lower case; none in development. */
  readonly groups: readonly string[];
}

/** The directory read sign-in needs: a user by object id, UPN or SIP address. */
export interface UserLookup {
  userByRef(ref: string): Promise<User | undefined>;
}

function toApiError(error: unknown): never {
  if (error instanceof AuthError) throw new ApiError(error.apiErrorCode, error.message, [], { cause: error });
  throw error;
}

/**
 * Every API call needs the caller's user record; a short-lived cache saves that query on
 * the hot path. A user removed from the tenant by sync keeps access for at most this long.
 */
const USER_CACHE_MS = 15_000;
const USER_CACHE_MAX = 10_000;

function userCache() {
  const cache = new Map<string, { user: User | undefined; until: number }>();
  return {
    get(ref: string): { user: User | undefined } | undefined {
      const hit = cache.get(ref.toLowerCase());
      return hit && hit.until > Date.now() ? hit : undefined;
    },
    set(ref: string, user: User | undefined): void {
      if (cache.size >= USER_CACHE_MAX) cache.clear();
      cache.set(ref.toLowerCase(), { user, until: Date.now() + USER_CACHE_MS });
    },
  };
}

/** The sign-in steps both modes share: identify the caller, find their user record, apply the approver rule. */
function authenticator(people: UserLookup, approvers: ApproverService, identify: (request: IncomingMessage) => Promise<Identity>): Authenticate {
  const cache = userCache();
  const principalFor = async (identity: Identity, user: User | undefined): Promise<Principal> => {
    if (!user) throw new ApiError('forbidden', `${identity.ref} is not a user of this tenant's Teams Phone directory.`);
    const approver = await approvers.isApprover(user, { groups: identity.groups });
    return principalOf(user, identity.tenantId, () => approver);
  };
  const authenticate: Authenticate = async (request) => {
    const identity = await identify(request);
    const cached = cache.get(identity.ref);
    if (cached) return principalFor(identity, cached.user);
    const user = await people.userByRef(identity.ref);
    cache.set(identity.ref, user);
    return principalFor(identity, user);
  };
  authenticate.withUserRead = async (request, read) => {
    const identity = await identify(request);
    const found = await read(identity.ref);
    cache.set(identity.ref, found?.user);
    // principalFor throws the 403 when the reference names nobody.
    return { principal: await principalFor(identity, found?.user), value: found?.value as NonNullable<typeof found>['value'] };
  };
  return authenticate;
}

/**
 * Development sign-in: the `X-Dev-User: <upn>` header names the user. The composition
 * root wires this only after devSignInAllowed() agreed (AUTH_MODE=dev, loopback, not production);
 * each request must also be addressed to a loopback Host (403 otherwise: DNS rebinding).
 */
export function devAuthenticate(people: UserLookup, approvers: ApproverService): Authenticate {
  return authenticator(people, approvers, async (request) => {
    const refusal = devRequestRefusal(request);
    if (refusal) toApiError(refusal);
    const header = request.headers['x-dev-user'];
    const upn = readDevUser(typeof header === 'string' ? header : undefined);
    if (upn instanceof AuthError) toApiError(upn);
    return { ref: upn, tenantId: '', groups: [] };
  });
}

/** Teams SSO: a validated bearer token; the user is keyed by tenant id and object id. */
export function entraAuthenticate(people: UserLookup, verifier: TeamsTokenVerifier, approvers: ApproverService): Authenticate {
  return authenticator(people, approvers, async (request) => {
    const header = request.headers.authorization;
    const identity = await verifier.verify(typeof header === 'string' ? header : undefined).catch(toApiError);
    return { ref: identity.objectId, tenantId: identity.tenantId, groups: identity.groups };
  });
}
