import type { TenantLookup } from '../model/lookup.js';
import { fail, ok, type Problem, type Result } from '../model/result.js';
import type { CallingSettings, User } from '../model/tenant.js';
import { answeringProblems } from './answeringChangeRules.js';
import { applyChange } from './applyChange.js';
import { callGroupNotes, callGroupProblems } from './callGroupChangeRules.js';
import type { GroupsOf } from './memberGroupCount.js';
import { describeUser, sameMember, userSip } from './memberRef.js';
import type { ChangeNotes, MembershipNotificationChange, OtherChangeNotes, SettingsChange } from './types.js';

/** What `validateChange` needs: the tenant, the user proposing the change, and the change. */
export interface ValidateChangeInput {
  readonly lookup: TenantLookup;
  /** The user whose settings change (the call group owner, or the member for notification changes). */
  readonly user: User;
  readonly change: SettingsChange;
  /**
   * How many call groups a member (canonical lower-case `sip:` URI) is already in.
   * Asked only for members who join. When absent, validation scans every user's
   * settings once (O(users × targets)); the server should pass its reverse index.
   */
  readonly groupsOf?: GroupsOf | undefined;
}

/** A valid change: the whole settings to write, and what the change will do. */
export interface ValidatedChange {
  readonly desired: CallingSettings;
  readonly notes: ChangeNotes;
}

/**
 * Judges a proposed change against Teams' rules and returns every problem at once,
 * each with a stable code, the field it concerns (`targets[2]`, `order`,
 * `forwarding.target`, `unanswered.delaySeconds`, `ownerId`, `value`; `''` for the
 * user as a whole) and a sentence a person understands.
 *
 * Set-CsUserCallingSettings "is validating the different settings and is always
 * writing all the parameters in a settings group", so the rules run on the desired
 * whole settings (`applyChange`), not only on the fields the change names.
 */
export function validateChange(input: ValidateChangeInput): Result<ValidatedChange> {
  const { lookup, user, change } = input;
  const current = lookup.settingsOf(user);
  const desired = applyChange(current, change, lookup);
  switch (change.kind) {
    case 'callGroup': {
      const problems = callGroupProblems({ lookup, user, current, desired, change, groupsOf: input.groupsOf });
      return problems.length > 0 ? fail(problems) : ok({ desired, notes: callGroupNotes(current, desired, lookup) });
    }
    case 'answering':
      return settle(answeringProblems({ lookup, user, desired, change }), desired, change.kind);
    case 'membershipNotification':
      return settle(membershipProblems(lookup, user, current, change), desired, change.kind);
    case 'notificationOverride':
      // Ring, Banner, Mute and null are all valid (-GroupNotificationOverride); only Mute overrides.
      return settle([], desired, change.kind);
  }
}

function settle(problems: readonly Problem[], desired: CallingSettings, kind: OtherChangeNotes['kind']): Result<ValidatedChange> {
  return problems.length > 0 ? fail(problems) : ok({ desired, notes: { kind } });
}

/**
 * A member's notification choice lives on the member, one GroupMembershipDetails entry
 * per owner, and that entry "can be changed, not created" (-GroupMembershipDetails).
 * So the user must be in the owner's CallGroupTargets, and Teams must hold the entry.
 */
function membershipProblems(
  lookup: TenantLookup,
  user: User,
  current: CallingSettings,
  change: MembershipNotificationChange,
): Problem[] {
  const owner = lookup.userByRef(change.ownerId);
  const sip = userSip(user);
  const isMember =
    owner !== undefined &&
    userSip(owner) !== sip &&
    lookup.settingsOf(owner).CallGroupTargets.some((target) => sameMember(target, sip, lookup));
  if (!isMember) {
    const whose = owner ? `${describeUser(owner)}'s call group` : `a call group owned by "${change.ownerId}"`;
    return [{ code: 'not-a-member', path: 'ownerId', message: `You are not a member of ${whose}, so there is no notification setting to change.` }];
  }
  const hasEntry = current.GroupMembershipDetails.some((detail) => sameMember(detail.CallGroupOwnerId, change.ownerId, lookup));
  if (!hasEntry) {
    return [{
      code: 'membership-detail-missing',
      path: 'ownerId',
      message: `Teams holds no notification setting of yours for ${describeUser(owner)}'s call group yet, and it can only be changed, not created. Try again after the next sync.`,
    }];
  }
  return [];
}
