import { createTenantLookup, type TenantLookup } from '../model/lookup.js';
import type { CallingPolicy, CallingSettings, Delegate, GroupMembershipDetail, NotificationSetting, PhoneNumber, PstnUsagePolicy, ResourceAccount, SharedCallingPolicy, Tenant, User } from '../model/tenant.js';
import { AUTO_ATTENDANT_APP_ID, defaultCallingPolicy, defaultCallingSettings } from '../model/tenant.js';

/**
 * Test support shared by core's and bot's tests: `Tenant` objects built directly (the
 * snapshot parser is elsewhere), with defaults that make every user healthy (enabled,
 * licensed, voice enabled, Teams Only, every Global policy) and settings and policies
 * taken from the model's own defaults. Not part of the build: tsconfig excludes
 * `src/testing/**`. Bot tests import it by relative path.
 */

export const TEST_DOMAIN = 'contoso.com';

/** A stable fake Entra object id for an alias (FNV-1a spread over a GUID's shape). */
export function objectIdOf(alias: string): string {
  let hash = 0x811c9dc5;
  for (const char of alias) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193) >>> 0;
  const hex = hash.toString(16).padStart(8, '0');
  return `${hex}-0000-4000-8000-${hex}${hex.slice(0, 4)}`;
}

/** `alias@contoso.com`. */
export function upnOf(alias: string): string {
  return `${alias}@${TEST_DOMAIN}`;
}

/** `alias@contoso.com` as a lower-case `sip:` URI. */
export function sipOf(alias: string): string {
  return `sip:${upnOf(alias)}`;
}

/** A healthy user with the given ids and display name; `overrides` change anything. */
function healthyUser(identity: string, alias: string, displayName: string, overrides: Partial<User>): User {
  return {
    Identity: identity,
    UserPrincipalName: upnOf(alias),
    SipAddress: sipOf(alias),
    DisplayName: displayName,
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

/**
 * A healthy user named after the alias: object id `objectIdOf(alias)`, UPN
 * `alias@contoso.com`, SIP `sip:alias@contoso.com`, display name the alias capitalised.
 * A test can name them by SIP URI, UPN or object id.
 */
export function testUser(alias: string, overrides: Partial<User> = {}): User {
  return healthyUser(objectIdOf(alias), alias, alias.charAt(0).toUpperCase() + alias.slice(1), overrides);
}

/**
 * A healthy user named by a display name such as `Alex Wilber`: address
 * `alex.wilber@contoso.com` (UPN and `sip:` URI), object id `id-alex-wilber`, display
 * name as given.
 */
export function namedUser(name: string, overrides: Partial<User> = {}): User {
  const lower = name.toLowerCase();
  return healthyUser(`id-${lower.replaceAll(' ', '-')}`, lower.replaceAll(' ', '.'), name, overrides);
}

/** `count` healthy users `prefix1` … `prefixN` (see `testUser`). */
export function testUsers(count: number, prefix = 'member'): User[] {
  return Array.from({ length: count }, (_, index) => testUser(`${prefix}${index + 1}`));
}

/** Teams' default calling settings of a user (or of `sipOf(alias)`), with the given properties changed. */
export function testSettings(who: User | string, overrides: Partial<CallingSettings> = {}): CallingSettings {
  return { ...defaultCallingSettings(typeof who === 'string' ? sipOf(who) : who.SipAddress), ...overrides };
}

/** A calling policy with everything allowed (the model's default) unless overridden. */
export function testPolicy(identity: string, overrides: Partial<CallingPolicy> = {}): CallingPolicy {
  return { ...defaultCallingPolicy(identity), ...overrides };
}

/** A membership detail naming the owner by any reference. */
export function membership(ownerRef: string, notification: NotificationSetting = 'Ring'): GroupMembershipDetail {
  return { CallGroupOwnerId: ownerRef, NotificationSetting: notification };
}

/** A delegate allowed to do everything unless overridden. */
export function delegate(id: string, overrides: Partial<Delegate> = {}): Delegate {
  return { Id: id, MakeCalls: true, ManageSettings: true, ReceiveCalls: true, PickUpHeldCalls: true, JoinActiveCalls: true, ...overrides };
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

/** The parts of a tenant a test cares about; every list left out is empty. */
export type TestTenantParts = Partial<Tenant>;

/** A tenant holding just these parts, `test-tenant` captured 2026-01-01 unless given. */
export function testTenant(parts: TestTenantParts = {}): Tenant {
  return {
    tenantId: parts.tenantId ?? 'test-tenant',
    capturedAt: parts.capturedAt ?? '2026-01-01T00:00:00Z',
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

/** A lookup over `testTenant(parts)`. */
export function testLookup(parts: TestTenantParts = {}): TenantLookup {
  return createTenantLookup(testTenant(parts));
}
