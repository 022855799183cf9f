import type {
  CallingPolicy,
  CallingSettings,
  PhoneNumber,
  PstnUsagePolicy,
  ResourceAccount,
  SharedCallingPolicy,
  Tenant,
  User,
} from '../model/tenant.js';
import { normalizePhone, normalizeSip, policyKey, userRefKey } from '../model/identity.js';
import type { ScanUnit } from '../health/scanUnit.js';
import { GraphLookup } from './graphLookup.js';
import type { UnitMarks } from './graphState.js';
import { createAccountEntry, createUserEntry } from './graphState.js';
import { replaceCallingPolicy, replaceEmergencyPolicy, replaceVoicePolicy } from './policyEdits.js';
import { indexAccount, replaceAccount, replaceNumber, replaceSharedPolicy } from './sharedCallingEdits.js';
import { dropOrphanSettings, indexUser, linkSettings, replaceSettings, replaceUser } from './userEdits.js';

const IGNORE: UnitMarks = { add: () => undefined };

/**
 * The tenant as a mutable relationship graph: owner → members, member → owners,
 * detail owner → members naming them, reference text → who wrote it, policy → users,
 * emergency number → policies, number → holders. Built in linear time, readable as a
 * `TenantLookup` (with the snapshot's identity rules, collisions resolved as
 * `createTenantLookup` does), and edited in place: each edit returns the scan units
 * whose findings may have changed, so a re-check costs what the change touches.
 *
 * Users are keyed by object id: upserting a user with a known id replaces them in
 * place (a later duplicate id in a snapshot replaces the earlier one).
 */
export class TenantGraph extends GraphLookup {
  private constructor(
    tenantId: string,
    private readonly capturedAt: string,
  ) {
    super(tenantId);
  }

  /** Indexes a whole tenant in one linear pass. */
  static fromTenant(tenant: Tenant): TenantGraph {
    const graph = new TenantGraph(tenant.tenantId, tenant.capturedAt);
    const state = graph.state;
    for (const policy of tenant.callingPolicies) state.callingPolicies.set(policyKey(policy.Identity), policy);
    for (const policy of tenant.voiceRoutingPolicies) state.voicePolicies.set(policyKey(policy.Identity), policy);
    for (const policy of tenant.emergencyCallRoutingPolicies) state.emergencyPolicies.set(policyKey(policy.Identity), policy);
    for (const policy of tenant.sharedCallingPolicies) replaceSharedPolicy(state, policyKey(policy.Identity), policy, IGNORE);
    for (const account of tenant.resourceAccounts) {
      const id = userRefKey(account.ObjectId);
      if (state.accounts.has(id)) replaceAccount(state, id, account, IGNORE);
      else indexAccount(state, createAccountEntry(account, id, state.nextSeq()));
    }
    for (const number of tenant.phoneNumbers) replaceNumber(state, normalizePhone(number.TelephoneNumber), number, IGNORE);
    for (const settings of tenant.callingSettings) state.settingsBySip.set(normalizeSip(settings.SipUri), settings);
    // Index every user before linking any settings, so no reference needs re-resolving.
    const byId = new Map<string, User>();
    for (const user of tenant.users) byId.set(userRefKey(user.Identity), user);
    for (const [id, user] of byId) indexUser(state, createUserEntry(user, id, state.nextSeq(), state.policyKeyOf));
    for (const entry of state.users.values()) linkSettings(state, entry, state.settingsBySip.get(entry.sip), IGNORE, true);
    return graph;
  }

  /** The current state as a plain tenant, users and accounts in tenant order. */
  toTenant(): Tenant {
    const state = this.state;
    return {
      tenantId: this.tenantId,
      capturedAt: this.capturedAt,
      users: [...this.users()],
      callingSettings: [...state.settingsBySip.values()],
      callingPolicies: [...state.callingPolicies.values()],
      voiceRoutingPolicies: [...state.voicePolicies.values()],
      emergencyCallRoutingPolicies: [...state.emergencyPolicies.values()],
      sharedCallingPolicies: [...state.sharedPolicies.values()],
      resourceAccounts: [...this.resourceAccounts()],
      phoneNumbers: [...state.numbers.values()],
    };
  }

