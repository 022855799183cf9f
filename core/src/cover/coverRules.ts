import { answeringProblems } from '../change/answeringChangeRules.js';
import { callGroupProblems } from '../change/callGroupChangeRules.js';
import type { GroupsOf } from '../change/memberGroupCount.js';
import { canonicalMemberRef, describeUser, userSip } from '../change/memberRef.js';
import type { AnsweringChange, CallGroupChange } from '../change/types.js';
import { policyDisplayName } from '../model/identity.js';
import type { TenantLookup } from '../model/lookup.js';
import type { Problem } from '../model/result.js';
import type { CallingSettings, User } from '../model/tenant.js';
import { callGroupEligibility } from '../rules/eligibility.js';
import { DEFAULT_UNANSWERED_DELAY_SECONDS, MAX_DELEGATES, MAX_DELEGATORS, parseDelaySeconds } from '../rules/limits.js';
import type { Cover, CoverAnswering } from './types.js';

/**
 * A cover's parts judged with the rules the product already has, on the settings as they will
 * be at the start (`atStart`: today's settings with the owner's other covers started or ended by
 * then) and the settings the start would write (`desired`). The call group and answering rules
 * are `validateChange`'s own; only their paths are moved onto the cover body.
 */
export interface CoverRulesInput {
  readonly lookup: TenantLookup;
  readonly owner: User;
  /** The cover as the owner sent it, for paths and for the references as typed. */
  readonly cover: Cover;
  readonly atStart: CallingSettings;
  readonly desired: CallingSettings;
  readonly groupsOf?: GroupsOf | undefined;
  /** How many managers a person (canonical `sip:` URI) is already a delegate of; scanned when absent. */
  readonly delegatorsOf?: ((sip: string) => number) | undefined;
}

const problem = (code: string, path: string, message: string): Problem => ({ code, path, message });
const AT_START = new Set(['too-many-members', 'in-order-over-five', 'group-text-too-long']);

/** The call group rules on the whole list at the start: the group's members, then those the cover adds. */
export function coverCallGroupProblems(input: CoverRulesInput): Problem[] {
  const { lookup, owner, cover, atStart, desired } = input;
  const part = cover.callGroup;
  if (!part) return [];
  const present = new Set(atStart.CallGroupTargets.map((target) => canonicalMemberRef(target, lookup)));
  // Someone already in the group is no addition (the start notes it); the rest keep their index in `add`.
  const joining = part.add.map((ref, index) => ({ ref, index })).filter(({ ref }) => !present.has(canonicalMemberRef(ref, lookup)));
  const change: CallGroupChange = { kind: 'callGroup', order: desired.CallGroupOrder, targets: [...atStart.CallGroupTargets, ...joining.map(({ ref }) => ref)] };
  const existing = atStart.CallGroupTargets.length;
  const pathOf = (path: string): string => {
    const index = /^targets\[(\d+)\]$/.exec(path);
    if (index) {
      const entry = joining[Number(index[1]) - existing];
      return entry ? `callGroup.add[${entry.index}]` : 'callGroup';
    }
    if (path === 'order') return part.order !== undefined ? 'callGroup.order' : 'callGroup.add';
    return path === 'targets' ? 'callGroup.add' : 'callGroup';
  };
  return callGroupProblems({ lookup, user: owner, current: atStart, desired, change, groupsOf: input.groupsOf }).map((found) => ({
    code: found.code,
    path: pathOf(found.path),
    message: AT_START.has(found.code) ? `When the cover starts: ${found.message}` : found.message,
  }));
}

/** The answering rules on the rules the cover names; the rule it leaves alone is not judged again. */
export function coverAnsweringProblems(input: CoverRulesInput): Problem[] {
  const { lookup, owner, cover, atStart, desired } = input;
  const part = cover.answering;
  if (!part) return [];
  const change: AnsweringChange = { kind: 'answering', forwarding: part.forwarding ?? forwardingRuleOf(atStart), unanswered: part.unanswered ?? unansweredRuleOf(atStart) };
  const named = (rule: keyof CoverAnswering) => part[rule] !== undefined;
  return answeringProblems({ lookup, user: owner, desired, change }).flatMap((found) => {
    const rule = found.path.startsWith('forwarding') ? 'forwarding' : 'unanswered';
    // The pair rule (immediate forwarding with "if unanswered") concerns whichever rule the cover names.
    if (found.code === 'immediate-with-unanswered') return [{ ...found, path: named('unanswered') ? `answering.${found.path}` : 'answering.forwarding.type' }];
    return named(rule) ? [{ ...found, path: `answering.${found.path}` }] : [];
  }).concat(forwardingPersonProblems(input));
}

