import { isPhoneLike, policyDisplayName } from '../model/identity.js';
import type { TenantLookup } from '../model/lookup.js';
import type { Problem } from '../model/result.js';
import type { CallingSettings, User } from '../model/tenant.js';
import {
  MAX_CALL_GROUP_CHARACTERS,
  MAX_CALL_GROUP_MEMBERS,
  MAX_GROUPS_PER_MEMBER,
  MAX_IN_ORDER_MEMBERS,
  callGroupCharacters,
} from '../rules/limits.js';
import { callGroupEligibility, type EligibilityCode } from '../rules/eligibility.js';
import { groupsOfByScan, type GroupsOf } from './memberGroupCount.js';
import { canonicalMemberRef, describeUser, userSip } from './memberRef.js';
import type { CallGroupChange, CallGroupChangeNotes } from './types.js';

/**
 * The rules a proposed call group must meet, from Microsoft's "Call sharing and group
 * call pickup" page (Limitations; owner and members in Teams Only mode with a Teams
 * Phone license; AllowCallGroups) and the Set-CsUserCallingSettings reference
 * (-CallGroupTargets "up to 25 members"; -CallGroupOrder "InOrder, if the call group
 * has 5 or less members"; NOTES: every write validates the whole settings).
 */
export interface CallGroupRulesInput {
  readonly lookup: TenantLookup;
  /** The owner: the user whose group this is. */
  readonly user: User;
  readonly current: CallingSettings;
  /** `applyChange(current, change)`: the settings that would be written. */
  readonly desired: CallingSettings;
  readonly change: CallGroupChange;
  readonly groupsOf?: GroupsOf | undefined;
}

const problem = (code: string, path: string, message: string): Problem => ({ code, path, message });

/** Every problem of a call group change, in field order. */
export function callGroupProblems(input: CallGroupRulesInput): Problem[] {
  return [...ownerProblems(input), ...sizeProblems(input), ...memberProblems(input), ...groupForwardingProblems(input.desired)];
}

/**
 * Owner checks apply only while the group has members: emptying a group must stay
 * possible after AllowCallGroups is switched off or the owner lost the license, since
 * Microsoft asks admins to clean those relationships up by hand.
 */
function ownerProblems({ lookup, user, change }: CallGroupRulesInput): Problem[] {
  if (change.targets.length === 0) return [];
  const problems: Problem[] = [];
  const policy = lookup.callingPolicyOf(user);
  if (!policy.AllowCallGroups) {
    problems.push(problem('call-groups-not-allowed', '',
      `Your calling policy (${policyDisplayName(policy.Identity)}) does not allow call groups. Ask your Teams admin to allow them, or remove every member.`));
  }
  const reasons = callGroupEligibility(user).problems.map(({ code }) => OWNER_REASON[code](user));
  if (reasons.length > 0) {
    problems.push(problem('owner-not-eligible', '',
      `You cannot own a call group because ${reasons.join(' and ')}. A call group owner needs an enabled account in Teams Only mode with a Teams Phone license.`));
  }
  return problems;
}

function sizeProblems({ change, desired }: CallGroupRulesInput): Problem[] {
  const problems: Problem[] = [];
  const count = change.targets.length;
  if (count > MAX_CALL_GROUP_MEMBERS) {
    problems.push(problem('too-many-members', 'targets',
      `A call group can have at most ${MAX_CALL_GROUP_MEMBERS} members; this list has ${count}. Remove ${count - MAX_CALL_GROUP_MEMBERS}.`));
  }
  // The Teams client silently switches to simultaneous on the sixth member; the
  // cmdlet refuses it. Refusing here keeps the ring order the user sees honest.
  if (change.order === 'InOrder' && count > MAX_IN_ORDER_MEMBERS) {
    problems.push(problem('in-order-over-five', 'order',
      `Ringing in order works only with ${MAX_IN_ORDER_MEMBERS} or fewer members; this list has ${count}. Choose to ring everyone at once, or remove ${count - MAX_IN_ORDER_MEMBERS}.`));
  }
  const characters = callGroupCharacters(desired.CallGroupTargets);
  if (characters > MAX_CALL_GROUP_CHARACTERS) {
    problems.push(problem('group-text-too-long', 'targets',
      `The member list takes ${characters} characters; Teams stores at most ${MAX_CALL_GROUP_CHARACTERS.toLocaleString('en-US')}.`));
  }
  return problems;
}

interface Joining {
  readonly path: string;
  readonly member: User;
  readonly sip: string;
}