  // ---- Edits: each returns the scan units whose findings may have changed ----

  /** Replaces the calling settings of the user(s) with `settings.SipUri`. */
  setCallingSettings(settings: CallingSettings): ReadonlySet<ScanUnit> {
    return this.edit((marks) => replaceSettings(this.state, settings, marks));
  }

  /** Adds a user, or replaces the user with the same object id. */
  upsertUser(user: User): ReadonlySet<ScanUnit> {
    return this.edit((marks) => replaceUser(this.state, userRefKey(user.Identity), user, marks));
  }

  /** Removes the user `ref` resolves to (SIP URI, UPN or object id), with their settings. */
  removeUser(ref: string): ReadonlySet<ScanUnit> {
    const entry = this.state.resolveText(userRefKey(ref));
    return this.edit((marks) => {
      if (!entry) return;
      replaceUser(this.state, entry.id, undefined, marks);
      dropOrphanSettings(this.state, entry.sip);
    });
  }

  upsertCallingPolicy(policy: CallingPolicy): ReadonlySet<ScanUnit> {
    return this.edit((marks) => replaceCallingPolicy(this.state, policyKey(policy.Identity), policy, marks));
  }

  removeCallingPolicy(identity: string): ReadonlySet<ScanUnit> {
    return this.edit((marks) => replaceCallingPolicy(this.state, policyKey(identity), undefined, marks));
  }

  upsertVoiceRoutingPolicy(policy: PstnUsagePolicy): ReadonlySet<ScanUnit> {
    return this.edit((marks) => replaceVoicePolicy(this.state, policyKey(policy.Identity), policy, marks));
  }

  removeVoiceRoutingPolicy(identity: string): ReadonlySet<ScanUnit> {
    return this.edit((marks) => replaceVoicePolicy(this.state, policyKey(identity), undefined, marks));
  }

  upsertEmergencyRoutingPolicy(policy: PstnUsagePolicy): ReadonlySet<ScanUnit> {
    return this.edit((marks) => replaceEmergencyPolicy(this.state, policyKey(policy.Identity), policy, marks));
  }

  removeEmergencyRoutingPolicy(identity: string): ReadonlySet<ScanUnit> {
    return this.edit((marks) => replaceEmergencyPolicy(this.state, policyKey(identity), undefined, marks));
  }

  upsertSharedCallingPolicy(policy: SharedCallingPolicy): ReadonlySet<ScanUnit> {
    return this.edit((marks) => replaceSharedPolicy(this.state, policyKey(policy.Identity), policy, marks));
  }

  removeSharedCallingPolicy(identity: string): ReadonlySet<ScanUnit> {
    return this.edit((marks) => replaceSharedPolicy(this.state, policyKey(identity), undefined, marks));
  }

  /** Adds a resource account, or replaces the one with the same ObjectId. */
  upsertResourceAccount(account: ResourceAccount): ReadonlySet<ScanUnit> {
    return this.edit((marks) => replaceAccount(this.state, userRefKey(account.ObjectId), account, marks));
  }

  /** Removes the resource account `ref` (ObjectId or UPN) resolves to. */
  removeResourceAccount(ref: string): ReadonlySet<ScanUnit> {
    const entry = this.state.accountKeys.get(userRefKey(ref));
    return this.edit((marks) => {
      if (entry) replaceAccount(this.state, entry.id, undefined, marks);
    });
  }

  upsertPhoneNumber(number: PhoneNumber): ReadonlySet<ScanUnit> {
    return this.edit((marks) => replaceNumber(this.state, normalizePhone(number.TelephoneNumber), number, marks));
  }

  removePhoneNumber(number: string): ReadonlySet<ScanUnit> {
    return this.edit((marks) => replaceNumber(this.state, normalizePhone(number), undefined, marks));
  }

  private edit(apply: (marks: Set<ScanUnit>) => void): ReadonlySet<ScanUnit> {
    const marks = new Set<ScanUnit>();
    apply(marks);
    return marks;
  }
}
