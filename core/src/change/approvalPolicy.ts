import type { CallingSettings } from '../model/tenant.js';
import { normalizeSip } from '../model/identity.js';
import type { SettingsChange } from './types.js';

/**
 * When a change needs an approver. The default asks only where a change reaches other
 * people: members added (they will be alerted for someone else's calls) or calls newly
 * sent to the group. Removing members, reordering, and a member's own Ring / Banner /
 * Mute choice affect only the requester's own calls and go straight through.
 */
export type ApprovalPolicy = 'always' | 'never' | 'on-add-or-group-forwarding';
export const APPROVAL_POLICIES: readonly ApprovalPolicy[] = ['always', 'never', 'on-add-or-group-forwarding'];

const sendsToGroup = (enabled: boolean, targetType: string | null) => enabled && targetType === 'Group';

/** Whether a change from `before` to `desired` waits for an approver under `policy`. */
export function needsApproval(policy: ApprovalPolicy, change: SettingsChange, before: CallingSettings, desired: CallingSettings): boolean {
  if (policy === 'never') return false;
  if (policy === 'always') return true;
  if (change.kind === 'membershipNotification' || change.kind === 'notificationOverride') return false;
  const existing = new Set(before.CallGroupTargets.map(normalizeSip));
  const membersAdded = desired.CallGroupTargets.some((target) => !existing.has(normalizeSip(target)));
  const forwardingToGroupOn =
    sendsToGroup(desired.IsForwardingEnabled, desired.ForwardingTargetType) && !sendsToGroup(before.IsForwardingEnabled, before.ForwardingTargetType);
  const unansweredToGroupOn =
    sendsToGroup(desired.IsUnansweredEnabled, desired.UnansweredTargetType) && !sendsToGroup(before.IsUnansweredEnabled, before.UnansweredTargetType);
  return membersAdded || forwardingToGroupOn || unansweredToGroupOn;
}
