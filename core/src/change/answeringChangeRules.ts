import { isPhoneLike, isSipLike, policyDisplayName } from '../model/identity.js';
import type { TenantLookup } from '../model/lookup.js';
import type { Problem } from '../model/result.js';
import type { CallingPolicy, CallingSettings, User } from '../model/tenant.js';
import { ALLOWED_UNANSWERED_DELAYS_SECONDS } from '../rules/limits.js';
import { writesWholeRule } from './applyChange.js';
import { userSip } from './memberRef.js';
import type { AnsweringChange, ForwardingRule } from './types.js';

/**
 * The rules of a call answering change (forwarding and "if unanswered"), from the
 * Set-CsUserCallingSettings reference: -ForwardingTargetType "Voicemail is only
 * supported for Immediate forwarding"; "MyDelegates ... there needs to be at least 1
 * delegate" allowed to receive calls (NOTES); "Group ... needs to have at least 1
 * member"; -ForwardingTarget / -UnansweredTarget "Only used when ... SingleTarget";
 * -UnansweredDelay 5, 10, 15, 20, 30, 40, 50 or 60 seconds; and the TeamsCallingPolicy
 * settings AllowCallGroups, AllowDelegation, AllowCallForwardingToUser,
 * AllowCallForwardingToPhone and AllowVoicemail (teams-calling-facts.md §3).
 */
export interface AnsweringRulesInput {
  readonly lookup: TenantLookup;
  readonly user: User;
  /** `applyChange(current, change)`: the group and delegates the rules will point at. */
  readonly desired: CallingSettings;
  readonly change: AnsweringChange;
}

type RuleName = 'forwarding' | 'unanswered';

const problem = (code: string, path: string, message: string): Problem => ({ code, path, message });
const label: Readonly<Record<RuleName, string>> = { forwarding: 'Call forwarding', unanswered: '"If unanswered"' };

/** Every problem of an answering change, forwarding first. */
export function answeringProblems(input: AnsweringRulesInput): Problem[] {
  const { forwarding, unanswered } = input.change;
  const policy = input.lookup.callingPolicyOf(input.user);
  return [
    ...forwardingTypeProblems(forwarding),
    ...ruleProblems(input, policy, 'forwarding', forwarding),
    ...ruleProblems(input, policy, 'unanswered', unanswered),
    ...delayProblems(unanswered.delaySeconds),
    ...immediateWithUnansweredProblems(input.change),
  ];
}

/** The Forwarding parameter set requires -ForwardingType; Voicemail needs Immediate. */
function forwardingTypeProblems(rule: AnsweringChange['forwarding']): Problem[] {
  if (!writesWholeRule(rule)) return [];
  if (rule.type === null) {
    return [problem('forwarding-type-required', 'forwarding.type', 'Choose how calls are forwarded: Immediate (forward) or Simultaneous (also ring).')];
  }
  if (rule.targetType === 'Voicemail' && rule.type !== 'Immediate') {
    return [problem('voicemail-needs-immediate', 'forwarding.type',
      'Calls can go to voicemail only with immediate forwarding; voicemail cannot ring at the same time as you.')];
  }
  return [];
}