function forwardingRuleOf(settings: CallingSettings): AnsweringChange['forwarding'] {
  return { enabled: settings.IsForwardingEnabled, type: settings.ForwardingType, targetType: settings.ForwardingTargetType, target: settings.ForwardingTarget };
}

function unansweredRuleOf(settings: CallingSettings): AnsweringChange['unanswered'] {
  const delaySeconds = parseDelaySeconds(settings.UnansweredDelay) ?? DEFAULT_UNANSWERED_DELAY_SECONDS;
  return { enabled: settings.IsUnansweredEnabled, targetType: settings.UnansweredTargetType, target: settings.UnansweredTarget, delaySeconds };
}

/** A person who picks up the owner's calls must be able to take calls: core's eligibility rule. */
function forwardingPersonProblems({ lookup, cover }: CoverRulesInput): Problem[] {
  return (['forwarding', 'unanswered'] as const).flatMap((rule) => {
    const named = cover.answering?.[rule];
    if (named?.targetType !== 'SingleTarget' || named.target === null) return [];
    const person = lookup.userByRef(named.target);
    return person ? eligibilityProblems(person, `answering.${rule}.target`) : [];
  });
}

function eligibilityProblems(person: User, path: string): Problem[] {
  const reasons = callGroupEligibility(person).problems.map((found) => found.message);
  if (reasons.length === 0) return [];
  return [problem('covering-person-not-eligible', path,
    `${describeUser(person)} cannot pick up your calls (${reasons.join(', ')}); a covering person needs an enabled account in Teams Only mode with a Teams Phone license.`)];
}

/** The delegate rules: a person in the organisation, not the owner, able to take calls, within the 25/25 limits at the start. */
export function coverDelegateProblems(input: CoverRulesInput): Problem[] {
  const { lookup, owner, cover, atStart } = input;
  const part = cover.delegate;
  if (!part) return [];
  const path = 'delegate.target';
  const person = lookup.userByRef(part.target);
  if (!person) return [problem('delegate-not-found', path, `No one in your organisation matches "${part.target}". Check the spelling.`)];
  const sip = userSip(person);
  if (sip === userSip(owner)) return [problem('self-delegate', path, 'You cannot be your own delegate.')];
  const problems = eligibilityProblems(person, path);
  const policy = lookup.callingPolicyOf(owner);
  if (!policy.AllowDelegation) {
    problems.push(problem('delegation-not-allowed', 'delegate', `Your calling policy (${policyDisplayName(policy.Identity)}) does not allow delegation, so no one can be your delegate.`));
  }
  if (atStart.Delegates.some((delegate) => canonicalMemberRef(delegate.Id, lookup) === sip)) return problems;
  if (atStart.Delegates.length >= MAX_DELEGATES) {
    problems.push(problem('too-many-delegates', path, `When the cover starts you will have ${atStart.Delegates.length} delegates, the most Teams allows (${MAX_DELEGATES}), so ${describeUser(person)} cannot be added.`));
  }
  const managers = (input.delegatorsOf ?? ((target: string) => delegatorsByScan(lookup, target, userSip(owner))))(sip);
  if (managers >= MAX_DELEGATORS) {
    problems.push(problem('delegate-has-too-many-managers', path, `${describeUser(person)} is already a delegate of ${managers} people, the most Teams allows (${MAX_DELEGATORS}).`));
  }
  return problems;
}

/** Delegations live on the manager, so counting a person's managers reads every user's settings once. */
function delegatorsByScan(lookup: TenantLookup, sip: string, ownerSip: string): number {
  let count = 0;
  for (const manager of lookup.users()) {
    if (userSip(manager) === ownerSip) continue;
    if (lookup.settingsOf(manager).Delegates.some((delegate) => canonicalMemberRef(delegate.Id, lookup) === sip)) count += 1;
  }
  return count;
}
