import type { CallingSettings, EligibilityCode, GroupsOf, Person, Tenant, TenantLookup, User } from '@cgm/core';
import { createTenantLookup, normalizeSip } from '@cgm/core';
import { shortAddress } from '../components/address';

/**
 * core's rules read the tenant through a `TenantLookup`. The browser knows only part of it:
 * me and my settings, the people in my group, and whoever I picked in the directory. This
 * builds that slice, so `validateChange` gives the same sentences in the tab as on the
 * server. What the tab cannot know (my calling policy) the server checks again on submit.
 */

/**
 * A person as the API shows them, turned back into the user record core's rules read. The
 * server sent core's eligibility as codes, so each requirement is read from its code (and the
 * mode from the problem's data), never from the words.
 */
export function userOf(person: Person): User {
  const problems = person.ineligibleBecause ?? [];
  const has = (code: EligibilityCode) => problems.some((problem) => problem.code === code);
  const mode = problems.find((problem) => problem.code === 'not-teams-only')?.mode ?? 'TeamsOnly';
  return {
    Identity: person.id ?? person.sip,
    UserPrincipalName: person.upn ?? shortAddress(person.sip),
    SipAddress: person.sip,
    DisplayName: person.displayName,
    Department: person.department ?? null,
    AccountEnabled: !has('account-disabled'),
    TeamsUpgradeEffectiveMode: mode,
    EnterpriseVoiceEnabled: true,
    HasTeamsPhoneLicense: !has('no-teams-phone-license'),
    LineUri: null,
    TeamsCallingPolicy: null,
    OnlineVoiceRoutingPolicy: null,
    TeamsEmergencyCallRoutingPolicy: null,
    TeamsSharedCallingRoutingPolicy: null,
  };
}

/** Someone the directory no longer knows (a leaver still listed) is left out, so core says "no one matches". */
function inDirectory(person: Person): boolean {
  return !(person.ineligibleBecause ?? []).some((problem) => problem.code === 'not-in-directory');
}

export interface BrowserTenant {
  readonly lookup: TenantLookup;
  readonly me: User;
  /** Group counts the directory told us, for core's "at most 25 groups per member" rule. */
  readonly groupsOf: GroupsOf;
}

export function browserTenant(me: Person, settings: CallingSettings, people: readonly Person[]): BrowserTenant {
  const meUser = userOf(me);
  const bySip = new Map<string, Person>();
  for (const person of people) if (inDirectory(person)) bySip.set(normalizeSip(person.sip), person);
  bySip.delete(normalizeSip(me.sip));
  const tenant: Tenant = {
    tenantId: 'browser',
    capturedAt: '',
    users: [meUser, ...[...bySip.values()].map(userOf)],
    callingSettings: [settings],
    callingPolicies: [],
    voiceRoutingPolicies: [],
    emergencyCallRoutingPolicies: [],
    sharedCallingPolicies: [],
    resourceAccounts: [],
    phoneNumbers: [],
  };
  const counts = new Map([...bySip].map(([sip, person]) => [sip, person.groupCount ?? 0] as const));
  return { lookup: createTenantLookup(tenant), me: meUser, groupsOf: (sip) => counts.get(normalizeSip(sip)) ?? 0 };
}
