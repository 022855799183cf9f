import type { CallingPolicy, CallingSettings, PhoneNumber, PstnUsagePolicy, ResourceAccount, SharedCallingPolicy, User } from '../model/tenant.js';
import { defaultCallingPolicy, defaultCallingSettings } from '../model/tenant.js';
import { normalizePhone, normalizeSip, policyKey, userRefKey } from '../model/identity.js';
import type { HealthContext } from '../health/healthContext.js';
import { GraphState } from './graphState.js';

const EVERYTHING_ALLOWED = defaultCallingPolicy();

/**
 * The read side of the tenant graph: `TenantLookup` with the snapshot's identity rules
 * (collisions resolved as `createTenantLookup` does), plus the reverse relations the
 * health rules need, all answered from the graph's indexes in constant time.
 */
export class GraphLookup implements HealthContext {
  protected readonly state = new GraphState();

  protected constructor(readonly tenantId: string) {}

  *users(): Generator<User> {
    for (const entry of this.state.users.values()) yield entry.user;
  }

  userByRef(ref: string): User | undefined {
    return this.state.resolveText(userRefKey(ref))?.user;
  }

  settingsOf(user: User): CallingSettings {
    const sip = this.sipOf(user);
    return this.state.settingsBySip.get(sip) ?? defaultCallingSettings(sip);
  }

  callingPolicyOf(user: User): CallingPolicy {
    const policies = this.state.callingPolicies;
    const key = this.state.entryByUser.get(user)?.callingKey ?? policyKey(user.TeamsCallingPolicy);
    return policies.get(key) ?? policies.get('global') ?? EVERYTHING_ALLOWED;
  }

  voiceRoutingPolicy(name: string | null): PstnUsagePolicy | undefined {
    return this.state.voicePolicies.get(policyKey(name));
  }

  emergencyRoutingPolicy(name: string | null): PstnUsagePolicy | undefined {
    return this.state.emergencyPolicies.get(policyKey(name));
  }

  sharedCallingPolicy(name: string): SharedCallingPolicy | undefined {
    return this.state.sharedPolicies.get(policyKey(name));
  }

  sharedCallingPolicies(): Iterable<SharedCallingPolicy> {
    return this.state.sharedPolicies.values();
  }

  resourceAccount(ref: string): ResourceAccount | undefined {
    return this.state.accountKeys.get(userRefKey(ref))?.account;
  }

  *resourceAccounts(): Generator<ResourceAccount> {
    for (const entry of this.state.accounts.values()) yield entry.account;
  }

  phoneNumber(number: string): PhoneNumber | undefined {
    return this.state.numbers.get(normalizePhone(number));
  }

  phoneNumbers(): Iterable<PhoneNumber> {
    return this.state.numbers.values();
  }

  // ---- HealthContext: the reverse relations ----

  sipOf(user: User): string {
    return this.state.entryByUser.get(user)?.sip ?? normalizeSip(user.SipAddress);
  }

  userById(id: string): User | undefined {
    return this.state.users.get(userRefKey(id))?.user;
  }

  ownersOf(member: User): readonly User[] {
    return this.usersOf(this.state.memberOwners.get(this.idOf(member))?.keys());
  }

  ownerCountOf(member: User): number {
    return this.state.memberOwners.sizeOf(this.idOf(member));
  }

  isTargetOf(member: User, owner: User): boolean {
    return this.state.memberOwners.has(this.idOf(member), this.idOf(owner));
  }

  sharedPolicyByKey(key: string): SharedCallingPolicy | undefined {
    return this.state.sharedPolicies.get(key);
  }

  distinctSharedPolicies(): Iterable<SharedCallingPolicy> {
    return this.state.sharedPolicies.values();
  }

  emergencyNumbers(): Iterable<string> {
    return this.state.emergencyListing.keys();
  }

  policiesListing(number: string): readonly SharedCallingPolicy[] {
    const policies: SharedCallingPolicy[] = [];
    for (const key of this.state.emergencyListing.get(normalizePhone(number)) ?? []) {
      const policy = this.state.sharedPolicies.get(key);
      if (policy) policies.push(policy);
    }
    return policies;
  }

  usersWithLine(number: string): readonly User[] {
    return this.usersOf(this.state.lineUsers.get(normalizePhone(number)));
  }

  accountsWithNumber(number: string): readonly ResourceAccount[] {
    const accounts: ResourceAccount[] = [];
    for (const id of this.state.accountNumbers.get(normalizePhone(number)) ?? []) {
      const entry = this.state.accounts.get(id);
      if (entry) accounts.push(entry.account);
    }
    return accounts;
  }

  private idOf(user: User): string {
    return this.state.entryByUser.get(user)?.id ?? userRefKey(user.Identity);
  }

  private usersOf(ids: Iterable<string> | undefined): User[] {
    const users: User[] = [];
    for (const id of ids ?? []) {
      const entry = this.state.users.get(id);
      if (entry) users.push(entry.user);
    }
    return users;
  }
}
