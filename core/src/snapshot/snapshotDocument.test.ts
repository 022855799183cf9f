import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CallingPolicy, CallingSettings, PhoneNumber, PstnUsagePolicy, ResourceAccount, SharedCallingPolicy, Tenant, User } from '../model/tenant.js';
import { CALL_GROUP_ORDERS, FORWARDING_TYPES, NOTIFICATION_SETTINGS, NUMBER_TYPES, NUMBER_USAGES, TARGET_TYPES, TEAMS_UPGRADE_MODES } from '../model/tenant.js';
import example from './fixtures/snapshot-example.json' with { type: 'json' };
import { toSnapshotDocument } from './snapshotDocument.js';
import { parseSnapshot, parseSnapshotText } from './snapshotParser.js';

/** Small tenants in the parser's normal form (numbers without tel:, country codes upper case, canonical enum spelling). */
const word = fc.string({ minLength: 1, maxLength: 8 }).filter((value) => value.trim() !== '');
const words = fc.array(word, { maxLength: 3 });
const nullableWord = fc.option(fc.string({ maxLength: 8 }), { nil: null });
const policyRef = fc.option(fc.constantFrom('Global', 'Tag:Sales', 'Sales', ''), { nil: null });
const phone = fc.integer({ min: 1_000_000, max: 9_999_999 }).map((n) => `+1425${n}`);
const lineUri = fc.option(fc.oneof(phone, phone.map((n) => `tel:${n}`), fc.constant('1234')), { nil: null });
const pick = <TValue>(values: readonly TValue[]) => fc.constantFrom(...values);
const twoDigits = (max: number) => fc.integer({ min: 0, max }).map((n) => String(n).padStart(2, '0'));

const userAt = (i: number): fc.Arbitrary<User> =>
  fc.record({
    Identity: fc.constant(`id-${i}`),
    UserPrincipalName: fc.constant(`user${i}@contoso.com`),
    SipAddress: fc.constantFrom(`sip:user${i}@contoso.com`, `User${i}@Contoso.com`),
    DisplayName: fc.string({ maxLength: 8 }),
    Department: nullableWord,
    AccountEnabled: fc.boolean(),
    TeamsUpgradeEffectiveMode: pick(TEAMS_UPGRADE_MODES),
    EnterpriseVoiceEnabled: fc.boolean(),
    HasTeamsPhoneLicense: fc.boolean(),
    LineUri: lineUri,
    TeamsCallingPolicy: policyRef,
    OnlineVoiceRoutingPolicy: policyRef,
    TeamsEmergencyCallRoutingPolicy: policyRef,
    TeamsSharedCallingRoutingPolicy: policyRef,
  });

const settingsAt = (i: number): fc.Arbitrary<CallingSettings> =>
  fc.record({
    SipUri: fc.constant(`sip:user${i}@contoso.com`),
    IsForwardingEnabled: fc.boolean(),
    ForwardingType: fc.option(pick(FORWARDING_TYPES), { nil: null }),
    ForwardingTargetType: fc.option(pick(TARGET_TYPES), { nil: null }),
    ForwardingTarget: nullableWord,
    IsUnansweredEnabled: fc.boolean(),
    UnansweredTargetType: fc.option(pick(TARGET_TYPES), { nil: null }),
    UnansweredTarget: nullableWord,
    UnansweredDelay: fc.tuple(twoDigits(99), twoDigits(59), twoDigits(59)).map((parts) => parts.join(':')),
    CallGroupOrder: pick(CALL_GROUP_ORDERS),
    CallGroupTargets: words,
    GroupMembershipDetails: fc.array(fc.record({ CallGroupOwnerId: word, NotificationSetting: pick(NOTIFICATION_SETTINGS) }), { maxLength: 2 }),
    GroupNotificationOverride: fc.option(pick(NOTIFICATION_SETTINGS), { nil: null }),
    Delegates: fc.array(
      fc.record({ Id: word, MakeCalls: fc.boolean(), ManageSettings: fc.boolean(), ReceiveCalls: fc.boolean(), PickUpHeldCalls: fc.boolean(), JoinActiveCalls: fc.boolean() }),
      { maxLength: 2 },
    ),
  });

