import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import example from './fixtures/snapshot-example.json' with { type: 'json' };
import { readSnapshotBody } from './snapshotFastPath.js';
import { snapshotBodySchema } from './snapshotSchema.js';

/**
 * The fast path must agree with the schema on every document: accept what it accepts
 * with an equal value, and hand back (INVALID) whatever it rejects. Documents here are
 * valid (any spelling the schema takes, properties possibly missing) with at most one
 * property then set to a tricky value, so each disagreement has nowhere to hide.
 */

const word = fc.constantFrom('a', 'Alex', ' b ', 'id-1');
const text = fc.oneof(word, fc.constantFrom(null, ''));
const bool = fc.boolean();
const sip = fc.constantFrom('sip:a@contoso.com', 'A@Contoso.com', ' SIP:b@c.d ');
const phone = fc.constantFrom('tel:+14255550100', '+14255550101;EXT=5', '1234', ' +442071234567 ', 'TEL:+14255550102');
const e164 = fc.constantFrom('tel:+14255550100', '+14255550101;ext=5', ' +442071234567', 'TEL:+14255550102');
const spell = (...values: string[]) => fc.constantFrom(...values, ...values.map((v) => v.toLowerCase()), ...values.map((v) => v.toUpperCase()));
const nullable = (value: fc.Arbitrary<unknown>) => fc.oneof(value, fc.constant(null));
const emptyable = (value: fc.Arbitrary<unknown>) => fc.oneof(value, fc.constantFrom(null, ''));
const words = fc.array(word, { maxLength: 3 });
const listOf = (item: fc.Arbitrary<unknown>) => fc.array(item, { maxLength: 3 });

type Shape = Record<string, fc.Arbitrary<unknown>>;
const record = (shape: Shape, requiredKeys: string[] = []) => fc.record(shape, { requiredKeys });

const SHAPES = {
  membership: { CallGroupOwnerId: word, NotificationSetting: spell('Ring', 'Mute') },
  delegate: { Id: word, MakeCalls: bool, ManageSettings: bool, ReceiveCalls: bool, PickUpHeldCalls: bool, JoinActiveCalls: bool },
  user: {
    Identity: word,
    UserPrincipalName: word,
    SipAddress: sip,
    DisplayName: nullable(text),
    Department: nullable(text),
    AccountEnabled: bool,
    TeamsUpgradeEffectiveMode: spell('TeamsOnly', 'Islands'),
    EnterpriseVoiceEnabled: bool,
    HasTeamsPhoneLicense: bool,
    LineUri: emptyable(phone),
    TeamsCallingPolicy: text,
    OnlineVoiceRoutingPolicy: text,
    TeamsEmergencyCallRoutingPolicy: text,
    TeamsSharedCallingRoutingPolicy: text,
  },
  callingPolicy: {
    Identity: word,
    AllowCallGroups: bool,
    AllowDelegation: bool,
    AllowCallForwardingToUser: bool,
    AllowCallForwardingToPhone: bool,
    AllowVoicemail: spell('AlwaysEnabled', 'UserOverride'),
    InboundPstnCallRoutingTreatment: spell('RegularIncoming', 'UserOverride'),
    InboundFederatedCallRoutingTreatment: spell('Voicemail'),
    BusyOnBusyEnabledType: spell('Enabled', 'Disabled'),
  },
  usagePolicy: { Identity: word, OnlinePstnUsages: words },
  sharedPolicy: { Identity: word, ResourceAccount: word, EmergencyNumbers: fc.array(phone, { maxLength: 2 }), Description: text },
  account: {
    ObjectId: word,
    UserPrincipalName: word,
    DisplayName: text,
    PhoneNumber: emptyable(phone),
    ApplicationId: word,
    AssociatedAutoAttendants: words,
    HasPayAsYouGoCallingPlan: bool,
    CommunicationCreditsFunded: bool,
  },
  phoneNumber: {
    TelephoneNumber: e164,
    NumberType: spell('CallingPlan', 'DirectRouting'),
    IsoCountryCode: fc.constantFrom('US', 'gb', 'Ro'),
    Usage: spell('Service', 'TollFreeService'),
    AssignedPstnTargetId: text,
    LocationId: text,
  },
} satisfies Record<string, Shape>;

const settingsShape: Shape = {
  SipUri: sip,
  IsForwardingEnabled: nullable(bool),
  ForwardingType: emptyable(spell('Immediate', 'Simultaneous')),
  ForwardingTargetType: emptyable(spell('Group', 'MyDelegates')),
  ForwardingTarget: text,
  IsUnansweredEnabled: nullable(bool),
  UnansweredTargetType: emptyable(spell('Voicemail', 'SingleTarget')),
  UnansweredTarget: text,
  UnansweredDelay: fc.constantFrom('00:00:20', '00:00:25', ' 00:01:00', '99:59:59'),
  CallGroupOrder: spell('Simultaneous', 'InOrder'),
  CallGroupTargets: words,
  GroupMembershipDetails: listOf(record(SHAPES.membership, ['CallGroupOwnerId'])),
  GroupNotificationOverride: emptyable(spell('Banner', 'Mute')),
  Delegates: listOf(record(SHAPES.delegate, ['Id', 'MakeCalls', 'ManageSettings', 'ReceiveCalls'])),
};

