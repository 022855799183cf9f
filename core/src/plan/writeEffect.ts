import type { CallGroupOrder, CallingSettings, Delegate, ForwardingType, NotificationSetting, TargetType } from '../model/tenant.js';
import { sameRef } from './settingsGroup.js';
import type { MembershipDetailValue, SettingsWrite, SettingsWriteValue } from './settingsWrite.js';

function param(write: SettingsWrite, name: string): SettingsWriteValue {
  return Object.hasOwn(write.parameters, name) ? (write.parameters[name] ?? null) : null;
}
const flag = (write: SettingsWrite, name: string): boolean => param(write, name) === true;
const text = (write: SettingsWrite, name: string): string | null => {
  const value = param(write, name);
  return typeof value === 'string' ? value : null;
};

function delegateFrom(write: SettingsWrite, id: string): Delegate {
  return {
    Id: id,
    MakeCalls: flag(write, 'MakeCalls'),
    ManageSettings: flag(write, 'ManageSettings'),
    ReceiveCalls: flag(write, 'ReceiveCalls'),
    PickUpHeldCalls: flag(write, 'PickUpHeldCalls'),
    JoinActiveCalls: flag(write, 'JoinActiveCalls'),
  };
}

function applyDelegateWrite(settings: CallingSettings, write: SettingsWrite): CallingSettings {
  const id = text(write, 'Delegate') ?? '';
  const others = settings.Delegates.filter((d) => !sameRef(d.Id, id));
  switch (write.cmdlet) {
    case 'Remove-CsUserCallingDelegate':
      return { ...settings, Delegates: others };
    case 'New-CsUserCallingDelegate':
      return { ...settings, Delegates: [...others, delegateFrom(write, id)] };
    default:
      // Set-CsUserCallingDelegate changes the delegate in place (the planner writes every permission).
      return { ...settings, Delegates: settings.Delegates.map((d) => (sameRef(d.Id, id) ? delegateFrom(write, d.Id) : d)) };
  }
}

/**
 * The settings after Teams accepts a write: only the written group changes. The OnOff
 * sets change only the switch and keep the stored type and target, as
 * Get-CsUserCallingSettings shows (IsForwardingEnabled False with ForwardingType still
 * Immediate). Used to check every intermediate state of a plan, and usable by the local
 * gateway to apply writes to the embedded tenant.
 */
export function applySettingsWrite(settings: CallingSettings, write: SettingsWrite): CallingSettings {
  if (write.cmdlet !== 'Set-CsUserCallingSettings') return applyDelegateWrite(settings, write);
  switch (write.parameterSet) {
    case 'ForwardingOnOff':
      return { ...settings, IsForwardingEnabled: flag(write, 'IsForwardingEnabled') };
    case 'Forwarding':
      return {
        ...settings,
        IsForwardingEnabled: flag(write, 'IsForwardingEnabled'),
        ForwardingType: text(write, 'ForwardingType') as ForwardingType | null,
        ForwardingTargetType: text(write, 'ForwardingTargetType') as TargetType | null,
        ForwardingTarget: text(write, 'ForwardingTarget'),
      };
    case 'UnansweredOnOff':
      return { ...settings, IsUnansweredEnabled: flag(write, 'IsUnansweredEnabled') };
    case 'Unanswered':
      return {
        ...settings,
        IsUnansweredEnabled: flag(write, 'IsUnansweredEnabled'),
        UnansweredTargetType: text(write, 'UnansweredTargetType') as TargetType | null,
        UnansweredTarget: text(write, 'UnansweredTarget'),
        UnansweredDelay: text(write, 'UnansweredDelay') ?? settings.UnansweredDelay,
      };
    case 'CallGroup':
      return {
        ...settings,
        CallGroupOrder: (text(write, 'CallGroupOrder') ?? settings.CallGroupOrder) as CallGroupOrder,
        CallGroupTargets: [...((param(write, 'CallGroupTargets') ?? []) as readonly string[])],
      };
    case 'CallGroupMembership':
      return { ...settings, GroupMembershipDetails: [...((param(write, 'GroupMembershipDetails') ?? []) as readonly MembershipDetailValue[])] };
    case 'CallGroupNotification':
      return { ...settings, GroupNotificationOverride: text(write, 'GroupNotificationOverride') as NotificationSetting | null };
    case 'Delegate':
      return settings;
  }
}
