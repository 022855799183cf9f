import { describe, expect, it } from 'vitest';
import { applyChange } from './applyChange.js';
import { objectIdOf, sipOf, testLookup, testSettings, testUser } from '../testing/testTenant.js';
import type { AnsweringChange } from './types.js';

const owner = testUser('lidia');
const joni = testUser('joni', { SipAddress: 'SIP:Joni.Sherman@Contoso.com', UserPrincipalName: 'joni@contoso.com' });
const alex = testUser('alex');
const lookup = testLookup({ users: [owner, joni, alex] });
const current = testSettings('lidia', {
  IsForwardingEnabled: true,
  ForwardingType: 'Simultaneous',
  ForwardingTargetType: 'Group',
  IsUnansweredEnabled: true,
  UnansweredTargetType: 'Voicemail',
  UnansweredDelay: '00:00:30',
  CallGroupTargets: ['sip:alex@contoso.com'],
  GroupMembershipDetails: [
    { CallGroupOwnerId: 'sip:alex@contoso.com', NotificationSetting: 'Ring' },
    { CallGroupOwnerId: 'sip:joni.sherman@contoso.com', NotificationSetting: 'Ring' },
  ],
});

const answering = (overrides: Partial<Pick<AnsweringChange, 'forwarding' | 'unanswered'>>): AnsweringChange => ({
  kind: 'answering',
  forwarding: { enabled: false, type: null, targetType: null, target: null },
  unanswered: { enabled: false, targetType: null, target: null, delaySeconds: 20 },
  ...overrides,
});

describe('applyChange', () => {
  it('replaces the order and the whole member list with canonical sip URIs of the members', () => {
    const desired = applyChange(current, { kind: 'callGroup', order: 'InOrder', targets: ['joni@contoso.com', objectIdOf('alex')] }, lookup);
    expect(desired.CallGroupOrder).toBe('InOrder');
    expect(desired.CallGroupTargets).toEqual(['sip:joni.sherman@contoso.com', sipOf('alex')]);
    expect({ ...desired, CallGroupOrder: current.CallGroupOrder, CallGroupTargets: current.CallGroupTargets }).toEqual(current);
  });

  it('keeps unresolved targets lower-cased, adding sip: to SIP-like ones', () => {
    const desired = applyChange(current, { kind: 'callGroup', order: 'Simultaneous', targets: ['Gone@Contoso.com', 'ABCDEF-0001', '+14255550100'] }, lookup);
    expect(desired.CallGroupTargets).toEqual(['sip:gone@contoso.com', 'abcdef-0001', '+14255550100']);
  });

  it('writes both answering rules, the delay as hh:mm:ss and a person target as their sip URI', () => {
    const change = answering({
      forwarding: { enabled: true, type: 'Simultaneous', targetType: 'SingleTarget', target: joni.Identity },
      unanswered: { enabled: true, targetType: 'SingleTarget', target: 'tel:+14255550100', delaySeconds: 60 },
    });
    expect(applyChange(current, change, lookup)).toEqual({
      ...current,
      IsForwardingEnabled: true,
      ForwardingType: 'Simultaneous',
      ForwardingTargetType: 'SingleTarget',
      ForwardingTarget: 'sip:joni.sherman@contoso.com',
      IsUnansweredEnabled: true,
      UnansweredTargetType: 'SingleTarget',
      UnansweredTarget: '+14255550100',
      UnansweredDelay: '00:01:00',
    });
  });

  it('switching a rule off without a target type keeps the stored type, target and delay, as the cmdlet’s OnOff set does', () => {
    const desired = applyChange(current, answering({}), lookup);
    expect(desired).toEqual({ ...current, IsForwardingEnabled: false, IsUnansweredEnabled: false });
  });

  it('switching a rule off with a target type writes the whole rule', () => {
    const change = answering({ unanswered: { enabled: false, targetType: 'Voicemail', target: null, delaySeconds: 5 } });
    const desired = applyChange(current, change, lookup);
    expect([desired.IsUnansweredEnabled, desired.UnansweredTargetType, desired.UnansweredDelay]).toEqual([false, 'Voicemail', '00:00:05']);
  });

  it('changes the notification of the membership entry whose owner matches by any spelling', () => {
    const desired = applyChange(current, { kind: 'membershipNotification', ownerId: joni.Identity, notification: 'Mute' }, lookup);
    expect(desired.GroupMembershipDetails).toEqual([
      { CallGroupOwnerId: 'sip:alex@contoso.com', NotificationSetting: 'Ring' },
      { CallGroupOwnerId: 'sip:joni.sherman@contoso.com', NotificationSetting: 'Mute' },
    ]);
  });

  it('never creates a membership entry', () => {
    const desired = applyChange(current, { kind: 'membershipNotification', ownerId: 'nobody@contoso.com', notification: 'Mute' }, lookup);
    expect(desired.GroupMembershipDetails).toEqual(current.GroupMembershipDetails);
  });

  it('sets and clears the notification override', () => {
    const muted = applyChange(current, { kind: 'notificationOverride', value: 'Mute' }, lookup);
    expect(muted).toEqual({ ...current, GroupNotificationOverride: 'Mute' });
    expect(applyChange(muted, { kind: 'notificationOverride', value: null }, lookup).GroupNotificationOverride).toBeNull();
  });
});
