import type { CallingSettings, GroupsOf, TeamsUpgradeMode, Tenant, TenantLookup, User } from '@cgm/core';
import { TEAMS_UPGRADE_MODES, createTenantLookup, normalizeSip } from '@cgm/core';
import type { Person } from '../api/schemas';
import { shortAddress } from '../components/address';

/**
 * core's rules read the tenant through a `TenantLookup`. The browser knows only part of it:
 * me and my settings, the people in my group, and whoever I picked in the directory. This
 * builds that slice, so `validateChange` gives the same sentences in the tab as on the
 * server. What the tab cannot know (my calling policy) the server checks again on submit.
 */

/** A person as the API shows them, turned back into the user record core's rules read. */
export function userOf(person: Person): User {
  const gaps = person.ineligibleBecause ?? [];
  const modeGap = gaps.map((gap) => /^(\w+) mode, not Teams Only$/.exec(gap)?.[1]).find((mode) => mode !== undefined);
  const mode = TEAMS_UPGRADE_MODES.find((known) => known === modeGap) ?? 'TeamsOnly';
  return {
    Identity: person.id ?? person.sip,
    UserPrincipalName: person.upn ?? shortAddress(person.sip),
    SipAddress: person.sip,
    DisplayName: person.displayName,
    Department: person.department ?? null,
    AccountEnabled: !gaps.includes('account disabled'),
    TeamsUpgradeEffectiveMode: mode as TeamsUpgradeMode,
    EnterpriseVoiceEnabled: true,
    HasTeamsPhoneLicense: !gaps.includes('no Teams Phone license'),
    LineUri: null,
    TeamsCallingPolicy: null,
    OnlineVoiceRoutingPolicy: null,
    TeamsEmergencyCallRoutingPolicy: null,
    TeamsSharedCallingRoutingPolicy: null,
  };
}

/** Someone the directory no longer knows (a leaver still listed) is left out, so core says "no one matches". */
function inDirectory(person: Person): boolean {
  return !(person.ineligibleBecause ?? []).includes('not found in the directory');
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
