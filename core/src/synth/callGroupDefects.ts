import { MAX_CALL_GROUP_MEMBERS, MAX_GROUPS_PER_MEMBER, MAX_IN_ORDER_MEMBERS } from '../rules/limits.js';
import type { GroupPlan, OwnerRecord } from './callGroups.js';
import type { DefectKind } from './defects.js';
import type { Draft, UserRole } from './draft.js';
import { addMembership, settingsFor, sipOf, userAt } from './draft.js';
import { CALLING } from './policies.js';

/**
 * Call group defects: the ways real groups go wrong (docs/findings.md CG01-CG15).
 * Each is planted on one owner at a time, and recorded only when it took.
 */

/** The plan changes a defect needs before members are drawn; drawn from the defect stream. */
export function defectivePlan(draft: Draft, plan: GroupPlan, defect: DefectKind): GroupPlan {
  const rng = draft.defectRng;
  switch (defect) {
    case 'forwardsToEmptyGroup':
      return { ...plan, size: 0, forwarding: 'alsoRing' };
    case 'inOrderOverFive':
      return { ...plan, size: rng.int(MAX_IN_ORDER_MEMBERS + 1, 10), order: 'InOrder', rng };
    case 'tooManyMembers':
      return { ...plan, size: rng.int(MAX_CALL_GROUP_MEMBERS + 1, MAX_CALL_GROUP_MEMBERS + 5), order: 'Simultaneous', wide: true, rng };
    case 'duplicateMember':
      return { ...plan, order: 'Simultaneous' };
    case 'inboundTreatmentBypassesGroup':
      return { ...plan, forwarding: 'alsoRing' };
    case 'unsupportedUnansweredDelay':
      // 25 s is outside the cmdlet's 5, 10, 15, 20, 30, 40, 50, 60.
      return { ...plan, forwarding: 'unanswered', delay: '00:00:25' };
    default:
      return plan;
  }
}

export interface BuiltGroup {
  readonly owner: number;
  readonly plan: GroupPlan;
  readonly members: readonly number[];
}

/** Plant the defect on a built group; false when the tenant could not supply what it needs. */
export function applyOwnerDefect(draft: Draft, group: BuiltGroup, defect: DefectKind): boolean {
  const owner = userAt(draft, group.owner);
  const settings = settingsFor(draft, group.owner);
  let subject = sipOf(owner);
  switch (defect) {
    case 'orphanedCallGroup':
      owner.TeamsCallingPolicy = CALLING.noCallGroups;
      break;
    case 'inboundTreatmentBypassesGroup':
      owner.TeamsCallingPolicy = CALLING.voicemailFirst;
      break;
    case 'ownerNotEligible':
      owner.TeamsUpgradeEffectiveMode = 'Islands';
      break;
    case 'forwardsToEmptyGroup':
    case 'unsupportedUnansweredDelay':
    case 'nobodyAlerted':
      break; // built that way
    case 'inOrderOverFive':
      if (group.members.length <= MAX_IN_ORDER_MEMBERS) return false;
      break;
    case 'tooManyMembers':
      if (group.members.length <= MAX_CALL_GROUP_MEMBERS) return false;
      break;
    case 'duplicateMember': {
      const first = group.members[0];
      if (first === undefined) return false;
      // The same person again, spelled as a UPN: Teams resolves both to one user.
      settings.CallGroupTargets.push(userAt(draft, first).UserPrincipalName);
      break;
    }
    case 'memberNotFound':
      settings.CallGroupTargets.push(departedAddress(draft));
      break;
    case 'memberDisabled':
    case 'memberNotEligible':
      if (!addFromPool(draft, group.owner, defect === 'memberDisabled' ? 'disabled' : 'noPhone')) {
        settings.CallGroupTargets.push(departedAddress(draft));
        draft.defects.add('memberNotFound', subject);
        return true;
      }
      break;
    case 'staleMembershipDetail': {
      const stale = staleMember(draft, group);
      if (stale === undefined) return false;
      subject = stale;
      break;
    }
    default:
      throw new Error(`not an owner defect: ${defect}`);
  }
  draft.defects.add(defect, subject);
  return true;
}

/** Someone who has left: their address resolves to no user. */
function departedAddress(draft: Draft): string {
  draft.serials.departed += 1;
  return `sip:former.employee${draft.serials.departed}@${draft.domain}`;
}

/** Add a disabled or unlicensed user to the owner's group, with the detail they had when they were eligible. */
function addFromPool(draft: Draft, owner: number, role: UserRole): boolean {
  const total = draft.users.length;
  const start = draft.defectRng.int(0, total - 1);
  for (let step = 0; step < total; step += 1) {
    const candidate = (start + step) % total;
    if (draft.roles[candidate] !== role) continue;
    settingsFor(draft, owner).CallGroupTargets.push(userAt(draft, candidate).SipAddress);
    addMembership(draft, candidate, userAt(draft, owner).SipAddress, 'Ring');
    return true;
  }
  return false;
}

/** A colleague who was removed from the group but still carries a membership detail for it. */
function staleMember(draft: Draft, group: BuiltGroup): string | undefined {
  const total = draft.users.length;
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const candidate = draft.defectRng.int(0, total - 1);
    if (candidate === group.owner || group.members.includes(candidate) || draft.roles[candidate] !== 'phone') continue;
    const user = userAt(draft, candidate);
    settingsFor(draft, candidate).GroupMembershipDetails.push({
      CallGroupOwnerId: userAt(draft, group.owner).SipAddress, NotificationSetting: 'Banner',
    });
    return sipOf(user);
  }
  return undefined;
}

/**
 * Make a few people members of 26 groups (CG06): the limit is 25. Hosts are healthy,
 * simultaneous groups with room, so no other rule is disturbed.
 */
export function injectPopularMembers(draft: Draft, owners: readonly OwnerRecord[]): void {
  const victims = Math.round((owners.length * draft.defectRate) / 5);
  const needed = MAX_GROUPS_PER_MEMBER + 1;
  for (let v = 0; v < victims; v += 1) {
    const victim = draft.defectRng.int(0, draft.users.length - 1);
    if (draft.roles[victim] !== 'phone') continue;
    const hosts = pickHosts(draft, owners, victim, needed);
    if (hosts.length < needed) return;
    for (const host of hosts) {
      settingsFor(draft, host).CallGroupTargets.push(userAt(draft, victim).SipAddress);
      addMembership(draft, victim, userAt(draft, host).SipAddress, 'Banner');
    }
    draft.defects.add('memberInTooManyGroups', sipOf(userAt(draft, victim)));
  }
}

function pickHosts(draft: Draft, owners: readonly OwnerRecord[], victim: number, needed: number): number[] {
  const hosts: number[] = [];
  const victimSip = userAt(draft, victim).SipAddress;
  const start = draft.defectRng.int(0, Math.max(0, owners.length - 1));
  for (let step = 0; step < owners.length && hosts.length < needed; step += 1) {
    const record = owners[(start + step) % owners.length];
    if (!record || record.defect !== undefined || record.index === victim) continue;
    const settings = settingsFor(draft, record.index);
    const targets = settings.CallGroupTargets;
    if (settings.CallGroupOrder !== 'Simultaneous' || targets.length === 0 || targets.length >= MAX_CALL_GROUP_MEMBERS) continue;
    if (targets.includes(victimSip)) continue;
    hosts.push(record.index);
  }
  return hosts;
}
