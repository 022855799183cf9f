import type {
  CallingPolicy,
  CallingSettings,
  PhoneNumber,
  PstnUsagePolicy,
  ResourceAccount,
  SharedCallingPolicy,
  User,
} from '../model/tenant.js';
import { normalizeSip, policyKey, userRefKey } from '../model/identity.js';
import { userRefKeys } from '../model/lookup.js';
import type { ScanUnit } from '../health/scanUnit.js';
import { sharedPolicyNameOf } from '../health/sharedCallingUserHealth.js';
import { phoneKeyOf } from '../health/userState.js';
import { CountMultiMap, SetMultiMap } from './multiMap.js';
import { OrderedKeyIndex } from './orderedKeyIndex.js';

/** Where an edit records the scan units it affects. A `Set<ScanUnit>` is one. */
export interface UnitMarks {
  add(unit: ScanUnit): unknown;
}

/** A user with every key the graph indexes them by, normalised once. */
export interface UserEntry {
  readonly user: User;
  /** Object id, lower-cased: the user's identity in the graph and in unit ids. */
  readonly id: string;
  readonly seq: number;
  readonly sip: string;
  /** Every spelling that resolves to the user (object id, UPN, SIP with and without `sip:`). */
  readonly keys: readonly string[];
  readonly callingKey: string;
  /** The Shared Calling policy key, or null when the user is not on Shared Calling. */
  readonly sharedKey: string | null;
  readonly voiceKey: string;
  readonly emergencyKey: string;
  /** The personal number, normalised, or null. */
  readonly line: string | null;
}

/** A resource account with its lookup keys (ObjectId and UPN, lower-cased) and number. */
export interface AccountEntry {
  readonly account: ResourceAccount;
  readonly id: string;
  readonly seq: number;
  readonly keys: readonly string[];
  readonly number: string | null;
}

/** Normalises a user's keys once; `keyOf` is the (memoised) policy key function. */
export function createUserEntry(user: User, id: string, seq: number, keyOf: (name: string | null) => string = policyKey): UserEntry {
  const shared = sharedPolicyNameOf(user);
  return {
    user,
    id,
    seq,
    sip: normalizeSip(user.SipAddress),
    keys: [...new Set(userRefKeys(user))],
    callingKey: keyOf(user.TeamsCallingPolicy),
    sharedKey: shared === undefined ? null : keyOf(shared),
    voiceKey: keyOf(user.OnlineVoiceRoutingPolicy),
    emergencyKey: keyOf(user.TeamsEmergencyCallRoutingPolicy),
    line: phoneKeyOf(user.LineUri),
  };
}

export function createAccountEntry(account: ResourceAccount, id: string, seq: number): AccountEntry {
  const keys = [...new Set([userRefKey(account.ObjectId), userRefKey(account.UserPrincipalName)])];
  return { account, id, seq, keys, number: phoneKeyOf(account.PhoneNumber) };
}

/**
 * The mutable state of the tenant graph: the tenant itself, keyed for lookup, and every
 * reverse relation a rule or an edit needs. "Texts" are user references as written
 * (lower-cased): call group targets, membership detail owners, delegate ids and number
 * assignments. Each text is indexed under the keys it can resolve through, so an edit
 * to a user finds every reference whose resolution it may change.
 */
export class GraphState {
  readonly users = new Map<string, UserEntry>();
  readonly entryByUser = new Map<User, UserEntry>();
  readonly userKeys = new OrderedKeyIndex<UserEntry>('first');
  readonly usersBySip = new SetMultiMap<string, string>();
  readonly settingsBySip = new Map<string, CallingSettings>();

  /** probe key → texts that resolve through it. */
  readonly textsByProbe = new SetMultiMap<string, string>();
  private readonly textUses = new Map<string, number>();
  /** text → owners whose CallGroupTargets hold it (with multiplicity). */
  readonly targetWriters = new CountMultiMap<string, string>();
  /** text → managers whose Delegates hold it. */
  readonly delegateWriters = new CountMultiMap<string, string>();
  /** text → members whose GroupMembershipDetails name it as owner. */
  readonly detailWriters = new CountMultiMap<string, string>();
  /** text → numbers whose AssignedPstnTargetId it is. */
  readonly assignedNumbers = new SetMultiMap<string, string>();
  /** member id → owner ids whose targets resolve to the member (with multiplicity). */
  readonly memberOwners = new CountMultiMap<string, string>();

  /** Calling policy → its users; users on Global are left out (see replaceCallingPolicy). */
  readonly callingUsers = new SetMultiMap<string, string>();
  readonly sharedUsers = new SetMultiMap<string, string>();
  /** Voice and emergency routing policy → the Shared Calling users on it (only they are checked). */
  readonly voiceSharedUsers = new SetMultiMap<string, string>();
  readonly emergencySharedUsers = new SetMultiMap<string, string>();
  readonly lineUsers = new SetMultiMap<string, string>();

  readonly callingPolicies = new Map<string, CallingPolicy>();
  readonly voicePolicies = new Map<string, PstnUsagePolicy>();
  readonly emergencyPolicies = new Map<string, PstnUsagePolicy>();
  readonly sharedPolicies = new Map<string, SharedCallingPolicy>();
  /** resource account reference key → policies naming it. */
  readonly policiesByAccountRef = new SetMultiMap<string, string>();
  /** emergency number → policies listing it. */
  readonly emergencyListing = new SetMultiMap<string, string>();

  readonly accounts = new Map<string, AccountEntry>();
  readonly accountKeys = new OrderedKeyIndex<AccountEntry>('last');
  readonly accountNumbers = new SetMultiMap<string, string>();
  readonly numbers = new Map<string, PhoneNumber>();

  private seq = 0;
  private readonly policyKeys = new Map<string | null, string>();

  /** `policyKey`, memoised: a tenant has a handful of policy names and 100,000 users naming them. */
  readonly policyKeyOf = (name: string | null): string => {
    let key = this.policyKeys.get(name);
    if (key === undefined) {
      key = policyKey(name);
      if (this.policyKeys.size < 10_000) this.policyKeys.set(name, key);
    }
    return key;
  };

  nextSeq(): number {
    this.seq += 1;
    return this.seq;
  }

  /** The user a text resolves to, with the snapshot rule: as written, then as a SIP URI. */
  resolveText(text: string): UserEntry | undefined {
    return this.userKeys.get(text) ?? this.userKeys.get(normalizeSip(text));
  }

  /** Count one more use of a text, indexing it under its probe keys on first use. */
  useText(text: string): void {
    const uses = this.textUses.get(text) ?? 0;
    this.textUses.set(text, uses + 1);
    if (uses > 0) return;
    for (const probe of probesOf(text)) this.textsByProbe.add(probe, text);
  }

  /** Count one use less, dropping the text from the probe index when nothing uses it. */
  releaseText(text: string): void {
    const uses = this.textUses.get(text) ?? 0;
    if (uses > 1) {
      this.textUses.set(text, uses - 1);
      return;
    }
    this.textUses.delete(text);
    for (const probe of probesOf(text)) this.textsByProbe.delete(probe, text);
  }
}

/** The keys a text can resolve through: itself and its SIP form. */
function probesOf(text: string): string[] {
  const sip = normalizeSip(text);
  return sip === text ? [text] : [text, sip];
}

/** Adds `kind:id` for every id. */
export function markAll(marks: UnitMarks, kind: 'owner' | 'member' | 'scuser' | 'policy' | 'number', ids: Iterable<string> | undefined): void {
  if (ids) for (const id of ids) marks.add(`${kind}:${id}`);
}
