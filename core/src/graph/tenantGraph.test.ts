import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../model/finding.js';
import { createTenantLookup } from '../model/lookup.js';
import type { CallingSettings, PhoneNumber, ResourceAccount, SharedCallingPolicy, Tenant, User } from '../model/tenant.js';
import { scanTenant } from '../health/healthScan.js';
import { delegate, membership, objectIdOf, phoneNumber, resourceAccount, sharedPolicy, testPolicy, testSettings, testTenant, testUser, usagePolicy } from '../testing/testTenant.js';
import { HealthIndex } from './healthIndex.js';
import type { TenantEdit } from './tenantEdit.js';
import { TenantGraph } from './tenantGraph.js';

/*
 * The incremental index must always equal a fresh full scan. Small random tenants with
 * collisions made likely: a handful of aliases, each written in several spellings, some
 * never existing; users whose UPN or SIP collides with another user's; settings keyed by
 * any spelling; numbers with and without `tel:`; policies named with and without `Tag:`.
 */

const ALIASES = ['ann', 'bob', 'cat', 'dan', 'eve'];
const GHOSTS = ['ghost', 'zed'];
const NUMBERS = ['+14155550100', '+14155550101', '+14155550102', '+14155550103'];
const RAS = ['ra1', 'ra2'];

const alias = fc.constantFrom(...ALIASES);
const anyAlias = fc.constantFrom(...ALIASES, ...GHOSTS);

/** A reference to a person in any spelling Teams accepts. */
const personRef = fc.tuple(anyAlias, fc.nat(5)).map(([name, form]) =>
  [`sip:${name}@contoso.com`, `SIP:${name.toUpperCase()}@Contoso.com`, `${name}@contoso.com`, objectIdOf(name), objectIdOf(name).toUpperCase(), ` ${name}@CONTOSO.com `][form] ?? name,
);
const numberRef = fc.tuple(fc.constantFrom(...NUMBERS), fc.boolean()).map(([number, tel]) => (tel ? `tel:${number}` : number));
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null });
const policyName = (...names: string[]) => maybe(fc.constantFrom(...names));

const userArb: fc.Arbitrary<User> = fc
  .record({
    name: alias,
    upn: fc.option(alias, { freq: 3 }),
    sip: fc.option(alias, { freq: 3 }),
    enabled: fc.boolean(),
    license: fc.boolean(),
    mode: fc.constantFrom('TeamsOnly', 'TeamsOnly', 'Islands' as const),
    voice: fc.boolean(),
    line: maybe(numberRef),
    calling: policyName('Global', 'Tag:NoGroups', 'nogroups', 'Missing'),
    routing: policyName('Tag:Usages', 'Empty', 'Missing'),
    emergency: policyName('DR', 'Tag:NoUsages', 'Missing'),
    shared: policyName('Tag:Site1', 'site2', 'Missing'),
  })
  .map((r) =>
    testUser(r.name, {
      UserPrincipalName: `${r.upn ?? r.name}@contoso.com`,
      SipAddress: r.sip === null ? `sip:${r.name}@contoso.com` : `SIP:${r.sip}@Contoso.com`,
      AccountEnabled: r.enabled,
      HasTeamsPhoneLicense: r.license,
      TeamsUpgradeEffectiveMode: r.mode,
      EnterpriseVoiceEnabled: r.voice,
      LineUri: r.line,
      TeamsCallingPolicy: r.calling,
      OnlineVoiceRoutingPolicy: r.routing,
      TeamsEmergencyCallRoutingPolicy: r.emergency,
      TeamsSharedCallingRoutingPolicy: r.shared,
    }),
  );

