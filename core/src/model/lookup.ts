import type { CallingPolicy, CallingSettings, PstnUsagePolicy, ResourceAccount, SharedCallingPolicy, Tenant, User, PhoneNumber } from './tenant.js';
import { defaultCallingPolicy, defaultCallingSettings } from './tenant.js';
import { normalizePhone, normalizeSip, policyKey, userRefKey } from './identity.js';

/**
 * Read access to a tenant by identity, with the snapshot's matching rules applied:
 * a user reference may be a SIP URI (any case, with or without `sip:`), a UPN or an
 * object id; policies are matched without `Tag:` and case-insensitively; a user with
 * no settings entry has the default settings; a user with no policy has Global.
 *
 * Rules, validation and plans read the tenant only through this interface, so the
 * same code runs on a parsed snapshot, the incremental graph and the server's store.
 */
export interface TenantLookup {
  readonly tenantId: string;
  /** Every user, in snapshot order. */
  users(): Iterable<User>;
  /** Resolve a SIP URI, UPN or object id to a user; undefined when nobody matches. */
  userByRef(ref: string): User | undefined;
  /** The user's calling settings, or the defaults when the snapshot has none. */
  settingsOf(user: User): CallingSettings;
  /** The user's effective calling policy (Global when unassigned; all-allowed Global when the tenant lists none). */
  callingPolicyOf(user: User): CallingPolicy;
  voiceRoutingPolicy(name: string | null): PstnUsagePolicy | undefined;
  emergencyRoutingPolicy(name: string | null): PstnUsagePolicy | undefined;
  sharedCallingPolicy(name: string): SharedCallingPolicy | undefined;
  sharedCallingPolicies(): Iterable<SharedCallingPolicy>;
  /** By ObjectId or UPN, case-insensitively. */
  resourceAccount(ref: string): ResourceAccount | undefined;
  resourceAccounts(): Iterable<ResourceAccount>;
  /** By number, with or without `tel:`. */
  phoneNumber(number: string): PhoneNumber | undefined;
  phoneNumbers(): Iterable<PhoneNumber>;
}

/** Index every identity spelling of a user: object id, UPN and SIP address (with and without `sip:`). */
export function userRefKeys(user: User): string[] {
  const sip = normalizeSip(user.SipAddress);
  return [userRefKey(user.Identity), userRefKey(user.UserPrincipalName), sip, sip.slice(4)];
}

/** Resolve a reference with the SIP rule applied when the raw spelling does not match. */
export function resolveRef<TValue>(map: ReadonlyMap<string, TValue>, ref: string): TValue | undefined {
  const key = userRefKey(ref);
  return map.get(key) ?? map.get(normalizeSip(key));
}

/** A read-only lookup over a parsed tenant, built in one linear pass. */
export function createTenantLookup(tenant: Tenant): TenantLookup {
  // Walk backwards and always set, so the first user in snapshot order wins an ambiguous
  // reference without a has() probe per key (this map holds four keys per user).
  const usersByRef = new Map<string, User>();
  for (let i = tenant.users.length - 1; i >= 0; i -= 1) {
    const user = tenant.users[i] as User;
    const sip = normalizeSip(user.SipAddress);
    usersByRef.set(sip.slice(4), user);
    usersByRef.set(sip, user);
    usersByRef.set(userRefKey(user.UserPrincipalName), user);
    usersByRef.set(userRefKey(user.Identity), user);
  }
  const settingsBySip = new Map<string, CallingSettings>();
  for (const settings of tenant.callingSettings) settingsBySip.set(normalizeSip(settings.SipUri), settings);
  const byPolicyKey = <TPolicy extends { Identity: string }>(list: readonly TPolicy[]) =>
    new Map(list.map((policy) => [policyKey(policy.Identity), policy] as const));
  const callingPolicies = byPolicyKey(tenant.callingPolicies);
  const globalCalling = callingPolicies.get('global') ?? defaultCallingPolicy();
  const voice = byPolicyKey(tenant.voiceRoutingPolicies);
  const emergency = byPolicyKey(tenant.emergencyCallRoutingPolicies);
  const shared = byPolicyKey(tenant.sharedCallingPolicies);
  const accounts = new Map<string, ResourceAccount>();
  for (const account of tenant.resourceAccounts) {
    accounts.set(userRefKey(account.ObjectId), account);
    accounts.set(userRefKey(account.UserPrincipalName), account);
  }
  const numbers = new Map(tenant.phoneNumbers.map((n) => [normalizePhone(n.TelephoneNumber), n] as const));

  return {
    tenantId: tenant.tenantId,
    users: () => tenant.users,
    userByRef: (ref) => resolveRef(usersByRef, ref),
    settingsOf: (user) => settingsBySip.get(normalizeSip(user.SipAddress)) ?? defaultCallingSettings(normalizeSip(user.SipAddress)),
    callingPolicyOf: (user) => callingPolicies.get(policyKey(user.TeamsCallingPolicy)) ?? globalCalling,
    voiceRoutingPolicy: (name) => voice.get(policyKey(name)),
    emergencyRoutingPolicy: (name) => emergency.get(policyKey(name)),
    sharedCallingPolicy: (name) => shared.get(policyKey(name)),
    sharedCallingPolicies: () => tenant.sharedCallingPolicies,
    resourceAccount: (ref) => accounts.get(userRefKey(ref)),
    resourceAccounts: () => tenant.resourceAccounts,
    phoneNumber: (number) => numbers.get(normalizePhone(number)),
    phoneNumbers: () => tenant.phoneNumbers,
  };
}
