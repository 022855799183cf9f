import { isSipLike, normalizeSip } from '../model/identity.js';
import type { Problem, Result } from '../model/result.js';
import { fail, ok } from '../model/result.js';
import type { CallingSettings } from '../model/tenant.js';
import {
  ALLOWED_UNANSWERED_DELAYS_SECONDS,
  MAX_CALL_GROUP_CHARACTERS,
  MAX_CALL_GROUP_MEMBERS,
  MAX_DELEGATES,
  MAX_IN_ORDER_MEMBERS,
  callGroupCharacters,
  parseDelaySeconds,
} from '../rules/limits.js';
import { planDelegateWrites } from './delegatePlan.js';
import type { SettingsGroup } from './settingsGroup.js';
import { SETTINGS_GROUPS, changedGroups, groupKey, sameRef } from './settingsGroup.js';
import type { SettingsWrite } from './settingsWrite.js';
import { introducedProblems, settingsWriteCheck } from './settingsWriteCheck.js';
import type { PlannedStep } from './writeReasons.js';
import { withReasons } from './writeReasons.js';
import { applySettingsWrite } from './writeEffect.js';

/** One settings group to write: one Set-CsUserCallingSettings call, or one call per changed delegate. */
interface WriteUnit {
  /** Canonical position: switch rules off, change the group and delegates, then switch rules on. */
  readonly rank: number;
  readonly writesFrom: (state: CallingSettings) => SettingsWrite[] | undefined;
}

const problem = (code: string, path: string, message: string): Problem => ({ code, path, message });

/** The values Teams refuses in a parameter set itself, whatever the rest of the settings (cmdlet reference, -CallGroupOrder, -CallGroupTargets, -UnansweredDelay, -GroupMembershipDetails). */
function writtenValueProblems(current: CallingSettings, desired: CallingSettings, groups: readonly SettingsGroup[]): Problem[] {
  const problems: Problem[] = [];
  const targets = desired.CallGroupTargets;
  if (groups.includes('callGroup')) {
    if (targets.length > MAX_CALL_GROUP_MEMBERS) problems.push(problem('too-many-members', 'CallGroupTargets', `A call group holds at most ${MAX_CALL_GROUP_MEMBERS} members; this one would have ${targets.length}.`));
    if (desired.CallGroupOrder === 'InOrder' && targets.length > MAX_IN_ORDER_MEMBERS) problems.push(problem('in-order-over-five', 'CallGroupOrder', `InOrder ringing is allowed with ${MAX_IN_ORDER_MEMBERS} or fewer members; this group would have ${targets.length}.`));
    const characters = callGroupCharacters(targets.map((t) => (isSipLike(t) ? normalizeSip(t) : t)));
    if (characters > MAX_CALL_GROUP_CHARACTERS) problems.push(problem('group-text-too-long', 'CallGroupTargets', `The member list would take ${characters} characters; Teams stores at most ${MAX_CALL_GROUP_CHARACTERS}.`));
  }
  if (groups.includes('unanswered') && desired.IsUnansweredEnabled) {
    const seconds = parseDelaySeconds(desired.UnansweredDelay);
    if (seconds === undefined || !ALLOWED_UNANSWERED_DELAYS_SECONDS.includes(seconds)) problems.push(problem('unsupported-unanswered-delay', 'UnansweredDelay', `The unanswered delay ${desired.UnansweredDelay} is not one of ${ALLOWED_UNANSWERED_DELAYS_SECONDS.join(', ')} seconds.`));
  }
  if (groups.includes('notification') && desired.GroupNotificationOverride === null) {
    problems.push(problem('notification-override-cannot-clear', 'GroupNotificationOverride', 'The group notification override cannot be cleared, only set to Ring, Banner or Mute; Ring and Banner both leave the per-group choice in effect.'));
  }
  if (groups.includes('membership')) {
    for (const detail of desired.GroupMembershipDetails) {
      if (!current.GroupMembershipDetails.some((d) => sameRef(d.CallGroupOwnerId, detail.CallGroupOwnerId))) problems.push(problem('membership-detail-cannot-be-created', 'GroupMembershipDetails', `The notification entry for ${detail.CallGroupOwnerId} can be changed, not created: Teams adds it when the owner adds this member.`));
    }
  }
  if (groups.includes('delegates') && desired.Delegates.length > MAX_DELEGATES) problems.push(problem('too-many-delegates', 'Delegates', `A manager can have at most ${MAX_DELEGATES} delegates; this would be ${desired.Delegates.length}.`));
  return problems;
}

