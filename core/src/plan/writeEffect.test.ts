import { describe, expect, it } from 'vitest';
import { defaultCallingSettings } from '../model/tenant.js';
import { applySettingsWrite } from './writeEffect.js';

const owner = 'sip:o@contoso.com';
const forwardingToGroup = { ...defaultCallingSettings(owner), IsForwardingEnabled: true, ForwardingType: 'Immediate' as const, ForwardingTargetType: 'Group' as const, CallGroupTargets: ['sip:a@contoso.com'] };
const receiver = { Id: 'sip:d@contoso.com', MakeCalls: false, ManageSettings: false, ReceiveCalls: true, PickUpHeldCalls: false, JoinActiveCalls: false };

describe('applySettingsWrite', () => {
  it('switches forwarding off and keeps the stored type and target type, as Get-CsUserCallingSettings shows', () => {
    const after = applySettingsWrite(forwardingToGroup, { cmdlet: 'Set-CsUserCallingSettings', identity: owner, parameterSet: 'ForwardingOnOff', parameters: { IsForwardingEnabled: false }, reason: '' });
    expect(after).toEqual({ ...forwardingToGroup, IsForwardingEnabled: false });
  });

  it('replaces the whole member list and leaves forwarding alone', () => {
    const after = applySettingsWrite(forwardingToGroup, { cmdlet: 'Set-CsUserCallingSettings', identity: owner, parameterSet: 'CallGroup', parameters: { CallGroupOrder: 'InOrder', CallGroupTargets: ['sip:b@contoso.com'] }, reason: '' });
    expect(after).toEqual({ ...forwardingToGroup, CallGroupOrder: 'InOrder', CallGroupTargets: ['sip:b@contoso.com'] });
  });

  it('clears the forwarding target when the Forwarding set omits it', () => {
    const withTarget = { ...forwardingToGroup, ForwardingTarget: '+12065551234' };
    const after = applySettingsWrite(withTarget, { cmdlet: 'Set-CsUserCallingSettings', identity: owner, parameterSet: 'Forwarding', parameters: { IsForwardingEnabled: true, ForwardingType: 'Simultaneous', ForwardingTargetType: 'Voicemail' }, reason: '' });
    expect(after.ForwardingTarget).toBeNull();
  });

  it('adds, changes and removes one delegate per call, matching the id in any spelling', () => {
    const base = defaultCallingSettings(owner);
    const added = applySettingsWrite(base, { cmdlet: 'New-CsUserCallingDelegate', identity: owner, parameterSet: 'Delegate', parameters: { Delegate: 'sip:d@contoso.com', ReceiveCalls: true }, reason: '' });
    expect(added.Delegates).toEqual([receiver]);
    const changed = applySettingsWrite(added, { cmdlet: 'Set-CsUserCallingDelegate', identity: owner, parameterSet: 'Delegate', parameters: { Delegate: 'D@Contoso.com', ReceiveCalls: false, MakeCalls: true }, reason: '' });
    expect(changed.Delegates).toEqual([{ ...receiver, ReceiveCalls: false, MakeCalls: true }]);
    const removed = applySettingsWrite(changed, { cmdlet: 'Remove-CsUserCallingDelegate', identity: owner, parameterSet: 'Delegate', parameters: { Delegate: 'SIP:d@contoso.com' }, reason: '' });
    expect(removed.Delegates).toEqual([]);
  });
});
