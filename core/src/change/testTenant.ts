import { createTenantLookup, type TenantLookup } from '../model/lookup.js';
import { defaultCallingPolicy, defaultCallingSettings, type CallingPolicy, type CallingSettings, type Tenant, type User } from '../model/tenant.js';

/**
 * A small tenant builder for the change tests: `Tenant` objects built directly (the
 * snapshot parser is elsewhere), with users who are eligible for everything unless a
 * test says otherwise. Ids are derived from the alias so that tests can name a user
 * by SIP URI, UPN or object id.
 */

const DOMAIN = 'contoso.com';

/** A stable fake Entra object id for an alias (FNV-1a, spread over a GUID's shape). */
export function objectIdOf(alias: string): string {
  let hash = 0x811c9dc5;
  for (const char of alias) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193) >>> 0;
  const hex = hash.toString(16).padStart(8, '0');
  return `${hex}-0000-4000-8000-${hex}${hex.slice(0, 4)}`;
}

/** `alias@contoso.com`, as a lower-case `sip:` URI. */
export function sipOf(alias: string): string {
  return `sip:${alias}@${DOMAIN}`;
}

/** An enabled, licensed, Teams Only user on the Global policy. */
export function testUser(alias: string, overrides: Partial<User> = {}): User {
  return {
    Identity: objectIdOf(alias),
    UserPrincipalName: `${alias}@${DOMAIN}`,
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

/** The default settings of `alias` with the given properties changed. */
export function testSettings(alias: string, overrides: Partial<CallingSettings> = {}): CallingSettings {
  return { ...defaultCallingSettings(sipOf(alias)), ...overrides };
}

/** A calling policy with everything allowed unless overridden. */
export function testPolicy(identity: string, overrides: Partial<CallingPolicy> = {}): CallingPolicy {
  return { ...defaultCallingPolicy(identity), ...overrides };
}

export interface TestTenantParts {
  readonly users: readonly User[];
  readonly settings?: readonly CallingSettings[];
  readonly policies?: readonly CallingPolicy[];
}

/** A lookup over a tenant holding just these users, settings and calling policies. */
export function testTenant(parts: TestTenantParts): TenantLookup {
  const tenant: Tenant = {
    tenantId: 'test-tenant',
    capturedAt: '2026-01-01T00:00:00Z',
    users: parts.users,
    callingSettings: parts.settings ?? [],
    callingPolicies: parts.policies ?? [],
    voiceRoutingPolicies: [],
    emergencyCallRoutingPolicies: [],
    sharedCallingPolicies: [],
    resourceAccounts: [],
    phoneNumbers: [],
  };
  return createTenantLookup(tenant);
}

/** `member1` … `memberN`, all eligible. */
export function testMembers(count: number, prefix = 'member'): User[] {
  return Array.from({ length: count }, (_, index) => testUser(`${prefix}${index + 1}`));
}