const targetType = maybe(fc.constantFrom('Group', 'MyDelegates', 'Voicemail', 'SingleTarget' as const));
const settingsArb: fc.Arbitrary<CallingSettings> = fc
  .record({
    owner: anyAlias,
    spelling: fc.constantFrom('sip', 'bare', 'upper'),
    targets: fc.oneof(fc.array(personRef, { maxLength: 2 }), fc.array(personRef, { maxLength: 8 })),
    inOrder: fc.boolean(),
    forwarding: fc.boolean(),
    forwardingType: targetType,
    unanswered: fc.boolean(),
    unansweredType: targetType,
    delay: fc.constantFrom('00:00:20', '00:00:05', '00:00:25', '00:01:00', 'soon'),
    details: fc.array(fc.tuple(personRef, fc.constantFrom('Ring', 'Banner', 'Mute', 'Mute' as const)), { maxLength: 3 }),
    override: maybe(fc.constantFrom('Ring', 'Banner', 'Mute', 'Mute', 'Mute' as const)),
    delegates: fc.array(fc.tuple(personRef, fc.boolean()), { maxLength: 3 }),
  })
  .map((r) =>
    testSettings(r.owner, {
      SipUri: { sip: `sip:${r.owner}@contoso.com`, bare: `${r.owner}@contoso.com`, upper: `SIP:${r.owner.toUpperCase()}@CONTOSO.COM` }[r.spelling],
      CallGroupTargets: r.targets,
      CallGroupOrder: r.inOrder ? 'InOrder' : 'Simultaneous',
      IsForwardingEnabled: r.forwarding,
      ForwardingTargetType: r.forwardingType,
      IsUnansweredEnabled: r.unanswered,
      UnansweredTargetType: r.unansweredType,
      UnansweredDelay: r.delay,
      GroupMembershipDetails: r.details.map(([owner, setting]) => membership(owner, setting)),
      GroupNotificationOverride: r.override,
      Delegates: r.delegates.map(([id, receive]) => delegate(id, { ReceiveCalls: receive })),
    }),
  );

const callingPolicyArb = fc
  .record({ name: fc.constantFrom('Global', 'Tag:NoGroups', 'Tag:Missing'), groups: fc.boolean(), delegation: fc.boolean(), pstn: fc.constantFrom('RegularIncoming', 'Voicemail', 'UserOverride' as const) })
  .map((r) => testPolicy(r.name, { AllowCallGroups: r.groups, AllowDelegation: r.delegation, InboundPstnCallRoutingTreatment: r.pstn }));
const usageArb = (...names: string[]) =>
  fc.tuple(fc.constantFrom(...names), fc.boolean()).map(([name, usages]) => usagePolicy(name, usages ? ['US'] : []));
const voiceArb = usageArb('Global', 'Usages', 'Tag:Empty');
const emergencyArb = usageArb('Global', 'Tag:DR', 'NoUsages');
const raRef = fc.constantFrom('ra1@contoso.com', objectIdOf('ra:ra1'), 'RA2@contoso.com', 'missing-ra@contoso.com');
const sharedArb: fc.Arbitrary<SharedCallingPolicy> = fc
  .record({ name: fc.constantFrom('Tag:Site1', 'Site2', 'Global'), account: raRef, numbers: fc.array(numberRef, { maxLength: 3 }) })
  .map((r) => sharedPolicy(r.name, r.account, r.numbers));
const accountArb: fc.Arbitrary<ResourceAccount> = fc
  .record({ name: fc.constantFrom(...RAS), upn: fc.constantFrom(...RAS), number: maybe(numberRef), attendant: fc.boolean(), funded: fc.boolean() })
  .map((r) =>
    resourceAccount(r.name, { UserPrincipalName: `${r.upn}@contoso.com`, PhoneNumber: r.number, AssociatedAutoAttendants: r.attendant ? ['AA'] : [], CommunicationCreditsFunded: r.funded }),
  );
const assignedArb = fc.oneof(fc.constant(null), personRef, raRef, fc.constant(objectIdOf('ra:ra2')), fc.constant('TeamsSharedCallingRoutingPolicy|Tag:Site1'));
const numberArb: fc.Arbitrary<PhoneNumber> = fc
  .record({
    number: numberRef,
    type: fc.constantFrom('CallingPlan', 'OperatorConnect', 'DirectRouting' as const),
    country: fc.constantFrom('US', 'AU'),
    usage: fc.constantFrom('Subscriber', 'Service', 'TollFreeService' as const),
    assigned: assignedArb,
    location: maybe(fc.constant('loc-1')),
  })
  .map((r) => phoneNumber(r.number, { NumberType: r.type, IsoCountryCode: r.country, Usage: r.usage, AssignedPstnTargetId: r.assigned, LocationId: r.location }));

const tenantArb: fc.Arbitrary<Tenant> = fc
  .record({
    users: fc.uniqueArray(userArb, { maxLength: 5, selector: (u) => u.Identity }),
    callingSettings: fc.array(settingsArb, { maxLength: 5 }),
    callingPolicies: fc.array(callingPolicyArb, { maxLength: 2 }),
    voiceRoutingPolicies: fc.array(voiceArb, { maxLength: 2 }),
    emergencyCallRoutingPolicies: fc.array(emergencyArb, { maxLength: 2 }),
    sharedCallingPolicies: fc.array(sharedArb, { maxLength: 2 }),
    resourceAccounts: fc.uniqueArray(accountArb, { maxLength: 2, selector: (a) => a.ObjectId }),
    phoneNumbers: fc.array(numberArb, { maxLength: 4 }),
  })
  .map((parts) => testTenant(parts));

