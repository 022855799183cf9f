import { normalizeSip } from '../model/identity.js';
import type { TenantLookup } from '../model/lookup.js';
import type { User } from '../model/tenant.js';
import type { CleanupPlan } from './cleanupPlan.js';
import { sameUser, withoutTargets } from './cleanupTransforms.js';
import { planSettingsWrites } from './planWrites.js';

/**
 * An owner's own clean-up of one member (Remove {name}): their group without that member, as
 * the finding clean-ups write it (a group left empty also stops being a forwarding target, which
 * Teams requires). One plan for a member who left, is disabled or cannot take calls (CG07-CG09):
 * the owner's choice, where an admin's fix for CG09 would rather license the member.
 */
export function planMemberRemoval(lookup: TenantLookup, owner: User, member: string): CleanupPlan {
  const current = lookup.settingsOf(owner);
  const change = withoutTargets(current, (target) => sameUser(lookup, target, member));
  if (change.removed.length === 0) {
    return { summary: 'Nothing to change.', advice: `${member} is no longer in the call group; re-scan to confirm.` };
  }
  const plan = planSettingsWrites(current, change.settings, normalizeSip(owner.SipAddress));
  if (!plan.ok) return { summary: 'No safe write order.', advice: plan.problems.map((problem) => problem.message).join(' ') };
  const name = lookup.userByRef(member)?.DisplayName ?? member;
  return { summary: `Removes ${name} from the call group.${change.summary}`, writes: plan.value };
}
