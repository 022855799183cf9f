import type { TenantLookup } from '../model/lookup.js';
import type { CallingSettings } from '../model/tenant.js';
import { formatDelay } from '../rules/limits.js';
import { canonicalForwardingTarget, canonicalMemberRef, sameMember } from './memberRef.js';
import type { AnsweringChange, ForwardingRule, SettingsChange } from './types.js';

/**
 * The settings a user will have after a change. Set-CsUserCallingSettings has no
 * partial update ("you need to specify all settings with a settings grouping ...
 * start by getting the current settings, making the necessary changes, and then
 * setting/writing all settings within the settings group"), so a change is applied
 * to the whole current settings and every other group is carried over untouched.
 *
 * Pure and total: it does not judge the change (see `validateChange`), it only
 * computes what would be written, in canonical spellings so that the desired state
 * compares cleanly with what Get-CsUserCallingSettings reads back later.
 */
export function applyChange(current: CallingSettings, change: SettingsChange, lookup: TenantLookup): CallingSettings {
  switch (change.kind) {
    case 'callGroup':
      // The cmdlet's CallGroup set writes order and the whole member list together.
      return {
        ...current,
        CallGroupOrder: change.order,
        CallGroupTargets: change.targets.map((target) => canonicalMemberRef(target, lookup)),
      };
    case 'answering':
      return applyAnsweringRules(current, change, (value) => canonicalForwardingTarget(value, lookup));
    case 'membershipNotification':
      // The entry lives on the member and "can be changed, not created": only an
      // existing entry for this owner is updated (validation refuses the rest).
      return {
        ...current,
        GroupMembershipDetails: current.GroupMembershipDetails.map((detail) =>
          sameMember(detail.CallGroupOwnerId, change.ownerId, lookup)
            ? { ...detail, NotificationSetting: change.notification }
            : detail,
        ),
      };
    case 'notificationOverride':
      return { ...current, GroupNotificationOverride: change.value };
  }
}

/**
 * True when a rule is written with its whole settings group (the cmdlet's Forwarding
 * or Unanswered set). A rule that is switched off without a target type is the
 * ForwardingOnOff / UnansweredOnOff set: Teams keeps the stored type, target and delay.
 */
export function writesWholeRule(rule: ForwardingRule): boolean {
  return rule.enabled || rule.targetType !== null;
}

/**
 * The answering part of `applyChange`, with the target spelling chosen by the caller: a
 * cover's targets were made canonical when it was validated, so applying it at its start
 * needs no tenant lookup.
 */
export function applyAnsweringRules(current: CallingSettings, change: AnsweringChange, canonicalTarget: (value: string) => string): CallingSettings {
  const { forwarding, unanswered } = change;
  const target = (value: string | null) => (value === null ? null : canonicalTarget(value));
  let next: CallingSettings = { ...current, IsForwardingEnabled: forwarding.enabled, IsUnansweredEnabled: unanswered.enabled };
  if (writesWholeRule(forwarding)) {
    next = {
      ...next,
      ForwardingType: forwarding.type,
      ForwardingTargetType: forwarding.targetType,
      ForwardingTarget: target(forwarding.target),
    };
  }
  if (writesWholeRule(unanswered)) {
    next = {
      ...next,
      UnansweredTargetType: unanswered.targetType,
      UnansweredTarget: target(unanswered.target),
      UnansweredDelay: formatDelay(unanswered.delaySeconds),
    };
  }
  return next;
}
