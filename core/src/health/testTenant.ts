import type {
  CallingPolicy,
  CallingSettings,
  Delegate,
  GroupMembershipDetail,
  NotificationSetting,
  PhoneNumber,
  PstnUsagePolicy,
  ResourceAccount,
  SharedCallingPolicy,
  Tenant,
  User,
} from '../model/tenant.js';
import { AUTO_ATTENDANT_APP_ID, defaultCallingPolicy, defaultCallingSettings } from '../model/tenant.js';

/**
 * A small tenant builder for tests: `Tenant` objects built directly, with defaults that
 * make every user healthy (enabled, licensed, voice enabled, Teams Only, Global
 * policies). Ids derive from the alias, so a test can name a user by SIP URI, UPN or
 * object id. Shared with other tests; keep it small.
 */

export const TEST_DOMAIN = 'contoso.com';

/** A stable fake Entra object id for an alias (FNV-1a spread over a GUID's shape). */
export function objectIdOf(alias: string): string {
  let hash = 0x811c9dc5;
  for (const char of alias) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193) >>> 0;
  const hex = hash.toString(16).padStart(8, '0');
  return `${hex}-0000-4000-8000-${hex}${hex.slice(0, 4)}`;
}

/** `alias@contoso.com` as a lower-case `sip:` URI. */
export function sipOf(alias: string): string {
  return `sip:${alias}@${TEST_DOMAIN}`;
}

/** `alias@contoso.com`. */
export function upnOf(alias: string): string {
  return `${alias}@${TEST_DOMAIN}`;
}

/** An enabled, licensed, voice-enabled Teams Only user on every Global policy, named after the alias. */
export function user(alias: string, overrides: Partial<User> = {}): User {
  return {
    Identity: objectIdOf(alias),
    UserPrincipalName: upnOf(alias),
    SipAddress: sipOf(alias),
    DisplayName: alias.charAt(0).toUpperCase() + alias.slice(1),
    Department: null,
    AccountEnabled: true,
    TeamsUpgradeEffectiveMode: 'TeamsOnly',
    EnterpriseVoiceEnabled: true,
    HasTeamsPhoneLicense: true,
    LineUri: null,
    TeamsCallingPolicy: null,
    OnlineVoiceRoutingPolicy: null,
    TeamsEmergencyCallRoutingPolicy: null,
    TeamsSharedCallingRoutingPolicy: null,
    ...overrides,
  };
}

/** `count` healthy users `prefix1` … `prefixN`. */
export function users(count: number, prefix = 'member'): User[] {
  return Array.from({ length: count }, (_, index) => user(`${prefix}${index + 1}`));
}

/** The default calling settings of `alias` with the given properties changed. */
export function settings(alias: string, overrides: Partial<CallingSettings> = {}): CallingSettings {
  return { ...defaultCallingSettings(sipOf(alias)), ...overrides };
}

/** A membership detail naming the owner by any reference. */
export function membership(ownerRef: string, notification: NotificationSetting = 'Ring'): GroupMembershipDetail {
  return { CallGroupOwnerId: ownerRef, NotificationSetting: notification };
}

/** A delegate allowed to do everything unless overridden. */
export function delegate(id: string, overrides: Partial<Delegate> = {}): Delegate {
  return { Id: id, MakeCalls: true, ManageSettings: true, ReceiveCalls: true, PickUpHeldCalls: true, JoinActiveCalls: true, ...overrides };
}

/** A calling policy with everything allowed unless overridden. */
export function callingPolicy(identity: string, overrides: Partial<CallingPolicy> = {}): CallingPolicy {
  return { ...defaultCallingPolicy(identity), ...overrides };
}

/** A voice or emergency call routing policy. */
export function usagePolicy(identity: string, usages: readonly string[] = []): PstnUsagePolicy {
  return { Identity: identity, OnlinePstnUsages: usages };
}

/** A Shared Calling policy using the resource account `account` (ObjectId or UPN). */
export function sharedPolicy(identity: string, account: string, emergencyNumbers: readonly string[] = []): SharedCallingPolicy {
  return { Identity: identity, ResourceAccount: account, EmergencyNumbers: emergencyNumbers, Description: null };
}

/** A resource account associated with an auto attendant, funded, holding `PhoneNumber` if given. */
export function resourceAccount(alias: string, overrides: Partial<ResourceAccount> = {}): ResourceAccount {
  return {
    ObjectId: objectIdOf(`ra:${alias}`),
    UserPrincipalName: upnOf(alias),
    DisplayName: alias,
    PhoneNumber: null,
    ApplicationId: AUTO_ATTENDANT_APP_ID,
    AssociatedAutoAttendants: [`${alias} attendant`],
    HasPayAsYouGoCallingPlan: true,
    CommunicationCreditsFunded: true,
    ...overrides,
  };
}

/** A US Direct Routing subscriber number, unassigned and without location unless overridden. */
export function phoneNumber(number: string, overrides: Partial<PhoneNumber> = {}): PhoneNumber {
  return {
    TelephoneNumber: number,
    NumberType: 'DirectRouting',
    IsoCountryCode: 'US',
    Usage: 'Subscriber',
    AssignedPstnTargetId: null,
    LocationId: null,
    ...overrides,
  };
}

/** The parts of a tenant a test cares about; everything else is empty. */
export type TenantParts = Partial<Omit<Tenant, 'tenantId' | 'capturedAt'>>;

/** A tenant holding just these parts. */
export function tenant(parts: TenantParts): Tenant {
  return {
    tenantId: 'test-tenant',
    capturedAt: '2026-01-01T00:00:00Z',
    users: parts.users ?? [],
    callingSettings: parts.callingSettings ?? [],
    callingPolicies: parts.callingPolicies ?? [],
    voiceRoutingPolicies: parts.voiceRoutingPolicies ?? [],
    emergencyCallRoutingPolicies: parts.emergencyCallRoutingPolicies ?? [],
    sharedCallingPolicies: parts.sharedCallingPolicies ?? [],
    resourceAccounts: parts.resourceAccounts ?? [],
    phoneNumbers: parts.phoneNumbers ?? [],
  };
}
