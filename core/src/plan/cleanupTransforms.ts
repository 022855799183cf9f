import type { FindingCode, Finding } from '../model/finding.js';
import { normalizeSip, policyDisplayName } from '../model/identity.js';
import type { TenantLookup } from '../model/lookup.js';
import type { CallingSettings, TargetType, User } from '../model/tenant.js';
import { MAX_CALL_GROUP_MEMBERS, MAX_IN_ORDER_MEMBERS } from '../rules/limits.js';
import { sameRef } from './settingsGroup.js';

/** What a clean-up knows: the tenant, the finding and its subject user. */
export interface CleanupContext {
  readonly lookup: TenantLookup;
  readonly finding: Finding;
  readonly user: User;
}

/** The desired settings after one finding's clean-up, and what it does in words. */
export interface CleanupChange {
  readonly settings: CallingSettings;
  readonly summary: string;
}

/** Turns settings into the settings without the finding's problem. Pure; applied in sequence when several findings concern one user. */
export type CleanupTransform = (context: CleanupContext, settings: CallingSettings) => CleanupChange;

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Switch off the forwarding and unanswered rules that send calls to `type`; says which were on. */
function routeOff(settings: CallingSettings, type: TargetType): { settings: CallingSettings; stopped: string } {
  const forwarding = settings.IsForwardingEnabled && settings.ForwardingTargetType === type;
  const unanswered = settings.IsUnansweredEnabled && settings.UnansweredTargetType === type;
  const stopped = [forwarding ? 'forwarding' : '', unanswered ? 'unanswered forwarding' : ''].filter(Boolean).join(' and ');
  return {
    settings: { ...settings, IsForwardingEnabled: settings.IsForwardingEnabled && !forwarding, IsUnansweredEnabled: settings.IsUnansweredEnabled && !unanswered },
    stopped,
  };
}

/** True when two references name the same user (resolved through the tenant), or, when either resolves to nobody, the same spelling. */
export function sameUser(lookup: TenantLookup, a: string, b: string): boolean {
  const first = lookup.userByRef(a);
  const second = lookup.userByRef(b);
  return first && second ? first.Identity === second.Identity : sameRef(a, b);
}

/** Drop targets; a group left empty may not stay a forwarding target (Teams rejects it), so that routing is switched off too. */
export function withoutTargets(settings: CallingSettings, drop: (target: string, index: number) => boolean): CleanupChange & { removed: string[] } {
  const removed = settings.CallGroupTargets.filter(drop);
  const kept = { ...settings, CallGroupTargets: settings.CallGroupTargets.filter((t, i) => !drop(t, i)) };
  if (kept.CallGroupTargets.length > 0) return { settings: kept, summary: '', removed };
  const off = routeOff(kept, 'Group');
  return { settings: off.settings, summary: off.stopped ? ` The group is then empty, so it also turns off ${off.stopped} to it.` : '', removed };
}

function policyName(context: CleanupContext): string {
  return policyDisplayName(context.lookup.callingPolicyOf(context.user).Identity);
}

const orphanedGroup: CleanupTransform = (context, settings) => {
  const off = routeOff(settings, 'Group');
  const members = off.settings.CallGroupTargets;
  const actions = [off.stopped ? `turns off ${off.stopped} to the call group` : '', members.length > 0 ? `removes all ${plural(members.length, 'member')} (${members.join(', ')})` : ''];
  return {
    settings: { ...off.settings, CallGroupTargets: [] },
    summary:
      `Calling policy ${policyName(context)} does not allow call groups, so this plan ${actions.filter(Boolean).join(', then ')}. ` +
      "Each member's notification entry for this group (GroupMembershipDetails) lives on the member and can be changed but not created; the plan leaves it to Teams, and the next scan reports any entry that remains as CG12 with its own clean-up.",
  };
};

const emptyGroupRouting: CleanupTransform = (_context, settings) => {
  const off = routeOff(settings, 'Group');
  return { settings: off.settings, summary: `The call group has no members, so calls sent to it reach nobody: this plan turns off ${off.stopped || 'nothing'} to the group.` };
};

const inOrderOverFive: CleanupTransform = (_context, settings) => {
  const count = settings.CallGroupTargets.length;
  return {
    settings: { ...settings, CallGroupOrder: 'Simultaneous' },
    summary: `Ring-in-order allows at most ${MAX_IN_ORDER_MEMBERS} members and this group has ${count}: this plan switches it to ring everyone at once and keeps all ${plural(count, 'member')}.`,
  };
};