const callingPolicyAt = (i: number): fc.Arbitrary<CallingPolicy> =>
  fc.record({
    Identity: fc.constant(i === 0 ? 'Global' : `Tag:P${i}`),
    AllowCallGroups: fc.boolean(),
    AllowDelegation: fc.boolean(),
    AllowCallForwardingToUser: fc.boolean(),
    AllowCallForwardingToPhone: fc.boolean(),
    AllowVoicemail: fc.constantFrom('AlwaysEnabled', 'AlwaysDisabled', 'UserOverride'),
    InboundPstnCallRoutingTreatment: fc.constantFrom('RegularIncoming', 'Unanswered', 'Voicemail', 'UserOverride'),
    InboundFederatedCallRoutingTreatment: fc.constantFrom('RegularIncoming', 'Unanswered', 'Voicemail'),
    BusyOnBusyEnabledType: fc.constantFrom('Enabled', 'Unanswered', 'Disabled', 'UserOverride'),
  });

const usagePolicyAt = (i: number): fc.Arbitrary<PstnUsagePolicy> => fc.record({ Identity: fc.constant(`Tag:V${i}`), OnlinePstnUsages: words });

const sharedPolicyAt = (i: number): fc.Arbitrary<SharedCallingPolicy> =>
  fc.record({ Identity: fc.constant(`Tag:S${i}`), ResourceAccount: word, EmergencyNumbers: fc.array(phone, { maxLength: 2 }), Description: nullableWord });

const accountAt = (i: number): fc.Arbitrary<ResourceAccount> =>
  fc.record({
    ObjectId: fc.constant(`ra-${i}`),
    UserPrincipalName: fc.constant(`ra${i}@contoso.com`),
    DisplayName: fc.string({ maxLength: 8 }),
    PhoneNumber: fc.option(phone, { nil: null }),
    ApplicationId: word,
    AssociatedAutoAttendants: words,
    HasPayAsYouGoCallingPlan: fc.boolean(),
    CommunicationCreditsFunded: fc.boolean(),
  });

const numberAt = (i: number): fc.Arbitrary<PhoneNumber> =>
  fc.record({
    TelephoneNumber: fc.constantFrom(`+1425555${1000 + i}`, `+1425555${1000 + i};ext=7`),
    NumberType: pick(NUMBER_TYPES),
    IsoCountryCode: fc.constantFrom('US', 'GB', 'RO'),
    Usage: pick(NUMBER_USAGES),
    AssignedPstnTargetId: nullableWord,
    LocationId: nullableWord,
  });

/** Up to `max` records, the i-th from `at(i)`, so identities never collide. */
const listOf = <TValue>(at: (i: number) => fc.Arbitrary<TValue>, max: number) =>
  fc.nat(max).chain((length) => (length === 0 ? fc.constant([] as TValue[]) : fc.tuple(...Array.from({ length }, (_, i) => at(i)))));

const tenants: fc.Arbitrary<Tenant> = fc.record({
  tenantId: word,
  capturedAt: fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T23:59:59Z'), noInvalidDate: true }).map((date) => date.toISOString()),
  users: listOf(userAt, 4),
  callingSettings: listOf(settingsAt, 4),
  callingPolicies: listOf(callingPolicyAt, 3),
  voiceRoutingPolicies: listOf(usagePolicyAt, 2),
  emergencyCallRoutingPolicies: listOf(usagePolicyAt, 2),
  sharedCallingPolicies: listOf(sharedPolicyAt, 2),
  resourceAccounts: listOf(accountAt, 2),
  phoneNumbers: listOf(numberAt, 3),
});

describe('toSnapshotDocument', () => {
  it('writes format and version first', () => {
    const parsed = parseSnapshot(example);
    if (!parsed.ok) throw new Error('example must parse');
    expect(Object.keys(toSnapshotDocument(parsed.value)).slice(0, 2)).toEqual(['format', 'version']);
    expect(toSnapshotDocument(parsed.value)).toMatchObject({ format: 'cgm.tenant-snapshot', version: 1 });
  });

  it('round-trips the example tenant', () => {
    const parsed = parseSnapshot(example);
    if (!parsed.ok) throw new Error('example must parse');
    expect(parseSnapshot(toSnapshotDocument(parsed.value))).toEqual(parsed);
  });

  it('round-trips any small tenant, as a value and through JSON text', () => {
    fc.assert(
      fc.property(tenants, (tenant) => {
        expect(parseSnapshot(toSnapshotDocument(tenant))).toEqual({ ok: true, value: tenant });
        expect(parseSnapshotText(JSON.stringify(toSnapshotDocument(tenant)))).toEqual({ ok: true, value: tenant });
      }),
      { numRuns: 200 },
    );
  });
});