function memberProblems(input: CallGroupRulesInput): Problem[] {
  const { lookup, user, current, change } = input;
  const ownerSip = userSip(user);
  const currentSips = new Set(current.CallGroupTargets.map((target) => canonicalMemberRef(target, lookup)));
  const firstIndex = new Map<string, number>();
  const problems: Problem[] = [];
  const joining: Joining[] = [];
  for (const [index, ref] of change.targets.entries()) {
    const path = `targets[${index}]`;
    const member = lookup.userByRef(ref);
    const sip = member ? userSip(member) : canonicalMemberRef(ref, lookup);
    const first = firstIndex.get(sip);
    if (first !== undefined) {
      problems.push(problem('duplicate-member', path,
        `"${ref}" is the same person as member ${first + 1} in the list; each person can be listed once.`));
      continue;
    }
    firstIndex.set(sip, index);
    if (!member) {
      problems.push(isPhoneLike(ref)
        ? problem('external-member', path, `"${ref}" is a phone number; only people in your organisation can be call group members.`)
        : problem('member-not-found', path, `No one in your organisation matches "${ref}". Check the spelling, or remove them if they have left.`));
      continue;
    }
    if (sip === ownerSip) {
      problems.push(problem('self-member', path, 'You cannot be a member of your own call group.'));
      continue;
    }
    problems.push(...eligibilityProblems(member, path));
    if (!currentSips.has(sip)) joining.push({ path, member, sip });
  }
  return [...problems, ...tooManyGroupsProblems(input, joining, ownerSip)];
}

type Sentence = (user: User) => string;

/** The owner's reasons, in the second person, by eligibility code. */
const OWNER_REASON: Readonly<Record<EligibilityCode, Sentence>> = {
  'account-disabled': () => 'your account is disabled',
  'no-teams-phone-license': () => 'you have no Teams Phone license',
  'not-teams-only': (user) => `your account is in ${user.TeamsUpgradeEffectiveMode} mode, not Teams Only`,
  'not-in-directory': () => 'your account is not in the directory',
};

/** A member's problems, by eligibility code: members need what owners need. */
const MEMBER_PROBLEM: Readonly<Record<EligibilityCode, readonly [code: string, sentence: Sentence]>> = {
  'account-disabled': ['member-disabled', (member) => `${describeUser(member)} has a disabled account, so they cannot answer calls for your group.`],
  'no-teams-phone-license': ['member-unlicensed', (member) => `${describeUser(member)} has no Teams Phone license, which every call group member needs.`],
  'not-teams-only': ['member-not-teams-only', (member) => `${describeUser(member)} is in ${member.TeamsUpgradeEffectiveMode} mode; call group members must be in Teams Only mode.`],
  'not-in-directory': ['member-not-found', (member) => `No one in your organisation matches "${describeUser(member)}".`],
};

function eligibilityProblems(member: User, path: string): Problem[] {
  return callGroupEligibility(member).problems.map(({ code }) => {
    const [problemCode, sentence] = MEMBER_PROBLEM[code];
    return problem(problemCode, path, sentence(member));
  });
}

/**
 * "A user can be a member of up to 25 call groups": checked for people joining only.
 * A current member already over the limit is a health finding (CG06), not a reason to
 * block edits of this group.
 */
function tooManyGroupsProblems({ lookup, groupsOf }: CallGroupRulesInput, joining: readonly Joining[], ownerSip: string): Problem[] {
  if (joining.length === 0) return [];
  const countOf = groupsOf ?? groupsOfByScan(lookup, new Set(joining.map((entry) => entry.sip)), ownerSip);
  return joining.flatMap((entry) => {
    const groups = countOf(entry.sip);
    if (groups < MAX_GROUPS_PER_MEMBER) return [];
    return [problem('member-in-too-many-groups', entry.path,
      `${describeUser(entry.member)} is already in ${groups} call groups, the most Teams allows (${MAX_GROUPS_PER_MEMBER}), so they cannot join yours.`)];
  });
}

/**
 * Set-CsUserCallingSettings NOTES: "if you have ForwardingTargetType set to Group and
 * you want to remove all members of the call group, you will get a validation error".
 * The reference does not say "enabled", so a switched-off rule that still names the
 * group counts too: planning a write Teams refuses is worse than asking for one more step.
 */
function groupForwardingProblems(desired: CallingSettings): Problem[] {
  if (desired.CallGroupTargets.length > 0) return [];
  const rules: string[] = [];
  if (desired.ForwardingTargetType === 'Group') rules.push('call forwarding');
  if (desired.UnansweredTargetType === 'Group') rules.push('"if unanswered"');
  if (rules.length === 0) return [];
  return [problem('group-forwarding-needs-members', 'targets',
    `Your ${rules.join(' and ')} setting sends calls to your call group, so the group needs at least one member. Change that setting first, then remove everyone.`)];
}

/** What a call group change does, against the current list, in canonical `sip:` spellings. */
export function callGroupNotes(current: CallingSettings, desired: CallingSettings, lookup: TenantLookup): CallGroupChangeNotes {
  const before = [...new Set(current.CallGroupTargets.map((target) => canonicalMemberRef(target, lookup)))];
  const after = [...new Set(desired.CallGroupTargets)];
  const beforeSet = new Set(before);
  const afterSet = new Set(after);
  const added = after.filter((sip) => !beforeSet.has(sip));
  return {
    kind: 'callGroup',
    added,
    removed: before.filter((sip) => !afterSet.has(sip)),
    // Teams notifies people in the client when they are added to a group.
    membersNotified: added,
    limits: {
      members: desired.CallGroupTargets.length,
      maxMembers: MAX_CALL_GROUP_MEMBERS,
      characters: callGroupCharacters(desired.CallGroupTargets),
      maxCharacters: MAX_CALL_GROUP_CHARACTERS,
    },
  };
}
