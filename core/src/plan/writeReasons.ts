import type { CallingSettings, TargetType } from '../model/tenant.js';
import { parseDelaySeconds } from '../rules/limits.js';
import type { SettingsWrite } from './settingsWrite.js';

/** A planned write with the settings before and after it. */
export interface PlannedStep {
  readonly write: SettingsWrite;
  readonly before: CallingSettings;
  readonly after: CallingSettings;
}

function targetText(type: TargetType | null, target: string | null): string {
  switch (type) {
    case 'Group':
      return 'the call group';
    case 'MyDelegates':
      return 'the delegates';
    case 'Voicemail':
      return 'voicemail';
    case 'SingleTarget':
      return target ?? 'a single target';
    case null:
      return 'no target';
  }
}

function forwardingText(s: CallingSettings): string {
  const to = targetText(s.ForwardingTargetType, s.ForwardingTarget);
  return s.ForwardingType === 'Simultaneous' ? `also ring ${to}` : `forward all calls to ${to}`;
}

function unansweredText(s: CallingSettings): string {
  const seconds = parseDelaySeconds(s.UnansweredDelay);
  return `send unanswered calls to ${targetText(s.UnansweredTargetType, s.UnansweredTarget)} after ${seconds ?? s.UnansweredDelay} seconds`;
}

function listChange(before: readonly string[], after: readonly string[]): string {
  const removed = before.filter((t) => !after.includes(t));
  const added = after.filter((t) => !before.includes(t));
  const parts = [removed.length > 0 ? `removes ${removed.join(', ')}` : '', added.length > 0 ? `adds ${added.join(', ')}` : ''];
  return parts.filter(Boolean).join(' and ');
}

function callGroupText(step: PlannedStep): string {
  const { before, after } = step;
  if (after.CallGroupTargets.length === 0) return 'Empty the call group (the cmdlet always replaces the whole member list)';
  const change = listChange(before.CallGroupTargets, after.CallGroupTargets);
  const order = after.CallGroupOrder === 'InOrder' ? 'rung in order' : 'rung all at once';
  const count = `${after.CallGroupTargets.length} member${after.CallGroupTargets.length === 1 ? '' : 's'}`;
  return `Write the whole call group (the cmdlet replaces the list): ${count}, ${order}${change ? `; this ${change}` : ''}`;
}

function membershipText(step: PlannedStep): string {
  const owners = (s: CallingSettings) => s.GroupMembershipDetails.map((d) => `${d.CallGroupOwnerId}=${d.NotificationSetting}`);
  const change = listChange(owners(step.before), owners(step.after));
  return `Write this member's whole list of group notifications (the cmdlet replaces it)${change ? `; this ${change}` : ''}`;
}

/** What a Set-CsUserCallingSettings write does, in words (delegate writes carry their own). */
function baseReason(step: PlannedStep): string {
  const { write, before, after } = step;
  switch (write.parameterSet) {
    case 'ForwardingOnOff':
      return `Stop the forwarding rule "${forwardingText(before)}"`;
    case 'Forwarding':
      return `Set forwarding: ${forwardingText(after)}`;
    case 'UnansweredOnOff':
      return `Stop the rule "${unansweredText(before)}"`;
    case 'Unanswered':
      return `Set unanswered calls: ${unansweredText(after)}`;
    case 'CallGroup':
      return callGroupText(step);
    case 'CallGroupMembership':
      return membershipText(step);
    case 'CallGroupNotification':
      return `Set the group notification override to ${after.GroupNotificationOverride ?? 'none'}`;
    case 'Delegate':
      return write.reason;
  }
}

/** How many of the two rules (forwarding, unanswered) send calls to `type`. */
const routesTo = (s: CallingSettings, type: TargetType) =>
  Number(s.IsForwardingEnabled && s.ForwardingTargetType === type) + Number(s.IsUnansweredEnabled && s.UnansweredTargetType === type);
const leaves = (step: PlannedStep, type: TargetType) => routesTo(step.after, type) < routesTo(step.before, type);
const enters = (step: PlannedStep, type: TargetType) => routesTo(step.after, type) > routesTo(step.before, type);
const hasReceiver = (s: CallingSettings) => s.Delegates.some((d) => d.ReceiveCalls);
const unansweredToVoicemail = (s: CallingSettings) => s.IsUnansweredEnabled && s.UnansweredTargetType === 'Voicemail';
const immediate = (s: CallingSettings) => s.IsForwardingEnabled && s.ForwardingType === 'Immediate';

interface OrderNote {
  readonly applies: (step: PlannedStep) => boolean;
  readonly later?: (step: PlannedStep) => boolean;
  readonly earlier?: (step: PlannedStep) => boolean;
  readonly text: string;
}

/** Why a step comes where it does: the Set-CsUserCallingSettings whole-settings rules it respects. */
const ORDER_NOTES: readonly OrderNote[] = [
  {
    applies: (s) => leaves(s, 'Group'),
    later: (s) => s.before.CallGroupTargets.length > 0 && s.after.CallGroupTargets.length === 0,
    text: ' first, because Teams rejects emptying a call group that calls still go to',
  },
  {
    applies: (s) => enters(s, 'Group'),
    earlier: (s) => s.before.CallGroupTargets.length === 0 && s.after.CallGroupTargets.length > 0,
    text: ', now that the call group has members',
  },
  {
    applies: (s) => leaves(s, 'MyDelegates'),
    later: (s) => hasReceiver(s.before) && !hasReceiver(s.after),
    text: ' first, because Teams rejects removing the last delegate who receives calls while calls still go to delegates',
  },
  {
    applies: (s) => enters(s, 'MyDelegates'),
    earlier: (s) => !hasReceiver(s.before) && hasReceiver(s.after),
    text: ', now that a delegate may receive calls',
  },
  {
    applies: (s) => unansweredToVoicemail(s.before) && !unansweredToVoicemail(s.after),
    later: (s) => !immediate(s.before) && immediate(s.after),
    text: ' first, because immediate forwarding is not saved while unanswered calls go to voicemail',
  },
];

/** Give each step its reason: what it writes, and why it comes before or after another step. */
export function withReasons(steps: readonly PlannedStep[]): SettingsWrite[] {
  return steps.map((step, index) => {
    const earlier = steps.slice(0, index);
    const later = steps.slice(index + 1);
    const note = ORDER_NOTES.find(
      (n) => n.applies(step) && (n.later ? later.some(n.later) : true) && (n.earlier ? earlier.some(n.earlier) : true),
    );
    return { ...step.write, reason: `${baseReason(step)}${note?.text ?? ''}.` };
  });
}