/** Which list holds which kind of record, with the properties a record of that kind may have. */
const LISTS: Record<string, readonly string[]> = {
  users: Object.keys(SHAPES.user),
  callingSettings: Object.keys(settingsShape),
  callingPolicies: Object.keys(SHAPES.callingPolicy),
  voiceRoutingPolicies: Object.keys(SHAPES.usagePolicy),
  emergencyCallRoutingPolicies: Object.keys(SHAPES.usagePolicy),
  sharedCallingPolicies: Object.keys(SHAPES.sharedPolicy),
  resourceAccounts: Object.keys(SHAPES.account),
  phoneNumbers: Object.keys(SHAPES.phoneNumber),
  GroupMembershipDetails: Object.keys(SHAPES.membership),
  Delegates: Object.keys(SHAPES.delegate),
};

const validDocuments = record(
  {
    tenantId: word,
    capturedAt: fc.constantFrom('2026-11-01T08:30:00Z', '2026-11-01T08:30:00.1234567+01:00'),
    users: listOf(record(SHAPES.user, ['Identity', 'UserPrincipalName', 'SipAddress'])),
    callingSettings: listOf(record(settingsShape, ['SipUri'])),
    callingPolicies: listOf(record(SHAPES.callingPolicy, ['Identity'])),
    voiceRoutingPolicies: listOf(record(SHAPES.usagePolicy, ['Identity'])),
    emergencyCallRoutingPolicies: listOf(record(SHAPES.usagePolicy, ['Identity'])),
    sharedCallingPolicies: listOf(record(SHAPES.sharedPolicy, ['Identity', 'ResourceAccount'])),
    resourceAccounts: listOf(record(SHAPES.account, ['ObjectId', 'UserPrincipalName'])),
    phoneNumbers: listOf(record(SHAPES.phoneNumber, ['TelephoneNumber', 'NumberType', 'IsoCountryCode'])),
  },
  ['tenantId', 'capturedAt', 'users'],
);

/** Values that are wrong somewhere and right elsewhere: missing, types, blanks, near-miss formats, other spellings. */
const tricky = fc.oneof(
  { weight: 1, arbitrary: fc.constant(undefined) },
  {
    weight: 3,
    arbitrary: fc.constantFrom<unknown>(
      null, '', '  ', 'junk', true, 0, [], {}, [''], [1], [{}], ['junk'], ['+14255550100'],
      'sip:nobody', 'a@b', 'tel:+1425', '1', '+0123', '12', '00:00:60', '0:00:20', '00:00:05',
      'usa', 'u1', 'teamsonly', 'RING', 'inorder', '2026-11-01', 'Other',
    ),
  },
);

interface Slot {
  readonly container: Record<string, unknown>;
  readonly keys: readonly string[];
}

/** Every record of a document with the properties it may have, the document itself first. */
function slotsOf(document: Record<string, unknown>): Slot[] {
  const slots: Slot[] = [{ container: document, keys: ['tenantId', 'capturedAt', ...Object.keys(LISTS).slice(0, 8)] }];
  const walk = (container: Record<string, unknown>) => {
    for (const [name, keys] of Object.entries(LISTS)) {
      const list = container[name];
      if (!Array.isArray(list)) continue;
      for (const entry of list as Record<string, unknown>[]) {
        slots.push({ container: entry, keys });
        walk(entry);
      }
    }
  };
  walk(document);
  return slots;
}

// The document itself is one slot among dozens of records: pick it more often than its share.
const slotIndex = fc.oneof({ weight: 1, arbitrary: fc.constant(0) }, { weight: 3, arbitrary: fc.nat() });

const mutatedDocuments = fc.tuple(validDocuments, slotIndex, fc.nat(), tricky, fc.boolean()).map(([document, at, key, value, mutate]) => {
  if (!mutate) return document;
  const slots = slotsOf(document);
  const slot = slots[at % slots.length];
  const name = slot?.keys[key % slot.keys.length];
  if (slot && name) slot.container[name] = value;
  return document;
});

function agrees(document: unknown): void {
  const fast = readSnapshotBody(document);
  const runtime = snapshotBodySchema.safeParse(document);
  if (runtime.success) expect(fast).toEqual(runtime.data);
  else expect(fast).toBe(z.INVALID);
}

describe('readSnapshotBody', () => {
  it('reads the example exactly as the schema does', () => {
    expect(readSnapshotBody(example)).toEqual(snapshotBodySchema.parse(example));
  });

  it('answers INVALID for what is not an object', () => {
    expect([readSnapshotBody(null), readSnapshotBody([]), readSnapshotBody('x')]).toEqual([z.INVALID, z.INVALID, z.INVALID]);
  });

  it('generates documents the schema accepts (so the next property compares values)', () => {
    fc.assert(fc.property(validDocuments, (document) => snapshotBodySchema.safeParse(document).success));
  });

  it('accepts and rejects exactly what the schema does, with equal values', () => {
    fc.assert(fc.property(mutatedDocuments, agrees), { numRuns: 4000 });
  });
});