function settingsUnit(group: Exclude<SettingsGroup, 'delegates'>, desired: CallingSettings, identity: string): WriteUnit {
  const write = (parameterSet: SettingsWrite['parameterSet'], parameters: SettingsWrite['parameters'], rank: number): WriteUnit => ({
    rank,
    writesFrom: () => [{ cmdlet: 'Set-CsUserCallingSettings', identity, parameterSet, parameters, reason: '' }],
  });
  const d = desired;
  switch (group) {
    case 'forwarding':
      if (!d.IsForwardingEnabled) return write('ForwardingOnOff', { IsForwardingEnabled: false }, 1);
      return write('Forwarding', { IsForwardingEnabled: true, ForwardingType: d.ForwardingType, ForwardingTargetType: d.ForwardingTargetType, ...(d.ForwardingTargetType === 'SingleTarget' ? { ForwardingTarget: d.ForwardingTarget } : {}) }, 6);
    case 'unanswered':
      if (!d.IsUnansweredEnabled) return write('UnansweredOnOff', { IsUnansweredEnabled: false }, 0);
      return write('Unanswered', { IsUnansweredEnabled: true, UnansweredTargetType: d.UnansweredTargetType, ...(d.UnansweredTargetType === 'SingleTarget' ? { UnansweredTarget: d.UnansweredTarget } : {}), UnansweredDelay: d.UnansweredDelay }, 7);
    case 'callGroup':
      return write('CallGroup', { CallGroupOrder: d.CallGroupOrder, CallGroupTargets: [...d.CallGroupTargets] }, 2);
    case 'membership':
      return write('CallGroupMembership', { GroupMembershipDetails: d.GroupMembershipDetails.map((m) => ({ CallGroupOwnerId: m.CallGroupOwnerId, NotificationSetting: m.NotificationSetting })) }, 4);
    case 'notification':
      return write('CallGroupNotification', { GroupNotificationOverride: d.GroupNotificationOverride }, 5);
  }
}

/**
 * Delegate writes depend on the state only through the other groups' content (the
 * delegates themselves are still the current ones whenever this unit runs), so the
 * search computes them once per distinct state of those groups.
 */
function delegatesUnit(current: CallingSettings, desired: CallingSettings, identity: string): WriteUnit {
  const memo = new Map<string, SettingsWrite[] | undefined>();
  return {
    rank: 3,
    writesFrom: (state) => {
      const key = SETTINGS_GROUPS.filter((g) => g !== 'delegates').map((g) => groupKey(g, state)).join('|');
      if (!memo.has(key)) memo.set(key, planDelegateWrites(state, current, desired, identity));
      return memo.get(key);
    },
  };
}

function unitFor(group: SettingsGroup, current: CallingSettings, desired: CallingSettings, identity: string): WriteUnit {
  return group === 'delegates' ? delegatesUnit(current, desired, identity) : settingsUnit(group, desired, identity);
}

/** Depth-first over the orders of the units, canonical order first, pruning at the first step that adds a problem. */
function searchOrder(state: CallingSettings, units: readonly WriteUnit[], done: readonly PlannedStep[]): PlannedStep[] | undefined {
  if (units.length === 0) return settingsWriteCheck(state).length === 0 ? [...done] : undefined;
  for (const unit of units) {
    const writes = unit.writesFrom(state);
    if (!writes) continue;
    const steps: PlannedStep[] = [];
    let settings = state;
    for (const write of writes) {
      const after = applySettingsWrite(settings, write);
      if (introducedProblems(settings, after).length > 0) break;
      steps.push({ write, before: settings, after });
      settings = after;
    }
    if (steps.length < writes.length) continue;
    const found = searchOrder(settings, units.filter((u) => u !== unit), [...done, ...steps]);
    if (found) return found;
  }
  return undefined;
}

/**
 * The ordered writes that take `current` to `desired` for user `identity`: one write per
 * settings group that differs (one per changed delegate), each writing its whole group
 * (the cmdlet has no partial update), in an order where no write leaves settings Teams
 * would reject (`settingsWriteCheck`; from an already broken state, no write adds a
 * problem). So a group is created before forwarding goes to it, forwarding leaves the
 * group before the group is emptied, and unanswered-to-voicemail is switched off before
 * immediate forwarding is switched on. A domain problem when `desired` itself would be
 * rejected or no order works; never throws.
 */
export function planSettingsWrites(current: CallingSettings, desired: CallingSettings, identity: string): Result<SettingsWrite[]> {
  const groups = changedGroups(current, desired);
  if (groups.length === 0) return ok([]);
  const problems = [
    ...writtenValueProblems(current, desired, groups),
    ...settingsWriteCheck(desired).map((message) => problem('desired-settings-rejected', 'settings', message)),
  ];
  if (problems.length > 0) return fail(problems);
  const units = groups.map((group) => unitFor(group, current, desired, identity)).sort((a, b) => a.rank - b.rank);
  const steps = searchOrder(current, units, []);
  if (!steps) {
    const blocking = settingsWriteCheck(current).join(' ');
    return fail([problem('no-valid-order', 'settings', `No order of the ${units.length} settings-group writes keeps the settings acceptable to Teams at every step.${blocking ? ` The current settings already have problems: ${blocking}` : ''}`)]);
  }
  return ok(withReasons(steps));
}
