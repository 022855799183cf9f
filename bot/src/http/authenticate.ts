import type { IncomingMessage } from 'node:http';
import type { User } from '@cgm/core';
import { normalizeSip } from '@cgm/core';
import type { Queryable } from '../store/database.js';
import { createTenantStore } from '../store/tenantStore.js';
import type { Principal } from '../services/principal.js';
import { ApiError } from './apiError.js';
import { AuthError } from './auth/authError.js';
import { readDevUser } from './auth/devSignIn.js';
import type { TeamsTokenVerifier } from './auth/teamsTokenVerifier.js';

/** Turns a request into the signed-in user, or throws a 401/403 ApiError. */
export type Authenticate = (request: IncomingMessage) => Promise<Principal>;

/** Who approves: UPNs (development and small tenants) or members of an Entra group (the token's `groups` claim). */
export interface ApproverRule {
  readonly upns: readonly string[];
  readonly groupId?: string | undefined;
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

function cachedUsers(db: Queryable): (ref: string) => Promise<User | undefined> {
  const cache = new Map<string, { user: User | undefined; until: number }>();
  return async (ref) => {
    const key = ref.toLowerCase();
    const hit = cache.get(key);
    const now = Date.now();
    if (hit && hit.until > now) return hit.user;
    const user = await createTenantStore(db).userByRef(ref);
    if (cache.size >= USER_CACHE_MAX) cache.clear();
    cache.set(key, { user, until: now + USER_CACHE_MS });
    return user;
  };
}

async function principalFor(findUser: (ref: string) => Promise<User | undefined>, ref: string, approvers: ApproverRule, groups: readonly string[] = []): Promise<Principal> {
  const user = await findUser(ref);
  if (!user) throw new ApiError('forbidden', `${ref} is not a user of this tenant's Teams Phone directory.`);
  const upn = user.UserPrincipalName.toLowerCase();
  return {
    tenantId: '',
    objectId: user.Identity,
    sip: normalizeSip(user.SipAddress),
    upn,
    displayName: user.DisplayName,
    isApprover: approvers.upns.includes(upn) || (approvers.groupId !== undefined && groups.includes(approvers.groupId.toLowerCase())),
    user,
  };
}

/**
 * Development sign-in: the `X-Dev-User: <upn>` header names the user. The composition
 * root wires this only after devSignInAllowed() agreed (AUTH_MODE=dev, loopback, not production).
 */
export function devAuthenticate(db: Queryable, approvers: ApproverRule): Authenticate {
  const findUser = cachedUsers(db);
  return async (request) => {
    const header = request.headers['x-dev-user'];
    const upn = readDevUser(typeof header === 'string' ? header : undefined);
    if (upn instanceof AuthError) toApiError(upn);
    return principalFor(findUser, upn, approvers);
  };
}

/** Teams SSO: a validated bearer token; the user is keyed by tenant id and object id. */
export function entraAuthenticate(db: Queryable, verifier: TeamsTokenVerifier, approvers: ApproverRule): Authenticate {
  const findUser = cachedUsers(db);
  return async (request) => {
    const header = request.headers.authorization;
    const identity = await verifier.verify(typeof header === 'string' ? header : undefined).catch(toApiError);
    const principal = await principalFor(findUser, identity.objectId, approvers, identity.groups);
    return { ...principal, tenantId: identity.tenantId };
  };
}
