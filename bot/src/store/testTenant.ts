import type { Tenant, User } from '@cgm/core';
import { namedUser, sharedPolicy, testPolicy, testSettings, testTenant, usagePolicy } from '../../../core/src/testing/testTenant.js';

/**
 * Test support for the stores: a small hand-made tenant and a large regular one, built
 * without I/O or randomness so every run imports the same data. The builders are
 * core's (core/src/testing/testTenant.ts); users here are named like people
 * (`namedUser`).
 */

/** Tenant id and capture time of the tenants below. */
const STORE_TENANT = { tenantId: 'tenant-test', capturedAt: '2026-11-01T08:30:00Z' } as const;

const FIRST = ['Alex', 'Joni', 'Lidia', 'Megan', 'Nestor', 'Patti', 'Diego', 'Isaiah', 'Lynne', 'Miriam'];
const LAST = ['Wilber', 'Sherman', 'Holloway', 'Bowen', 'Wilke', 'Fernandez', 'Siciliani', 'Langer', 'Robbins', 'Graham'];

/**
 * `count` users, every one with settings; every tenth user owns a call group of five
 * members written as SIP URI, UPN and object id in turn, and the members record a
 * notification choice. Shaped like a real tenant's proportions, not its defects.
 */
export function largeTestTenant(count: number): Tenant {
  const users: User[] = [];
  for (let i = 0; i < count; i += 1) {
    const name = `${FIRST[i % FIRST.length] ?? ''} ${LAST[Math.floor(i / FIRST.length) % LAST.length] ?? ''} ${i}`;
    users.push(namedUser(name, { Identity: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, Department: `Dept ${i % 40}` }));
  }
  const spell = (user: User, k: number) => [user.SipAddress.toUpperCase(), user.UserPrincipalName, user.Identity][k % 3] ?? user.SipAddress;
  const callingSettings = users.map((user, i) => {
    const owner = i % 10 === 0;
    const members = owner ? [1, 2, 3, 4, 5].flatMap((k) => users[(i + k * 7) % count] ?? []) : [];
    const ownerOf = i % 10 === 0 ? [] : [users[i - (i % 10)] ?? user];
    return testSettings(user, {
      CallGroupTargets: members.map(spell),
      IsForwardingEnabled: owner,
      ForwardingType: owner ? 'Simultaneous' : null,
      ForwardingTargetType: owner ? 'Group' : null,
      GroupMembershipDetails: ownerOf.map((o) => ({ CallGroupOwnerId: o.SipAddress, NotificationSetting: 'Ring' as const })),
    });
  });
  return testTenant({ ...STORE_TENANT, users, callingSettings, callingPolicies: [testPolicy('Global')] });
}

/** The people of `sampleTenant`; Joni and Lidia have unusual SIP spellings, Megan a hyphenated name and no licence. */
export const alex = namedUser('Alex Wilber');
export const joni = namedUser('Joni Sherman', { UserPrincipalName: 'Joni.Sherman@Contoso.com', SipAddress: 'SIP:Joni.Sherman@contoso.com' });
export const lidia = namedUser('Lidia Holloway', { SipAddress: 'lidia@contoso.com', Department: 'Support', LineUri: 'tel:+14155550142' });
export const megan = namedUser('Megan Bowen-Smith', { HasTeamsPhoneLicense: false, TeamsSharedCallingRoutingPolicy: 'Store12' });

export const alexSettings = testSettings(alex, {
  CallGroupOrder: 'InOrder',
  // Every identity spelling Teams accepts, a member who left, and a duplicate (CG11).
  CallGroupTargets: ['SIP:Joni.Sherman@contoso.com', 'id-lidia-holloway', 'megan.bowen-smith@contoso.com', 'sip:gone@contoso.com', 'joni.sherman@contoso.com'],
  IsForwardingEnabled: true,
  ForwardingType: 'Simultaneous',
  ForwardingTargetType: 'Group',
});
export const joniSettings = testSettings(joni, { GroupMembershipDetails: [{ CallGroupOwnerId: 'ID-ALEX-WILBER', NotificationSetting: 'Banner' }] });
export const lidiaSettings = testSettings(lidia, {
  CallGroupTargets: ['alex.wilber@contoso.com'],
  GroupMembershipDetails: [{ CallGroupOwnerId: 'Alex.Wilber@contoso.com', NotificationSetting: 'Mute' }],
  Delegates: [{ Id: 'alex.wilber@contoso.com', MakeCalls: true, ManageSettings: false, ReceiveCalls: true, PickUpHeldCalls: false, JoinActiveCalls: false }],
});

/** A small tenant with every identity spelling, a departed member, a duplicate target and one of every kind of record. */
export const sampleTenant: Tenant = testTenant({
  ...STORE_TENANT,
  users: [alex, joni, lidia, megan],
  callingSettings: [alexSettings, joniSettings, lidiaSettings],
  callingPolicies: [
    testPolicy('Global'),
    testPolicy('Tag:NoGroups', { AllowCallGroups: false, AllowCallForwardingToPhone: false, AllowVoicemail: 'AlwaysEnabled', InboundPstnCallRoutingTreatment: 'Voicemail', InboundFederatedCallRoutingTreatment: 'Unanswered', BusyOnBusyEnabledType: 'UserOverride' }),
  ],
  voiceRoutingPolicies: [usagePolicy('Tag:US', ['US', 'US-Toll'])],
  emergencyCallRoutingPolicies: [usagePolicy('Global'), usagePolicy('Tag:DR-Emergency', ['US-Emergency'])],
  sharedCallingPolicies: [sharedPolicy('Tag:Store12', 'store12-aa@contoso.com', ['+14155550199'])],
  resourceAccounts: [
    { ObjectId: 'c0ffee00-1111', UserPrincipalName: 'Store12-AA@contoso.com', DisplayName: 'Store 12 main line', PhoneNumber: 'tel:+14155550100', ApplicationId: 'ce933385-9390-45d1-9512-c8d228074e07', AssociatedAutoAttendants: ['Store 12 attendant'], HasPayAsYouGoCallingPlan: false, CommunicationCreditsFunded: true },
  ],
  phoneNumbers: [
    { TelephoneNumber: '+14155550100', NumberType: 'DirectRouting', IsoCountryCode: 'US', Usage: 'Service', AssignedPstnTargetId: 'c0ffee00-1111', LocationId: 'loc-1' },
    { TelephoneNumber: 'tel:+14155550199;ext=12', NumberType: 'CallingPlan', IsoCountryCode: 'US', Usage: 'Subscriber', AssignedPstnTargetId: 'TeamsSharedCallingRoutingPolicy|Tag:Store12', LocationId: null },
  ],
});

/** When test tenants were read from Teams. */
export const SYNCED_AT = new Date('2026-11-01T09:00:00Z');
