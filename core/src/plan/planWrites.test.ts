import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CallingSettings, Delegate, GroupMembershipDetail } from '../model/tenant.js';
import { TARGET_TYPES, defaultCallingSettings } from '../model/tenant.js';
import { planSettingsWrites } from './planWrites.js';
import { SETTINGS_GROUPS, groupKey } from './settingsGroup.js';
import type { SettingsWrite } from './settingsWrite.js';
import { settingsWriteCheck } from './settingsWriteCheck.js';
import { applySettingsWrite } from './writeEffect.js';

const ID = 'sip:owner@contoso.com';
const base = defaultCallingSettings(ID);
const settings = (patch: Partial<CallingSettings>): CallingSettings => ({ ...base, ...patch });
const delegate = (id: string, receive: boolean): Delegate => ({ Id: id, MakeCalls: false, ManageSettings: false, ReceiveCalls: receive, PickUpHeldCalls: false, JoinActiveCalls: false });
const members = (n: number) => Array.from({ length: n }, (_, i) => `sip:m${i + 1}@contoso.com`);

function plan(current: CallingSettings, desired: CallingSettings): SettingsWrite[] {
  const result = planSettingsWrites(current, desired, ID);
  if (!result.ok) throw new Error(result.problems.map((p) => p.message).join(' '));
  return result.value;
}
const sets = (writes: readonly SettingsWrite[]) => writes.map((w) => (w.cmdlet === 'Set-CsUserCallingSettings' ? w.parameterSet : w.cmdlet));
const problemCodes = (current: CallingSettings, desired: CallingSettings) => {
  const result = planSettingsWrites(current, desired, ID);
  return result.ok ? [] : result.problems.map((p) => p.code);
};

