import { describe, expect, it } from 'vitest';
import type { PhoneNumber, ResourceAccount, SharedCallingPolicy, User } from '../model/tenant.js';
import { phoneNumber, resourceAccount, sharedPolicy, sipOf, testUser, upnOf, usagePolicy } from '../testing/testTenant.js';
import { codesOf, scanParts, summary } from './scanTestSupport.js';

const MAIN = '+14155550100';
const EMERGENCY = '+14155550199';
const account = resourceAccount('site1-aa', { PhoneNumber: `tel:${MAIN}` });

interface SiteOptions {
  readonly number?: Partial<PhoneNumber>;
  readonly emergency?: Partial<PhoneNumber>;
  readonly account?: Partial<ResourceAccount>;
  readonly policy?: Partial<SharedCallingPolicy>;
  readonly clerk?: Partial<User>;
  readonly extraNumbers?: readonly PhoneNumber[];
  readonly extraUsers?: readonly User[];
  readonly extraPolicies?: readonly SharedCallingPolicy[];
  readonly voiceUsages?: readonly string[];
  readonly emergencyUsages?: readonly string[];
}

/** A healthy Direct Routing site: policy Site1, its resource account and number, one emergency number, one clerk. */
function site(options: SiteOptions = {}) {
  const numberType = options.number?.NumberType ?? 'DirectRouting';
  return scanParts({
    users: [testUser('clerk', { TeamsSharedCallingRoutingPolicy: 'Site1', TeamsEmergencyCallRoutingPolicy: 'Tag:Emergency', ...options.clerk }), ...(options.extraUsers ?? [])],
    sharedCallingPolicies: [{ ...sharedPolicy('Tag:Site1', upnOf('site1-aa'), [EMERGENCY]), ...options.policy }, ...(options.extraPolicies ?? [])],
    resourceAccounts: [{ ...account, ...options.account }],
    phoneNumbers: [
      phoneNumber(MAIN, { Usage: 'Service', AssignedPstnTargetId: account.ObjectId, LocationId: 'loc-1', ...options.number }),
      phoneNumber(EMERGENCY, { NumberType: numberType, AssignedPstnTargetId: 'TeamsSharedCallingRoutingPolicy|Tag:Site1', ...options.emergency }),
      ...(options.extraNumbers ?? []),
    ],
    voiceRoutingPolicies: [usagePolicy('Global', options.voiceUsages ?? [])],
    emergencyCallRoutingPolicies: [usagePolicy('Emergency', options.emergencyUsages ?? (numberType === 'DirectRouting' ? ['US-Emergency'] : []))],
  });
}

/** The same site on a Calling Plan service number, with everything it needs. */
const callingPlan = { number: { NumberType: 'CallingPlan', Usage: 'Service' }, emergency: { NumberType: 'CallingPlan', Usage: 'Subscriber' } } as const;

