import { describe, expect, it } from 'vitest';
import type { CallingSettings } from '../model/tenant.js';
import { defaultCallingSettings } from '../model/tenant.js';
import { needsApproval } from './approvalPolicy.js';
import type { CallGroupChange, NotificationOverrideChange } from './types.js';

const base: CallingSettings = { ...defaultCallingSettings('sip:alex@contoso.com'), CallGroupTargets: ['sip:lee@contoso.com', 'sip:megan@contoso.com'] };
const callGroup: CallGroupChange = { kind: 'callGroup', order: 'Simultaneous', targets: [] };
const override: NotificationOverrideChange = { kind: 'notificationOverride', value: 'Mute' };

describe('needsApproval under the default policy', () => {
  const policy = 'on-add-or-group-forwarding';

  it('asks an approver when a member is added, whatever the spelling of the others', () => {
    const desired = { ...base, CallGroupTargets: ['SIP:Lee@Contoso.com', 'megan@contoso.com', 'sip:adele@contoso.com'] };
    expect(needsApproval(policy, callGroup, base, desired)).toBe(true);
  });

  it('lets removing and reordering members through', () => {
    expect(needsApproval(policy, callGroup, base, { ...base, CallGroupTargets: ['sip:megan@contoso.com'] })).toBe(false);
    expect(needsApproval(policy, callGroup, base, { ...base, CallGroupOrder: 'InOrder', CallGroupTargets: ['megan@contoso.com', 'LEE@contoso.com'] })).toBe(false);
  });

  it('asks when forwarding or unanswered to the group is switched on, not when it stays on or goes off', () => {
    const forwarding = { ...base, IsForwardingEnabled: true, ForwardingType: 'Simultaneous' as const, ForwardingTargetType: 'Group' as const };
    expect(needsApproval(policy, callGroup, base, forwarding)).toBe(true);
    expect(needsApproval(policy, callGroup, forwarding, forwarding)).toBe(false);
    expect(needsApproval(policy, callGroup, forwarding, base)).toBe(false);
    const unanswered = { ...base, IsUnansweredEnabled: true, UnansweredTargetType: 'Group' as const };
    expect(needsApproval(policy, callGroup, base, unanswered)).toBe(true);
  });

  it('never asks for a member’s own notification choice', () => {
    expect(needsApproval(policy, override, base, { ...base, GroupNotificationOverride: 'Mute' })).toBe(false);
  });
});

describe('needsApproval under always and never', () => {
  it('always asks, or never does', () => {
    expect(needsApproval('always', override, base, base)).toBe(true);
    expect(needsApproval('never', callGroup, base, { ...base, CallGroupTargets: [...base.CallGroupTargets, 'sip:adele@contoso.com'] })).toBe(false);
  });
});
