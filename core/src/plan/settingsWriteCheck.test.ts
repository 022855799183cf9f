import { describe, expect, it } from 'vitest';
import type { CallingSettings } from '../model/tenant.js';
import { defaultCallingSettings } from '../model/tenant.js';
import { introducedProblems, settingsWriteCheck } from './settingsWriteCheck.js';

const base = defaultCallingSettings('sip:owner@contoso.com');
const settings = (patch: Partial<CallingSettings>): CallingSettings => ({ ...base, ...patch });
const receiver = { Id: 'sip:d@contoso.com', MakeCalls: false, ManageSettings: false, ReceiveCalls: true, PickUpHeldCalls: false, JoinActiveCalls: false };

describe('settingsWriteCheck', () => {
  it('accepts the default settings', () => {
    expect(settingsWriteCheck(base)).toEqual([]);
  });

  it('rejects forwarding to a group with no members, and accepts it with one', () => {
    const forwarding = { IsForwardingEnabled: true, ForwardingType: 'Simultaneous', ForwardingTargetType: 'Group' } as const;
    expect(settingsWriteCheck(settings(forwarding))).toEqual(['Forwarding targets the call group, which has no members.']);
    expect(settingsWriteCheck(settings({ ...forwarding, CallGroupTargets: ['sip:a@contoso.com'] }))).toEqual([]);
  });

  it('rejects unanswered calls sent to delegates when no delegate may receive calls', () => {
    const unanswered = { IsUnansweredEnabled: true, UnansweredTargetType: 'MyDelegates' } as const;
    expect(settingsWriteCheck(settings({ ...unanswered, Delegates: [{ ...receiver, ReceiveCalls: false }] }))).toEqual([
      'Unanswered forwarding targets delegates, but no delegate may receive calls.',
    ]);
    expect(settingsWriteCheck(settings({ ...unanswered, Delegates: [receiver] }))).toEqual([]);
  });

  it('rejects simultaneous forwarding to voicemail but accepts immediate', () => {
    const voicemail = { IsForwardingEnabled: true, ForwardingTargetType: 'Voicemail' } as const;
    expect(settingsWriteCheck(settings({ ...voicemail, ForwardingType: 'Simultaneous' }))).toEqual([
      'Forwarding to voicemail is valid for Immediate forwarding only, not Simultaneous.',
    ]);
    expect(settingsWriteCheck(settings({ ...voicemail, ForwardingType: 'Immediate' }))).toEqual([]);
  });

  it('rejects an enabled rule without target type, and SingleTarget without target', () => {
    expect(settingsWriteCheck(settings({ IsUnansweredEnabled: true }))).toEqual(['Unanswered forwarding is enabled without a target type.']);
    expect(settingsWriteCheck(settings({ IsForwardingEnabled: true, ForwardingType: 'Immediate', ForwardingTargetType: 'SingleTarget', ForwardingTarget: ' ' }))).toEqual([
      'Forwarding targets a single target but names none.',
    ]);
  });

  it('rejects immediate forwarding while unanswered calls go to voicemail (field report)', () => {
    const both = settings({ IsForwardingEnabled: true, ForwardingType: 'Immediate', ForwardingTargetType: 'SingleTarget', ForwardingTarget: '+12065551234', IsUnansweredEnabled: true, UnansweredTargetType: 'Voicemail' });
    expect(settingsWriteCheck(both)).toEqual(['Immediate forwarding is not saved while unanswered calls go to voicemail.']);
    expect(settingsWriteCheck({ ...both, ForwardingType: 'Simultaneous' })).toEqual([]);
  });

  it('ignores the stored type of a disabled rule', () => {
    expect(settingsWriteCheck(settings({ IsForwardingEnabled: false, ForwardingType: 'Simultaneous', ForwardingTargetType: 'Group' }))).toEqual([]);
  });
});

describe('introducedProblems', () => {
  const broken = settings({ IsForwardingEnabled: true, ForwardingType: 'Immediate', ForwardingTargetType: 'Group', IsUnansweredEnabled: true, UnansweredTargetType: 'Group' });

  it('allows a step that leaves an existing problem and removes another', () => {
    expect(introducedProblems(broken, { ...broken, IsForwardingEnabled: false })).toEqual([]);
  });

  it('reports a problem the step adds', () => {
    expect(introducedProblems(base, settings({ IsUnansweredEnabled: true }))).toEqual(['Unanswered forwarding is enabled without a target type.']);
  });

  it('rejects adding a 26th delegate but not keeping 26', () => {
    const delegates = Array.from({ length: 25 }, (_, i) => ({ ...receiver, Id: `sip:d${i}@contoso.com` }));
    const full = settings({ Delegates: delegates });
    const over = settings({ Delegates: [...delegates, { ...receiver, Id: 'sip:extra@contoso.com' }] });
    expect(introducedProblems(full, over)).toEqual(['A manager can have at most 25 delegates.']);
    expect(introducedProblems(over, { ...over, GroupNotificationOverride: 'Mute' })).toEqual([]);
  });
});