describe('planSettingsWrites ordering', () => {
  it('writes nothing when only stored values of a disabled rule differ', () => {
    expect(plan(base, settings({ ForwardingType: 'Immediate', ForwardingTargetType: 'Voicemail' }))).toEqual([]);
  });

  it('creates the call group before forwarding to it', () => {
    const desired = settings({ CallGroupOrder: 'InOrder', CallGroupTargets: ['sip:a@contoso.com', 'sip:b@contoso.com'], IsForwardingEnabled: true, ForwardingType: 'Immediate', ForwardingTargetType: 'Group' });
    expect(plan(base, desired)).toEqual([
      { cmdlet: 'Set-CsUserCallingSettings', identity: ID, parameterSet: 'CallGroup', parameters: { CallGroupOrder: 'InOrder', CallGroupTargets: ['sip:a@contoso.com', 'sip:b@contoso.com'] }, reason: 'Write the whole call group (the cmdlet replaces the list): 2 members, rung in order; this adds sip:a@contoso.com, sip:b@contoso.com.' },
      { cmdlet: 'Set-CsUserCallingSettings', identity: ID, parameterSet: 'Forwarding', parameters: { IsForwardingEnabled: true, ForwardingType: 'Immediate', ForwardingTargetType: 'Group' }, reason: 'Set forwarding: forward all calls to the call group, now that the call group has members.' },
    ]);
  });

  it('moves forwarding off the group before emptying it', () => {
    const current = settings({ CallGroupTargets: ['sip:a@contoso.com'], IsForwardingEnabled: true, ForwardingType: 'Simultaneous', ForwardingTargetType: 'Group' });
    const desired = { ...current, CallGroupTargets: [], ForwardingTargetType: 'SingleTarget' as const, ForwardingTarget: '+12065551234' };
    const writes = plan(current, desired);
    expect(sets(writes)).toEqual(['Forwarding', 'CallGroup']);
    expect(writes[0]?.parameters).toEqual({ IsForwardingEnabled: true, ForwardingType: 'Simultaneous', ForwardingTargetType: 'SingleTarget', ForwardingTarget: '+12065551234' });
    expect(writes[0]?.reason).toBe('Set forwarding: also ring +12065551234 first, because Teams rejects emptying a call group that calls still go to.');
  });

  it('turns forwarding and unanswered off before emptying the group', () => {
    const current = settings({ CallGroupTargets: ['sip:a@contoso.com'], IsForwardingEnabled: true, ForwardingType: 'Simultaneous', ForwardingTargetType: 'Group', IsUnansweredEnabled: true, UnansweredTargetType: 'Group' });
    const desired = { ...current, CallGroupTargets: [], IsForwardingEnabled: false, IsUnansweredEnabled: false };
    expect(sets(plan(current, desired))).toEqual(['UnansweredOnOff', 'ForwardingOnOff', 'CallGroup']);
  });

  it('disables unanswered-to-voicemail before enabling immediate forwarding', () => {
    const current = settings({ IsUnansweredEnabled: true, UnansweredTargetType: 'Voicemail' });
    const desired = settings({ IsForwardingEnabled: true, ForwardingType: 'Immediate', ForwardingTargetType: 'SingleTarget', ForwardingTarget: 'sip:b@contoso.com' });
    const writes = plan(current, desired);
    expect(sets(writes)).toEqual(['UnansweredOnOff', 'Forwarding']);
    expect(writes[0]?.reason).toBe('Stop the rule "send unanswered calls to voicemail after 20 seconds" first, because immediate forwarding is not saved while unanswered calls go to voicemail.');
  });

  it('moves unanswered from voicemail to a person before enabling immediate forwarding', () => {
    const current = settings({ IsUnansweredEnabled: true, UnansweredTargetType: 'Voicemail' });
    const desired = settings({ IsForwardingEnabled: true, ForwardingType: 'Immediate', ForwardingTargetType: 'Voicemail', IsUnansweredEnabled: true, UnansweredTargetType: 'SingleTarget', UnansweredTarget: '+12065551234', UnansweredDelay: '00:00:30' });
    expect(sets(plan(current, desired))).toEqual(['Unanswered', 'Forwarding']);
  });

  it('adds a receiving delegate before forwarding to delegates', () => {
    const desired = settings({ Delegates: [delegate('sip:d@contoso.com', true)], IsUnansweredEnabled: true, UnansweredTargetType: 'MyDelegates' });
    const writes = plan(base, desired);
    expect(sets(writes)).toEqual(['New-CsUserCallingDelegate', 'Unanswered']);
    expect(writes[0]?.parameters).toEqual({ Delegate: 'sip:d@contoso.com', MakeCalls: false, ReceiveCalls: true, ManageSettings: false, PickUpHeldCalls: false, JoinActiveCalls: false });
  });

  it('turns off forwarding to delegates before removing the last receiving delegate', () => {
    const current = settings({ Delegates: [delegate('sip:d@contoso.com', true)], IsForwardingEnabled: true, ForwardingType: 'Simultaneous', ForwardingTargetType: 'MyDelegates' });
    const writes = plan(current, base);
    expect(sets(writes)).toEqual(['ForwardingOnOff', 'Remove-CsUserCallingDelegate']);
    expect(writes[0]?.reason).toContain('first, because Teams rejects removing the last delegate who receives calls');
  });

  it('swaps the receiving delegate by adding the new one before removing the old one', () => {
    const current = settings({ Delegates: [delegate('sip:old@contoso.com', true)], IsForwardingEnabled: true, ForwardingType: 'Simultaneous', ForwardingTargetType: 'MyDelegates' });
    const desired = { ...current, Delegates: [delegate('sip:new@contoso.com', true)] };
    expect(sets(plan(current, desired))).toEqual(['New-CsUserCallingDelegate', 'Remove-CsUserCallingDelegate']);
  });

  it('repairs forwarding and unanswered to an empty group one write at a time', () => {
    const broken = settings({ IsForwardingEnabled: true, ForwardingType: 'Simultaneous', ForwardingTargetType: 'Group', IsUnansweredEnabled: true, UnansweredTargetType: 'Group' });
    expect(sets(plan(broken, { ...broken, IsForwardingEnabled: false, IsUnansweredEnabled: false }))).toEqual(['UnansweredOnOff', 'ForwardingOnOff']);
  });
});

describe('planSettingsWrites refusals', () => {
  it('accepts InOrder with five members and rejects it with six', () => {
    expect(problemCodes(base, settings({ CallGroupOrder: 'InOrder', CallGroupTargets: members(5) }))).toEqual([]);
    expect(problemCodes(base, settings({ CallGroupOrder: 'InOrder', CallGroupTargets: members(6) }))).toEqual(['in-order-over-five']);
  });

  it('accepts 25 members and rejects 26', () => {
    expect(problemCodes(base, settings({ CallGroupTargets: members(25) }))).toEqual([]);
    expect(problemCodes(base, settings({ CallGroupTargets: members(26) }))).toEqual(['too-many-members']);
  });

  it('rejects an unanswered delay the cmdlet does not take', () => {
    const unanswered = { IsUnansweredEnabled: true, UnansweredTargetType: 'Voicemail' } as const;
    expect(problemCodes(base, settings({ ...unanswered, UnansweredDelay: '00:00:05' }))).toEqual([]);
    expect(problemCodes(base, settings({ ...unanswered, UnansweredDelay: '00:00:25' }))).toEqual(['unsupported-unanswered-delay']);
  });

  it('refuses to clear the notification override and to create a membership entry', () => {
    expect(problemCodes(settings({ GroupNotificationOverride: 'Mute' }), base)).toEqual(['notification-override-cannot-clear']);
    const detail: GroupMembershipDetail = { CallGroupOwnerId: 'sip:boss@contoso.com', NotificationSetting: 'Ring' };
    expect(problemCodes(base, settings({ GroupMembershipDetails: [detail] }))).toEqual(['membership-detail-cannot-be-created']);
    expect(problemCodes(settings({ GroupMembershipDetails: [detail] }), settings({ GroupMembershipDetails: [{ ...detail, NotificationSetting: 'Banner' }] }))).toEqual([]);
  });

  it('refuses desired settings Teams would reject', () => {
    expect(problemCodes(base, settings({ IsForwardingEnabled: true, ForwardingType: 'Immediate', ForwardingTargetType: 'Group' }))).toEqual(['desired-settings-rejected']);
  });

  it('returns a problem, not an exception, when no order works', () => {
    // 25 delegates, one receiver, forwarding to delegates: swapping the receiver needs a 26th delegate or a moment with none.
    const others = Array.from({ length: 24 }, (_, i) => delegate(`sip:d${i}@contoso.com`, false));
    const current = settings({ Delegates: [...others, delegate('sip:old@contoso.com', true)], IsForwardingEnabled: true, ForwardingType: 'Simultaneous', ForwardingTargetType: 'MyDelegates' });
    expect(problemCodes(current, { ...current, Delegates: [...others, delegate('sip:new@contoso.com', true)] })).toEqual(['no-valid-order']);
  });
});