describe('Shared Calling health, per policy', () => {
  it('reports nothing for a healthy Direct Routing site or a healthy Calling Plan site', () => {
    expect(site()).toEqual([]);
    expect(site(callingPlan)).toEqual([]);
  });

  it('reports a missing resource account alone, skipping every check that needs it (SC01)', () => {
    const findings = site({ policy: { ResourceAccount: 'Gone-AA@contoso.com' }, number: { LocationId: null } });
    expect(summary(findings, 'SC01', 'SC02', 'SC03', 'SC11', 'SC23')).toEqual([['SC01', 'Site1', ['gone-aa@contoso.com']]]);
  });

  it('finds the resource account by ObjectId or UPN in any case', () => {
    expect(site({ policy: { ResourceAccount: account.ObjectId.toUpperCase() } })).toEqual([]);
    expect(site({ policy: { ResourceAccount: 'SITE1-AA@Contoso.com' } })).toEqual([]);
  });

  it('reports a resource account without a number, and then skips the number checks (SC02)', () => {
    const findings = site({ account: { PhoneNumber: null, AssociatedAutoAttendants: [] } });
    expect(summary(findings, 'SC02', 'SC03', 'SC11')).toEqual([['SC02', 'Site1', [upnOf('site1-aa')]]]);
  });

  it('reports a number missing from phoneNumbers (removed or ported) as SC02', () => {
    const findings = site({ account: { PhoneNumber: '+14155550111' } });
    expect(summary(findings, 'SC02')).toEqual([['SC02', 'Site1', [upnOf('site1-aa'), '+14155550111']]]);
  });

  it('reports a number assigned to someone else, but not one assigned to the account by UPN (SC02)', () => {
    expect(summary(site({ number: { AssignedPstnTargetId: 'someone-else' } }), 'SC02')).toEqual([['SC02', 'Site1', [upnOf('site1-aa'), MAIN]]]);
    expect(site({ number: { AssignedPstnTargetId: upnOf('site1-aa').toUpperCase() } })).toEqual([]);
  });

  it('reports a shared number without an emergency location (SC03)', () => {
    expect(summary(site({ number: { LocationId: '' } }))).toEqual([['SC03', 'Site1', [MAIN]]]);
  });

  it('reports emergency numbers of another type or country, per number (SC04, SC05)', () => {
    expect(summary(site({ emergency: { NumberType: 'OperatorConnect' } }), 'SC04')).toEqual([['SC04', 'Site1', [EMERGENCY]]]);
    expect(summary(site({ emergency: { IsoCountryCode: 'CA' } }))).toEqual([['SC05', 'Site1', [EMERGENCY]]]);
  });

  it('requires Calling Plan subscriber emergency numbers for a Calling Plan service number (SC08)', () => {
    expect(summary(site({ ...callingPlan, emergency: { NumberType: 'CallingPlan', Usage: 'Service' } }))).toEqual([['SC08', 'Site1', [EMERGENCY]]]);
    // A Direct Routing shared number has no such rule.
    expect(site({ emergency: { Usage: 'Service' } })).toEqual([]);
  });

  it('reports a toll-free shared number without emergency numbers, not one with them (SC09)', () => {
    const tollFree = { NumberType: 'CallingPlan', Usage: 'TollFreeService' } as const;
    expect(codesOf(site({ ...callingPlan, number: tollFree, policy: { EmergencyNumbers: [] } }))).toEqual(['SC09']);
    expect(site({ ...callingPlan, number: tollFree })).toEqual([]);
  });

  it('reports a Calling Plan service number without Pay-As-You-Go or funded credits (SC10)', () => {
    expect(codesOf(site({ ...callingPlan, account: { HasPayAsYouGoCallingPlan: false } }))).toEqual(['SC10']);
    expect(codesOf(site({ ...callingPlan, account: { CommunicationCreditsFunded: false } }))).toEqual(['SC10']);
    expect(site({ account: { HasPayAsYouGoCallingPlan: false, CommunicationCreditsFunded: false } })).toEqual([]);
  });

  it('reports a resource account associated with no auto attendant (SC11)', () => {
    expect(summary(site({ account: { AssociatedAutoAttendants: [] } }))).toEqual([['SC11', 'Site1', [MAIN]]]);
  });

  it('reports a Calling Plan service number in an unsupported country, not a Direct Routing one (SC12)', () => {
    const inAustralia = { number: { ...callingPlan.number, IsoCountryCode: 'AU' }, emergency: { ...callingPlan.emergency, IsoCountryCode: 'au' } };
    expect(codesOf(site(inAustralia))).toEqual(['SC12']);
    expect(site({ number: { IsoCountryCode: 'JP' }, emergency: { IsoCountryCode: 'JP' } })).toEqual([]);
  });

  it('notes an Operator Connect shared number (SC13)', () => {
    expect(summary(site({ number: { NumberType: 'OperatorConnect' } }))).toEqual([['SC13', 'Site1', [MAIN]]]);
  });
});

