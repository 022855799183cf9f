import type { TenantLookup } from '../model/lookup.js';
import type { CallingSettings, ResourceAccount, SharedCallingPolicy, User } from '../model/tenant.js';
import { normalizePhone, normalizeSip, policyKey, userRefKey } from '../model/identity.js';
import type { HealthContext } from './healthContext.js';
import { emergencyNumberKeys } from './sharedCallingHealth.js';
import { phoneKeyOf } from './userState.js';

/**
 * The reverse relations of a tenant built in one linear pass over any `TenantLookup`
 * (which must not change while the index is in use):
 * member → owners, emergency number → policies, number → holders. The full scan uses
 * it; the incremental graph keeps the same relations edit by edit.
 */
export function createRelationIndex(lookup: TenantLookup): HealthContext {
  // Each user's settings are read once (every rule asks for them); SIP URIs only on demand,
  // since a healthy user's never appears in a finding.
  const settingsByUser = new Map<User, CallingSettings>();
  for (const user of lookup.users()) settingsByUser.set(user, lookup.settingsOf(user));
  const sips = new Map<User, string>();
  let byId: Map<string, User> | undefined;
  const userByRef = memoizedResolver(lookup);
  const owners = indexOwners(userByRef, settingsByUser);
  const shared = new Map<string, SharedCallingPolicy>();
  for (const listed of lookup.sharedCallingPolicies()) {
    const key = policyKey(listed.Identity);
    const effective = lookup.sharedCallingPolicy(listed.Identity);
    if (effective && !shared.has(key)) shared.set(key, effective);
  }
  const listing = indexEmergencyNumbers(shared);
  // Holders are asked about emergency numbers only, so only those are indexed.
  const lines = new Map<string, User[]>();
  for (const user of settingsByUser.keys()) {
    const line = phoneKeyOf(user.LineUri);
    if (line !== null && listing.has(line)) push(lines, line, user);
  }
  const accountNumbers = new Map<string, ResourceAccount[]>();
  for (const account of lookup.resourceAccounts()) {
    const number = phoneKeyOf(account.PhoneNumber);
    if (number !== null) push(accountNumbers, number, account);
  }
  const sipOf = (user: User) => {
    let sip = sips.get(user);
    if (sip === undefined) sips.set(user, (sip = normalizeSip(user.SipAddress)));
    return sip;
  };

  return {
    tenantId: lookup.tenantId,
    users: () => lookup.users(),
    userByRef,
    settingsOf: (user) => settingsByUser.get(user) ?? lookup.settingsOf(user),
    callingPolicyOf: (user) => lookup.callingPolicyOf(user),
    voiceRoutingPolicy: (name) => lookup.voiceRoutingPolicy(name),
    emergencyRoutingPolicy: (name) => lookup.emergencyRoutingPolicy(name),
    sharedCallingPolicy: (name) => lookup.sharedCallingPolicy(name),
    sharedCallingPolicies: () => lookup.sharedCallingPolicies(),
    resourceAccount: (ref) => lookup.resourceAccount(ref),
    resourceAccounts: () => lookup.resourceAccounts(),
    phoneNumber: (number) => lookup.phoneNumber(number),
    phoneNumbers: () => lookup.phoneNumbers(),
    sipOf,
    userById: (id) => (byId ??= indexById(settingsByUser.keys())).get(userRefKey(id)),
    ownersOf: (member) => {
      const held = owners.get(member);
      return held === undefined ? [] : held instanceof Set ? [...held] : [held];
    },
    ownerCountOf: (member) => {
      const held = owners.get(member);
      return held === undefined ? 0 : held instanceof Set ? held.size : 1;
    },
    isTargetOf: (member, owner) => {
      const held = owners.get(member);
      return held instanceof Set ? held.has(owner) : held === owner;
    },
    sharedPolicyByKey: (key) => shared.get(key),
    distinctSharedPolicies: () => shared.values(),
    emergencyNumbers: () => listing.keys(),
    policiesListing: (number) => listing.get(normalizePhone(number)) ?? [],
    usersWithLine: (number) => lines.get(normalizePhone(number)) ?? [],
    accountsWithNumber: (number) => accountNumbers.get(normalizePhone(number)) ?? [],
  };
}

/**
 * `userByRef` remembering each spelling it has seen: every target is resolved once to
 * build member → owners and again by the owner's rules. Safe because the index is built
 * for one scan of a lookup that does not change meanwhile.
 */
function memoizedResolver(lookup: TenantLookup): (ref: string) => User | undefined {
  const seen = new Map<string, User | null>();
  return (ref) => {
    let user = seen.get(ref);
    if (user === undefined) seen.set(ref, (user = lookup.userByRef(ref) ?? null));
    return user ?? undefined;
  };
}

/** object id → the first user with it (built on first use: only unit-wise scans ask). */
function indexById(users: Iterable<User>): Map<string, User> {
  const byId = new Map<string, User>();
  for (const user of users) {
    const id = userRefKey(user.Identity);
    if (!byId.has(id)) byId.set(id, user);
  }
  return byId;
}

/** member → the distinct owners whose targets resolve to them; one owner is held as is, several in a Set. */
function indexOwners(userByRef: (ref: string) => User | undefined, settingsByUser: ReadonlyMap<User, CallingSettings>): Map<User, User | Set<User>> {
  const owners = new Map<User, User | Set<User>>();
  for (const [owner, settings] of settingsByUser) {
    for (const target of settings.CallGroupTargets) {
      const member = userByRef(target);
      if (!member) continue;
      const held = owners.get(member);
      if (held === undefined) owners.set(member, owner);
      else if (held instanceof Set) held.add(owner);
      else if (held !== owner) owners.set(member, new Set([held, owner]));
    }
  }
  return owners;
}

/** emergency number → the distinct policies listing it. */
function indexEmergencyNumbers(shared: ReadonlyMap<string, SharedCallingPolicy>): Map<string, SharedCallingPolicy[]> {
  const listing = new Map<string, SharedCallingPolicy[]>();
  for (const policy of shared.values()) {
    for (const number of emergencyNumberKeys(policy)) push(listing, number, policy);
  }
  return listing;
}

function push<TKey, TValue>(map: Map<TKey, TValue[]>, key: TKey, value: TValue): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