const pool = ['sip:a@contoso.com', 'sip:b@contoso.com', 'sip:c@contoso.com'];
const arbDelegate = fc.record({
  Id: fc.constantFrom('sip:d1@contoso.com', 'sip:d2@contoso.com', 'sip:d3@contoso.com'),
  MakeCalls: fc.boolean(),
  ManageSettings: fc.constant(false),
  ReceiveCalls: fc.boolean(),
  PickUpHeldCalls: fc.constant(false),
  JoinActiveCalls: fc.boolean(),
});
const arbSettings: fc.Arbitrary<CallingSettings> = fc.record({
  SipUri: fc.constant(ID),
  IsForwardingEnabled: fc.boolean(),
  ForwardingType: fc.constantFrom(null, 'Immediate' as const, 'Simultaneous' as const),
  ForwardingTargetType: fc.constantFrom(null, ...TARGET_TYPES),
  ForwardingTarget: fc.constantFrom(null, '+12065551234', 'sip:e@contoso.com'),
  IsUnansweredEnabled: fc.boolean(),
  UnansweredTargetType: fc.constantFrom(null, ...TARGET_TYPES),
  UnansweredTarget: fc.constantFrom(null, '+12065551234'),
  UnansweredDelay: fc.constantFrom('00:00:05', '00:00:20', '00:01:00'),
  CallGroupOrder: fc.constantFrom('Simultaneous' as const, 'InOrder' as const),
  CallGroupTargets: fc.shuffledSubarray(pool),
  GroupMembershipDetails: fc.subarray([
    { CallGroupOwnerId: 'sip:o1@contoso.com', NotificationSetting: 'Ring' as const },
    { CallGroupOwnerId: 'sip:o2@contoso.com', NotificationSetting: 'Mute' as const },
  ]),
  GroupNotificationOverride: fc.constantFrom(null, 'Ring' as const, 'Banner' as const, 'Mute' as const),
  Delegates: fc.uniqueArray(arbDelegate, { selector: (d) => d.Id, maxLength: 3 }),
});

/** Desired values the cmdlet cannot write at all are taken from current: a membership entry cannot be created, the override cannot be cleared. */
function writable(current: CallingSettings, desired: CallingSettings): CallingSettings {
  const owners = new Set(current.GroupMembershipDetails.map((d) => d.CallGroupOwnerId));
  return {
    ...desired,
    GroupMembershipDetails: desired.GroupMembershipDetails.filter((d) => owners.has(d.CallGroupOwnerId)),
    GroupNotificationOverride: desired.GroupNotificationOverride ?? current.GroupNotificationOverride,
  };
}

describe('planSettingsWrites property', () => {
  it('takes any valid settings to any valid settings through valid states only', () => {
    fc.assert(
      fc.property(arbSettings, arbSettings, (current, generated) => {
        const desired = writable(current, generated);
        fc.pre(settingsWriteCheck(current).length === 0 && settingsWriteCheck(desired).length === 0);
        const result = planSettingsWrites(current, desired, ID);
        expect(result.ok).toBe(true);
        if (!result.ok) return;
        let state = current;
        for (const write of result.value) {
          state = applySettingsWrite(state, write);
          expect(settingsWriteCheck(state)).toEqual([]);
        }
        for (const group of SETTINGS_GROUPS) expect(groupKey(group, state)).toBe(groupKey(group, desired));
        const settingsSets = result.value.filter((w) => w.cmdlet === 'Set-CsUserCallingSettings').map((w) => w.parameterSet);
        expect(new Set(settingsSets).size).toBe(settingsSets.length);
      }),
      { numRuns: 1000 },
    );
  });
});
