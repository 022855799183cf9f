import type { Finding } from '../model/finding.js';
import type { CallingSettings, User } from '../model/tenant.js';
import { userRefKey } from '../model/identity.js';
import { MAX_GROUPS_PER_MEMBER } from '../rules/limits.js';
import { makeFinding } from './catalog.js';
import type { HealthContext } from './healthContext.js';

/**
 * The member-side call group checks: CG06 (in too many groups) and CG12 (a membership
 * detail that names a group the member is no longer in). The subject is the member.
 */

/** Appends the member-side call group findings of `member` to `out`. */
export function memberCallGroupFindings(ctx: HealthContext, member: User, settings: CallingSettings, out: Finding[]): void {
  const groups = ctx.ownerCountOf(member);
  if (groups <= MAX_GROUPS_PER_MEMBER && settings.GroupMembershipDetails.length === 0) return;
  const subject = ctx.sipOf(member);
  if (groups > MAX_GROUPS_PER_MEMBER) {
    // An owner who lists a member twice still holds them in one group: owners are counted once.
    const owners = ctx.ownersOf(member).map((owner) => ctx.sipOf(owner)).sort();
    out.push(makeFinding('CG06', subject, owners, `${member.DisplayName} is a member of ${groups} call groups; Teams allows a user in at most ${MAX_GROUPS_PER_MEMBER}.`));
  }
  const reported = new Set<string>();
  for (const detail of settings.GroupMembershipDetails) {
    const owner = ctx.userByRef(detail.CallGroupOwnerId);
    if (owner && ctx.isTargetOf(member, owner)) continue;
    const related = owner ? ctx.sipOf(owner) : userRefKey(detail.CallGroupOwnerId);
    if (reported.has(related)) continue;
    reported.add(related);
    const message = owner
      ? `${member.DisplayName}'s membership settings still name ${owner.DisplayName}'s call group, which no longer includes them.`
      : `${member.DisplayName}'s membership settings still name the call group of ${related}, who no longer exists.`;
    out.push(makeFinding('CG12', subject, [related], message));
  }
}