const policyIdentity = fc.constantFrom('Global', 'Tag:NoGroups', 'nogroups', 'Usages', 'Tag:DR', 'Site1', 'tag:site2', 'Missing');
const editArb: fc.Arbitrary<TenantEdit> = fc.oneof(
  { arbitrary: settingsArb.map((s) => ({ kind: 'setCallingSettings', settings: s }) as const), weight: 5 },
  { arbitrary: userArb.map((u) => ({ kind: 'upsertUser', user: u }) as const), weight: 4 },
  { arbitrary: personRef.map((ref) => ({ kind: 'removeUser', ref }) as const), weight: 2 },
  callingPolicyArb.map((policy) => ({ kind: 'upsertCallingPolicy', policy }) as const),
  policyIdentity.map((identity) => ({ kind: 'removeCallingPolicy', identity }) as const),
  voiceArb.map((policy) => ({ kind: 'upsertVoiceRoutingPolicy', policy }) as const),
  policyIdentity.map((identity) => ({ kind: 'removeVoiceRoutingPolicy', identity }) as const),
  emergencyArb.map((policy) => ({ kind: 'upsertEmergencyRoutingPolicy', policy }) as const),
  policyIdentity.map((identity) => ({ kind: 'removeEmergencyRoutingPolicy', identity }) as const),
  sharedArb.map((policy) => ({ kind: 'upsertSharedCallingPolicy', policy }) as const),
  policyIdentity.map((identity) => ({ kind: 'removeSharedCallingPolicy', identity }) as const),
  accountArb.map((account) => ({ kind: 'upsertResourceAccount', account }) as const),
  raRef.map((ref) => ({ kind: 'removeResourceAccount', ref }) as const),
  numberArb.map((number) => ({ kind: 'upsertPhoneNumber', number }) as const),
  numberRef.map((number) => ({ kind: 'removePhoneNumber', number }) as const),
);

/** Order-insensitive comparison form of a list of findings. */
function canonical(findings: readonly Finding[]): string[] {
  return findings.map((finding) => JSON.stringify(finding)).sort();
}

/** The oracle: a fresh full scan of the graph's current state through the plain snapshot lookup. */
function freshScan(graph: TenantGraph): string[] {
  return canonical(scanTenant(createTenantLookup(graph.toTenant())));
}

describe('TenantGraph and HealthIndex', () => {
  it('build the same findings as the full scan of the tenant', () => {
    fc.assert(
      fc.property(tenantArb, (start) => {
        const index = HealthIndex.build(TenantGraph.fromTenant(start));
        expect(canonical(index.findings())).toEqual(canonical(scanTenant(createTenantLookup(start))));
      }),
      { numRuns: 300 },
    );
  });

  it('keep the incremental findings equal to a fresh full scan after every edit', () => {
    fc.assert(
      fc.property(tenantArb, fc.array(editArb, { minLength: 1, maxLength: 25 }), (start, edits) => {
        const graph = TenantGraph.fromTenant(start);
        const index = HealthIndex.build(graph);
        for (const edit of edits) {
          const before = new Set(canonical(index.findings()));
          const delta = index.apply(edit);
          const after = canonical(index.findings());
          expect(after).toEqual(freshScan(graph));
          // The delta describes exactly the difference.
          const afterSet = new Set(after);
          for (const finding of delta.added) expect(before.has(JSON.stringify(finding))).toBe(false);
          for (const finding of delta.resolved) expect(afterSet.has(JSON.stringify(finding))).toBe(false);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('reads as the same lookup as the snapshot lookup after edits', () => {
    fc.assert(
      fc.property(tenantArb, fc.array(editArb, { maxLength: 15 }), fc.array(personRef, { minLength: 1, maxLength: 6 }), (start, edits, refs) => {
        const graph = TenantGraph.fromTenant(start);
        for (const edit of edits) HealthIndex.build(graph).apply(edit);
        const plain = createTenantLookup(graph.toTenant());
        for (const ref of refs) expect(graph.userByRef(ref)?.Identity).toBe(plain.userByRef(ref)?.Identity);
        for (const u of graph.users()) expect(graph.settingsOf(u)).toEqual(plain.settingsOf(u));
        for (const u of graph.users()) expect(graph.callingPolicyOf(u)).toEqual(plain.callingPolicyOf(u));
      }),
      { numRuns: 200 },
    );
  });
});