describe('Shared Calling health, per emergency number', () => {
  it('reports an emergency number listed by two policies (SC06)', () => {
    const findings = site({ extraPolicies: [sharedPolicy('Site0', upnOf('site1-aa'), [`tel:${EMERGENCY}`])] });
    expect(summary(findings)).toEqual([['SC06', EMERGENCY, ['Site0', 'Site1']]]);
  });

  it('reports an emergency number assigned to a user, by object id or as their line (SC07)', () => {
    const owner = testUser('owner', { LineUri: `tel:${EMERGENCY}` });
    expect(summary(site({ extraUsers: [owner], emergency: { AssignedPstnTargetId: null } }))).toEqual([['SC07', EMERGENCY, [sipOf('owner')]]]);
    expect(summary(site({ extraUsers: [testUser('owner')], emergency: { AssignedPstnTargetId: testUser('owner').Identity } }))).toEqual([['SC07', EMERGENCY, [sipOf('owner')]]]);
  });

  it('reports an emergency number that is a resource account number, naming the account by UPN (SC07)', () => {
    const findings = site({ emergency: { AssignedPstnTargetId: account.ObjectId } });
    expect(summary(findings)).toEqual([['SC07', EMERGENCY, [upnOf('site1-aa')]]]);
  });

  it('reports an emergency number missing from phoneNumbers (SC14)', () => {
    const findings = site({ policy: { EmergencyNumbers: [EMERGENCY, '+14155550198'] } });
    expect(summary(findings)).toEqual([['SC14', '+14155550198', ['Site1']]]);
  });
});

describe('Shared Calling health, per user', () => {
  it('reports a personal number that takes precedence over Shared Calling (SC20)', () => {
    expect(summary(site({ clerk: { LineUri: 'tel:+14155550142' } }))).toEqual([['SC20', sipOf('clerk'), ['+14155550142']]]);
  });

  it('reports a voice routing policy with PSTN usages (SC21)', () => {
    expect(summary(site({ voiceUsages: ['US'] }))).toEqual([['SC21', sipOf('clerk'), ['Global']]]);
  });

  it('reports a user without the Teams Phone license or Enterprise Voice (SC22)', () => {
    expect(codesOf(site({ clerk: { HasTeamsPhoneLicense: false } }))).toEqual(['SC22']);
    expect(codesOf(site({ clerk: { EnterpriseVoiceEnabled: false } }))).toEqual(['SC22']);
  });

  it('reports emergency routing with usages on Calling Plan and without usages on Direct Routing (SC23)', () => {
    expect(site(callingPlan)).toEqual([]);
    const drWithout = scanParts({
      users: [testUser('clerk', { TeamsSharedCallingRoutingPolicy: 'Site1' })],
      sharedCallingPolicies: [sharedPolicy('Site1', account.ObjectId)],
      resourceAccounts: [account],
      phoneNumbers: [phoneNumber(MAIN, { Usage: 'Service', LocationId: 'loc-1' })],
      emergencyCallRoutingPolicies: [usagePolicy('Global')],
    });
    expect(summary(drWithout)).toEqual([['SC23', sipOf('clerk'), ['Global']]]);
    const cpWith = site({ ...callingPlan, emergencyUsages: ['US-Emergency'] });
    expect(summary(cpWith)).toEqual([['SC23', sipOf('clerk'), ['Emergency']]]);
    expect(codesOf(site({ number: { NumberType: 'OperatorConnect' }, emergencyUsages: ['US'] }))).toEqual(['SC23', 'SC13']);
  });

  it('skips SC23 when the emergency routing policy is not in the snapshot', () => {
    expect(site({ clerk: { TeamsEmergencyCallRoutingPolicy: 'Unknown' } })).toEqual([]);
  });

  it('reports a Shared Calling policy that does not exist, alone (SC24)', () => {
    const findings = site({ clerk: { TeamsSharedCallingRoutingPolicy: 'Tag:Gone', LineUri: '+14155550142' } });
    expect(summary(findings)).toEqual([['SC24', sipOf('clerk'), ['Gone']]]);
  });
});
