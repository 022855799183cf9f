import { normalizeSip, userRefKey } from '../model/identity.js';
import type { CallingSettings, Delegate } from '../model/tenant.js';

/**
 * The settings groups the cmdlets write as a whole: forwarding and unanswered
 * (Set-CsUserCallingSettings, Forwarding/Unanswered sets and their OnOff variants), the
 * call group (CallGroup), the member's notification entries (CallGroupMembership), the
 * override (CallGroupNotification), and the delegates (New-/Set-/Remove-CsUserCallingDelegate).
 */
export type SettingsGroup = 'forwarding' | 'unanswered' | 'callGroup' | 'membership' | 'notification' | 'delegates';

export const SETTINGS_GROUPS: readonly SettingsGroup[] = ['forwarding', 'unanswered', 'callGroup', 'membership', 'notification', 'delegates'];

/** True when two user references (SIP URI in any case, bare address, UPN or object id as written) name the same spelling. */
export function sameRef(a: string, b: string): boolean {
  return userRefKey(a) === userRefKey(b) || normalizeSip(a) === normalizeSip(b);
}

function delegateKey(delegate: Delegate): string {
  const { MakeCalls, ManageSettings, ReceiveCalls, PickUpHeldCalls, JoinActiveCalls } = delegate;
  return JSON.stringify([normalizeSip(delegate.Id), MakeCalls, ManageSettings, ReceiveCalls, PickUpHeldCalls, JoinActiveCalls]);
}

/**
 * What Teams acts on in one group, as a comparable string. A disabled rule is `off`
 * whatever type and target are still stored (the OnOff sets keep them), and a target is
 * only meaningful for SingleTarget (per -ForwardingTarget: "Only used when
 * ForwardingTargetType is SingleTarget").
 */
export function groupKey(group: SettingsGroup, settings: CallingSettings): string {
  switch (group) {
    case 'forwarding':
      if (!settings.IsForwardingEnabled) return 'off';
      return JSON.stringify([
        settings.ForwardingType,
        settings.ForwardingTargetType,
        settings.ForwardingTargetType === 'SingleTarget' ? settings.ForwardingTarget : null,
      ]);
    case 'unanswered':
      if (!settings.IsUnansweredEnabled) return 'off';
      return JSON.stringify([
        settings.UnansweredTargetType,
        settings.UnansweredTargetType === 'SingleTarget' ? settings.UnansweredTarget : null,
        settings.UnansweredDelay,
      ]);
    case 'callGroup':
      return JSON.stringify([settings.CallGroupOrder, settings.CallGroupTargets]);
    case 'membership':
      return JSON.stringify(settings.GroupMembershipDetails.map((d) => [d.CallGroupOwnerId, d.NotificationSetting]));
    case 'notification':
      return String(settings.GroupNotificationOverride);
    case 'delegates':
      return JSON.stringify(settings.Delegates.map(delegateKey).sort());
  }
}

/** The groups whose effective content differs, in `SETTINGS_GROUPS` order. */
export function changedGroups(current: CallingSettings, desired: CallingSettings): SettingsGroup[] {
  return SETTINGS_GROUPS.filter((group) => groupKey(group, current) !== groupKey(group, desired));
}
