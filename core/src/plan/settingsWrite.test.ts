import { describe, expect, it } from 'vitest';
import { defaultCallingSettings } from '../model/tenant.js';
import { planSettingsWrites } from './planWrites.js';
import type { SettingsWrite } from './settingsWrite.js';
import { validateSettingsWrite } from './settingsWrite.js';

const write = (patch: Partial<SettingsWrite>): SettingsWrite => ({
  cmdlet: 'Set-CsUserCallingSettings',
  identity: 'sip:o@contoso.com',
  parameterSet: 'Unanswered',
  parameters: { IsUnansweredEnabled: true, UnansweredTargetType: 'Voicemail', UnansweredDelay: '00:00:20' },
  reason: 'Send unanswered calls to voicemail.',
  ...patch,
});
const codes = (w: SettingsWrite) => validateSettingsWrite(w).map((p) => `${p.code} ${p.path}`);

describe('validateSettingsWrite', () => {
  it('accepts a complete Unanswered write', () => {
    expect(codes(write({}))).toEqual([]);
  });

  it('requires -UnansweredDelay in the Unanswered set', () => {
    expect(codes(write({ parameters: { IsUnansweredEnabled: true, UnansweredTargetType: 'Voicemail' } }))).toEqual(['missing-parameter parameters.UnansweredDelay']);
  });

  it('rejects a delay that is not hh:mm:ss', () => {
    expect(codes(write({ parameters: { IsUnansweredEnabled: true, UnansweredDelay: '20' } }))).toEqual(['invalid-parameter parameters.UnansweredDelay']);
  });

  it('rejects a parameter of another set, since sets cannot be combined', () => {
    expect(codes(write({ parameters: { ...write({}).parameters, IsForwardingEnabled: false } }))).toEqual(['unknown-parameter parameters.IsForwardingEnabled']);
  });

  it('rejects a delegate cmdlet with a settings parameter set, and an empty identity', () => {
    expect(codes(write({ cmdlet: 'Remove-CsUserCallingDelegate' }))).toEqual(['unknown-parameter-set parameterSet']);
    expect(codes(write({ identity: ' ' }))).toEqual(['missing-identity identity']);
    expect(codes(write({ parameterSet: 'constructor' as SettingsWrite['parameterSet'], parameters: {} }))).toEqual(['unknown-parameter-set parameterSet']);
  });

  it('rejects a membership item with an extra property', () => {
    const details = [{ CallGroupOwnerId: 'sip:b@contoso.com', NotificationSetting: 'Ring', Script: 'x' }] as unknown as SettingsWrite['parameters'][string];
    expect(codes(write({ parameterSet: 'CallGroupMembership', parameters: { GroupMembershipDetails: details } }))).toEqual(['invalid-parameter parameters.GroupMembershipDetails']);
  });

  it('plans writes that survive a JSON round trip unchanged', () => {
    const current = { ...defaultCallingSettings('sip:o@contoso.com'), GroupMembershipDetails: [{ CallGroupOwnerId: 'sip:b@contoso.com', NotificationSetting: 'Ring' as const }] };
    const desired = { ...current, CallGroupTargets: ['sip:a@contoso.com'], IsForwardingEnabled: true, ForwardingType: 'Simultaneous' as const, ForwardingTargetType: 'Group' as const, GroupMembershipDetails: [{ CallGroupOwnerId: 'sip:b@contoso.com', NotificationSetting: 'Mute' as const }] };
    const plan = planSettingsWrites(current, desired, 'sip:o@contoso.com');
    expect(plan.ok && plan.value.length).toBe(3);
    if (plan.ok) {
      expect(JSON.parse(JSON.stringify(plan.value))).toEqual(plan.value);
      expect(plan.value.flatMap(validateSettingsWrite)).toEqual([]);
    }
  });
});
