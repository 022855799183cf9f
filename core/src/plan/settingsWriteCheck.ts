import type { CallingSettings, TargetType } from '../model/tenant.js';
import { MAX_DELEGATES } from '../rules/limits.js';

interface RoutingRule {
  readonly label: 'Forwarding' | 'Unanswered forwarding';
  readonly enabled: boolean;
  readonly targetType: TargetType | null;
  readonly target: string | null;
}

function rules(settings: CallingSettings): RoutingRule[] {
  return [
    { label: 'Forwarding', enabled: settings.IsForwardingEnabled, targetType: settings.ForwardingTargetType, target: settings.ForwardingTarget },
    { label: 'Unanswered forwarding', enabled: settings.IsUnansweredEnabled, targetType: settings.UnansweredTargetType, target: settings.UnansweredTarget },
  ];
}

function ruleProblems(rule: RoutingRule, settings: CallingSettings): string[] {
  if (!rule.enabled) return [];
  switch (rule.targetType) {
    case null:
      return [`${rule.label} is enabled without a target type.`];
    case 'Group':
      // "Group is used when forwarding to the user's call group (it needs to have at least 1 member)."
      return settings.CallGroupTargets.length === 0 ? [`${rule.label} targets the call group, which has no members.`] : [];
    case 'MyDelegates':
      // "the specified user needs to have one or more delegates defined that are allowed to receive calls"
      return settings.Delegates.some((d) => d.ReceiveCalls) ? [] : [`${rule.label} targets delegates, but no delegate may receive calls.`];
    case 'SingleTarget':
      return (rule.target ?? '').trim() === '' ? [`${rule.label} targets a single target but names none.`] : [];
    case 'Voicemail':
      return [];
  }
}

/**
 * The problems Teams would reject in these whole settings. Set-CsUserCallingSettings
 * "is validating the different settings and is always writing all the parameters in a
 * settings group", so every write is refused while any of these holds afterwards
 * (office-docs-powershell Set-CsUserCallingSettings.md, NOTES and -ForwardingTargetType).
 *
 * Each message names its rule, so a caller can compare problem lists across states.
 * Value limits of a single parameter set (InOrder with 5 or fewer members, 25 members,
 * supported delays) are checked where that set is written, in `planWrites.ts`.
 */
export function settingsWriteCheck(settings: CallingSettings): string[] {
  const problems = rules(settings).flatMap((rule) => ruleProblems(rule, settings));
  if (settings.IsForwardingEnabled && settings.ForwardingType === null) {
    problems.push('Forwarding is enabled without a forwarding type (Immediate or Simultaneous).');
  }
  if (settings.IsForwardingEnabled && settings.ForwardingTargetType === 'Voicemail' && settings.ForwardingType === 'Simultaneous') {
    // "Voicemail is only supported for Immediate forwarding."
    problems.push('Forwarding to voicemail is valid for Immediate forwarding only, not Simultaneous.');
  }
  if (
    settings.IsForwardingEnabled &&
    settings.ForwardingType === 'Immediate' &&
    settings.IsUnansweredEnabled &&
    settings.UnansweredTargetType === 'Voicemail'
  ) {
    // Reported in the field (teams-calling-facts.md section 1): immediate forwarding fails
    // to save while unanswered calls go to voicemail; unanswered must be disabled first.
    problems.push('Immediate forwarding is not saved while unanswered calls go to voicemail.');
  }
  return problems;
}

/**
 * The problems a write would add: those of `after` that `before` did not have, plus a
 * delegate added beyond the 25 a manager may have (Set-CsUserCallingDelegate: "A user can
 * have up to 25 delegates"). When `before` is valid this is the whole check of `after`.
 * When it is not (the broken states the clean-ups exist for, such as forwarding and
 * unanswered both sent to an empty group), a step may leave a problem that was already
 * there but never add one, so that repairs can proceed one settings group at a time.
 */
export function introducedProblems(before: CallingSettings, after: CallingSettings): string[] {
  const existing = new Set(settingsWriteCheck(before));
  const added = settingsWriteCheck(after).filter((problem) => !existing.has(problem));
  if (after.Delegates.length > MAX_DELEGATES && after.Delegates.length > before.Delegates.length) {
    added.push(`A manager can have at most ${MAX_DELEGATES} delegates.`);
  }
  return added;
}
