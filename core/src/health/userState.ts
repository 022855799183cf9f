import type { CallingSettings, TargetType, User } from '../model/tenant.js';
import { normalizePhone } from '../model/identity.js';
import { callGroupEligibility, type EligibilityCode } from '../rules/eligibility.js';
import type { HealthContext } from './healthContext.js';

/**
 * Facts about one user that several health rules share: where their calls go, whether
 * they can use Teams Phone features, and how they are alerted for a group.
 */

/** True when an enabled forwarding or unanswered rule has this target type. */
export function routesTo(settings: CallingSettings, targetType: TargetType): boolean {
  return (
    (settings.IsForwardingEnabled && settings.ForwardingTargetType === targetType) ||
    (settings.IsUnansweredEnabled && settings.UnansweredTargetType === targetType)
  );
}

/** Forwarding or unanswered enabled with target type Group. */
export function forwardsToGroup(settings: CallingSettings): boolean {
  return routesTo(settings, 'Group');
}

/** The phrase each eligibility problem reads as in a finding, about "they". */
const GAP: Readonly<Record<EligibilityCode, (user: User) => string>> = {
  'account-disabled': () => 'their account is disabled',
  'no-teams-phone-license': () => 'they lack a Teams Phone license',
  'not-teams-only': (user) => `they are in ${user.TeamsUpgradeEffectiveMode} mode, not Teams Only`,
  'not-in-directory': () => 'they are not in the directory',
};

/**
 * Why a user cannot take part in call groups beyond a disabled account: the Teams Phone
 * license and Teams Only mode are both required for owners and members (§2). Empty when eligible.
 */
export function phoneEligibilityGaps(user: User): string[] {
  return callGroupEligibility(user)
    .problems.filter(({ code }) => code !== 'account-disabled')
    .map(({ code }) => GAP[code](user));
}

/** The reasons an owner is not eligible (disabled, unlicensed, not Teams Only), as one clause; undefined when eligible. */
export function describeIneligibility(user: User): string | undefined {
  const { eligible, problems } = callGroupEligibility(user);
  return eligible ? undefined : problems.map(({ code }) => GAP[code](user)).join(' and ');
}

/**
 * True when `member` is alerted by nothing for `owner`'s group: their
 * GroupNotificationOverride is Mute (only Mute overrides the per-group choice, §1), or
 * their membership detail for this owner says Mute. Without a detail for this owner
 * the member is rung (Ring is the default).
 */
export function isMutedFor(ctx: HealthContext, member: User, owner: User): boolean {
  const settings = ctx.settingsOf(member);
  if (settings.GroupNotificationOverride === 'Mute') return true;
  for (const detail of settings.GroupMembershipDetails) {
    // The first detail naming this owner decides; Teams keeps one per group.
    if (ctx.userByRef(detail.CallGroupOwnerId) === owner) return detail.NotificationSetting === 'Mute';
  }
  return false;
}

/** A personal or resource number as its comparison key (`+digits`), or null when there is none. */
export function phoneKeyOf(value: string | null): string | null {
  return value !== null && value.trim() !== '' ? normalizePhone(value) : null;
}
