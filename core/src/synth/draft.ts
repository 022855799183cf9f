import type {
  CallingPolicy, CallingSettings, Delegate, GroupMembershipDetail, NotificationSetting, PhoneNumber, PstnUsagePolicy,
  ResourceAccount, SharedCallingPolicy, User,
} from '../model/tenant.js';
import { DEFAULT_UNANSWERED_DELAY } from '../model/tenant.js';
import type { DefectLog } from './defects.js';
import type { Random } from './random.js';

/**
 * The tenant under construction. The generator's steps fill and adjust plain mutable
 * records in one pass each; the finished draft is returned as the readonly `Tenant`
 * without copying, which keeps 100,000 users linear and fast.
 */

export type Mutable<TValue> = { -readonly [K in keyof TValue]: TValue[K] };

export type DraftUser = Mutable<User>;

export interface DraftSettings extends Mutable<Omit<CallingSettings, 'CallGroupTargets' | 'GroupMembershipDetails' | 'Delegates'>> {
  CallGroupTargets: string[];
  GroupMembershipDetails: Mutable<GroupMembershipDetail>[];
  Delegates: Mutable<Delegate>[];
}

/** What a user is for in the generated tenant; only `phone` users take part in groups and delegation. */
export type UserRole = 'phone' | 'noPhone' | 'disabled' | 'restricted';

/** A department: a contiguous range of user indexes. */
export interface Department {
  readonly name: string;
  readonly start: number;
  readonly end: number;
}

export interface Draft {
  readonly rng: Random;
  /** A separate stream for defect choices, so the directory (departments, names, ids) is the same at every defect rate. */
  readonly defectRng: Random;
  readonly defectRate: number;
  readonly domain: string;
  readonly defects: DefectLog;
  readonly users: DraftUser[];
  readonly roles: UserRole[];
  /** The department index of each user. */
  readonly departmentOf: Uint32Array;
  readonly departments: Department[];
  /** How many groups each user is a target of; Teams allows 25. */
  readonly membershipCount: Uint16Array;
  /** Settings by user index; undefined means the user never changed anything. */
  readonly settings: (DraftSettings | undefined)[];
  readonly callingPolicies: CallingPolicy[];
  readonly voiceRoutingPolicies: PstnUsagePolicy[];
  readonly emergencyCallRoutingPolicies: PstnUsagePolicy[];
  readonly sharedCallingPolicies: Mutable<SharedCallingPolicy>[];
  readonly resourceAccounts: Mutable<ResourceAccount>[];
  readonly phoneNumbers: Mutable<PhoneNumber>[];
  /**
   * Counters for GUIDs and phone numbers, so neither ever collides. Defects count in
   * their own ranges, so injecting one never renumbers the healthy rest of the tenant.
   */
  readonly serials: Serials;
}

export interface Serials {
  guid: number;
  phone: number;
  defectGuid: number;
  defectPhone: number;
  /** Former employees whose addresses linger in groups. */
  departed: number;
}

/** Fresh counters: healthy ids count from 1, defect ids from the top half of each range. */
export function createSerials(): Serials {
  return { guid: 0, phone: 0, defectGuid: 0x800000000000, defectPhone: 9_000_000, departed: 0 };
}

/** A fresh id; the serial in the last 12 hex digits keeps it unique. */
export function nextGuid(draft: Draft, forDefect = false): string {
  if (forDefect) {
    draft.serials.defectGuid += 1;
    return draft.defectRng.guid(draft.serials.defectGuid);
  }
  draft.serials.guid += 1;
  return draft.rng.guid(draft.serials.guid);
}

/** A fresh E.164 number under a 4-digit prefix: prefix plus a 7-digit counter (all prefixes have the same length). */
export function nextNumber(draft: Draft, prefix: string, forDefect = false): string {
  const serial = forDefect ? (draft.serials.defectPhone += 1) : (draft.serials.phone += 1);
  return `${prefix}${String(serial).padStart(7, '0')}`;
}

/** The user's settings, created with the Teams defaults on first use. */
export function settingsFor(draft: Draft, index: number): DraftSettings {
  let settings = draft.settings[index];
  if (!settings) {
    const user = draft.users[index];
    if (!user) throw new Error(`no user at ${index}`);
    // The Teams defaults (defaultCallingSettings), written out so each user costs one object, not two.
    settings = {
      SipUri: user.SipAddress, IsForwardingEnabled: false, ForwardingType: null, ForwardingTargetType: null, ForwardingTarget: null,
      IsUnansweredEnabled: false, UnansweredTargetType: null, UnansweredTarget: null, UnansweredDelay: DEFAULT_UNANSWERED_DELAY,
      CallGroupOrder: 'Simultaneous', CallGroupTargets: [], GroupMembershipDetails: [], GroupNotificationOverride: null, Delegates: [],
    };
    draft.settings[index] = settings;
  }
  return settings;
}

/** The user at an index that is known to exist. */
export function userAt(draft: Draft, index: number): DraftUser {
  const user = draft.users[index];
  if (!user) throw new Error(`no user at ${index}`);
  return user;
}

/** A user's SIP URI in the findings' form. */
export function sipOf(user: User): string {
  return user.SipAddress.toLowerCase();
}

/** Record that `member` is in the group of `ownerSip`: the count behind the 25-group limit, and the member's detail. */
export function addMembership(draft: Draft, member: number, ownerSip: string, notification: NotificationSetting): void {
  draft.membershipCount[member] = (draft.membershipCount[member] ?? 0) + 1;
  settingsFor(draft, member).GroupMembershipDetails.push({ CallGroupOwnerId: ownerSip, NotificationSetting: notification });
}