function ruleProblems(input: AnsweringRulesInput, policy: CallingPolicy, name: RuleName, rule: ForwardingRule): Problem[] {
  const problems: Problem[] = [];
  if (rule.target !== null && rule.targetType !== 'SingleTarget') {
    problems.push(problem('target-not-allowed', `${name}.target`,
      `${label[name]} takes a person or phone number only when it goes to a single target; remove the target or choose a single target.`));
  }
  if (!writesWholeRule(rule)) return problems;
  const path = `${name}.targetType`;
  switch (rule.targetType) {
    case null:
      problems.push(problem('target-type-required', path, `${label[name]} is on, so choose where calls go.`));
      break;
    case 'Voicemail':
      if (policy.AllowVoicemail === 'AlwaysDisabled') {
        problems.push(problem('voicemail-not-allowed', path, `Your calling policy (${policyDisplayName(policy.Identity)}) turns voicemail off, so calls cannot go to voicemail.`));
      }
      break;
    case 'Group':
      if (!policy.AllowCallGroups) {
        problems.push(problem('call-groups-not-allowed', path, `Your calling policy (${policyDisplayName(policy.Identity)}) does not allow call groups, so calls cannot go to one.`));
      }
      if (input.desired.CallGroupTargets.length === 0) {
        problems.push(problem('group-forwarding-needs-members', path, 'Your call group has no members yet. Add members to your call group first, then send calls to it.'));
      }
      break;
    case 'MyDelegates':
      if (!policy.AllowDelegation) {
        problems.push(problem('delegation-not-allowed', path, `Your calling policy (${policyDisplayName(policy.Identity)}) does not allow delegation, so calls cannot go to delegates.`));
      }
      if (!input.desired.Delegates.some((delegate) => delegate.ReceiveCalls)) {
        problems.push(problem('no-delegates-receive-calls', path, 'None of your delegates is allowed to receive calls. Add a delegate who can receive calls first.'));
      }
      break;
    case 'SingleTarget':
      problems.push(...singleTargetProblems(input, policy, name, rule.target));
      break;
  }
  return problems;
}

/** A single target is a person in the tenant or a phone number, each allowed by its own policy switch. */
function singleTargetProblems(input: AnsweringRulesInput, policy: CallingPolicy, name: RuleName, target: string | null): Problem[] {
  const path = `${name}.target`;
  if (target === null) return [problem('target-required', path, `Enter the person or phone number ${label[name].toLowerCase()} goes to.`)];
  const person = input.lookup.userByRef(target);
  if (person) {
    if (userSip(person) === userSip(input.user)) return [problem('self-target', path, 'Calls cannot be forwarded to yourself.')];
    if (!policy.AllowCallForwardingToUser) {
      return [problem('forwarding-to-user-not-allowed', path, `Your calling policy (${policyDisplayName(policy.Identity)}) does not allow forwarding calls to people.`)];
    }
    return [];
  }
  if (isPhoneLike(target)) {
    if (!policy.AllowCallForwardingToPhone) {
      return [problem('forwarding-to-phone-not-allowed', path, `Your calling policy (${policyDisplayName(policy.Identity)}) does not allow forwarding calls to phone numbers.`)];
    }
    return [];
  }
  return isSipLike(target)
    ? [problem('target-not-found', path, `No one in your organisation matches "${target}". Check the spelling.`)]
    : [problem('invalid-target', path, `"${target}" is neither a person in your organisation nor a phone number such as +14255550100.`)];
}

function delayProblems(delaySeconds: number): Problem[] {
  if (ALLOWED_UNANSWERED_DELAYS_SECONDS.includes(delaySeconds)) return [];
  return [problem('unsupported-delay', 'unanswered.delaySeconds',
    `Teams can wait ${ALLOWED_UNANSWERED_DELAYS_SECONDS.join(', ')} seconds before an unanswered call moves on; ${delaySeconds} is not one of them.`)];
}

/**
 * Immediate forwarding sends every call away before it rings the user, so an
 * "if unanswered" rule can never apply. Teams itself refuses to save immediate
 * forwarding while unanswered calls go to voicemail (reported in the field, see
 * teams-calling-facts.md §1). Because an answering change writes both rules at once,
 * the pair is refused whatever the unanswered target, with a sentence saying why.
 */
function immediateWithUnansweredProblems({ forwarding, unanswered }: AnsweringChange): Problem[] {
  if (!(forwarding.enabled && forwarding.type === 'Immediate' && unanswered.enabled)) return [];
  return [problem('immediate-with-unanswered', 'unanswered.enabled',
    'Immediate forwarding sends every call on before it rings you, so "if unanswered" would never apply. Turn "if unanswered" off, or ring the target at the same time as you (Simultaneous) instead.')];
}