const tooManyMembers: CleanupTransform = (_context, settings) => {
  const count = settings.CallGroupTargets.length;
  const dropped = settings.CallGroupTargets.slice(MAX_CALL_GROUP_MEMBERS);
  const inOrder = settings.CallGroupOrder === 'InOrder';
  if (dropped.length === 0) return { settings, summary: '' };
  return {
    settings: { ...settings, CallGroupTargets: settings.CallGroupTargets.slice(0, MAX_CALL_GROUP_MEMBERS), CallGroupOrder: 'Simultaneous' },
    summary:
      `A call group holds at most ${MAX_CALL_GROUP_MEMBERS} members and this one has ${count}: this plan keeps the first ${MAX_CALL_GROUP_MEMBERS}, in their current order, and removes the last ${dropped.length} (${dropped.join(', ')}).` +
      (inOrder ? ` It also switches the group to ring everyone at once, since ring-in-order allows at most ${MAX_IN_ORDER_MEMBERS} members.` : ''),
  };
};

const memberNotFound: CleanupTransform = (context, settings) => {
  const target = context.finding.related[0] ?? '';
  const change = withoutTargets(settings, (t) => sameRef(t, target));
  return { settings: change.settings, summary: `${target} matches no user in the tenant (left the organisation or mistyped): this plan removes it from the call group.${change.summary}` };
};

const memberDisabled: CleanupTransform = (context, settings) => {
  const member = context.finding.related[0] ?? '';
  const change = withoutTargets(settings, (t) => sameUser(context.lookup, t, member));
  return { settings: change.settings, summary: `${member} has a disabled account: this plan removes them from the call group.${change.summary}` };
};

const selfOrDuplicate: CleanupTransform = (context, settings) => {
  const { lookup, user } = context;
  const keyOf = (t: string) => lookup.userByRef(t)?.Identity ?? normalizeSip(t);
  const owner = user.Identity;
  const isSelf = (t: string) => keyOf(t) === owner || sameRef(t, user.SipAddress);
  const seen = new Set<string>();
  const repeated = settings.CallGroupTargets.map((t) => {
    const key = keyOf(t);
    const again = seen.has(key);
    seen.add(key);
    return again;
  });
  const change = withoutTargets(settings, (t, i) => isSelf(t) || repeated[i] === true);
  const self = change.removed.filter(isSelf);
  const duplicates = change.removed.filter((t) => !isSelf(t));
  const parts = [self.length > 0 ? 'the owner themselves' : '', duplicates.length > 0 ? `repeated entries (${duplicates.join(', ')})` : ''];
  return {
    settings: change.settings,
    summary: `This plan removes ${parts.filter(Boolean).join(' and ') || 'nothing'} from the call group, keeping the first occurrence of each member.${change.summary}`,
  };
};

const staleMembershipDetail: CleanupTransform = (context, settings) => {
  const owner = context.finding.related[0] ?? '';
  const exists = context.lookup.userByRef(owner) !== undefined;
  return {
    settings: { ...settings, GroupMembershipDetails: settings.GroupMembershipDetails.filter((d) => !sameUser(context.lookup, d.CallGroupOwnerId, owner)) },
    summary: `${normalizeSip(context.user.SipAddress)}'s group notifications still name ${owner}, ${exists ? 'whose call group does not include them' : 'who no longer exists'}: this plan rewrites the list without that entry.`,
  };
};

const orphanedDelegation: CleanupTransform = (context, settings) => {
  const off = routeOff(settings, 'MyDelegates');
  const ids = settings.Delegates.map((d) => d.Id);
  const actions = [off.stopped ? `turns off ${off.stopped} to the delegates` : '', ids.length > 0 ? `removes the ${plural(ids.length, 'delegate')} (${ids.join(', ')})` : ''];
  return {
    settings: { ...off.settings, Delegates: [] },
    summary: `Calling policy ${policyName(context)} does not allow delegation, so this plan ${actions.filter(Boolean).join(', then ')}.`,
  };
};

const noReceivingDelegate: CleanupTransform = (_context, settings) => {
  const off = routeOff(settings, 'MyDelegates');
  return { settings: off.settings, summary: `No delegate may receive calls, so calls sent to the delegates reach nobody: this plan turns off ${off.stopped || 'nothing'} to the delegates.` };
};

/** The findings a settings write can clean up; every other code gets advice (`cleanupAdvice.ts`). */
export const CLEANUP_TRANSFORMS: Partial<Readonly<Record<FindingCode, CleanupTransform>>> = {
  CG01: orphanedGroup,
  CG02: emptyGroupRouting,
  CG03: inOrderOverFive,
  CG04: tooManyMembers,
  CG07: memberNotFound,
  CG08: memberDisabled,
  CG11: selfOrDuplicate,
  CG12: staleMembershipDetail,
  DL01: orphanedDelegation,
  DL02: noReceivingDelegate,
};

/**
 * The order clean-ups of one user are applied in: removals of single members before the
 * 25-member cut (so fewer valid members are cut), the ring order after the cut, emptying
 * and switching off last.
 */
export const CLEANUP_MERGE_ORDER: readonly FindingCode[] = ['CG11', 'CG07', 'CG08', 'CG04', 'CG03', 'CG02', 'CG01', 'CG12', 'DL02', 'DL01'];
