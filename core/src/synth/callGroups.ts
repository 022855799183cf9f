import type { CallGroupOrder, NotificationSetting } from '../model/tenant.js';
import { MAX_GROUPS_PER_MEMBER, MAX_IN_ORDER_MEMBERS, formatDelay } from '../rules/limits.js';
import type { DefectKind } from './defects.js';
import { OWNER_DEFECTS } from './defects.js';
import type { Draft, DraftSettings } from './draft.js';
import { addMembership, settingsFor, userAt } from './draft.js';
import { applyOwnerDefect, defectivePlan } from './callGroupDefects.js';
import type { Random } from './random.js';
import { CALLING } from './policies.js';

/**
 * Call groups of a synthetic tenant: about one Teams Phone user in eight owns a group
 * of 2-10 members, mostly colleagues from their own department; small groups sometimes
 * ring in order; most owners send "also ring" or unanswered calls to the group; each
 * member has a GroupMembershipDetail for the owner (teams-calling-facts.md section 2).
 */

/** Share of eligible Teams Phone users who own a call group. */
const OWNER_SHARE = 0.125;
/** Share of members drawn from the owner's own department. */
const SAME_DEPARTMENT_SHARE = 0.8;
/** Unanswered delays people pick, all in the cmdlet's allowed set (CG15). */
const DELAYS: readonly number[] = [10, 15, 20, 20, 20, 30];

export type ForwardingMode = 'alsoRing' | 'immediate' | 'unanswered' | 'none';

/** How one owner's group is built. */
export interface GroupPlan {
  readonly size: number;
  readonly order: CallGroupOrder;
  readonly forwarding: ForwardingMode;
  readonly delay: string;
  /** Draw members from the whole tenant rather than mostly the owner's department. */
  readonly wide: boolean;
  /** The stream members are drawn from. */
  readonly rng: Random;
}

/** An owner and whether a defect was planted on them (defective owners are left alone by later steps). */
export interface OwnerRecord {
  readonly index: number;
  readonly defect: DefectKind | undefined;
}

/** Owners must be allowed call groups and must not send PSTN calls straight to voicemail (CG01, CG14). */
function canOwn(draft: Draft, index: number): boolean {
  if (draft.roles[index] !== 'phone') return false;
  const policy = userAt(draft, index).TeamsCallingPolicy;
  return policy !== CALLING.noCallGroups && policy !== CALLING.voicemailFirst;
}

/** A member must be an enabled, licensed TeamsOnly user allowed call groups, in fewer than 25 groups. */
function canJoin(draft: Draft, member: number): boolean {
  return draft.roles[member] === 'phone' && (draft.membershipCount[member] ?? MAX_GROUPS_PER_MEMBER) < MAX_GROUPS_PER_MEMBER;
}

function healthyPlan(draft: Draft): GroupPlan {
  const { rng } = draft;
  const size = 2 + Math.floor(9 * rng.next() ** 1.5);
  // InOrder is allowed only up to five members (MAX_IN_ORDER_MEMBERS).
  const order: CallGroupOrder = size <= MAX_IN_ORDER_MEMBERS && rng.chance(0.3) ? 'InOrder' : 'Simultaneous';
  const roll = rng.next();
  const forwarding: ForwardingMode = roll < 0.45 ? 'alsoRing' : roll < 0.55 ? 'immediate' : roll < 0.85 ? 'unanswered' : 'none';
  return { size, order, forwarding, delay: formatDelay(rng.pick(DELAYS)), wide: false, rng };
}

/** Build every call group; returns the owners in user order. */
export function buildCallGroups(draft: Draft): OwnerRecord[] {
  const owners: OwnerRecord[] = [];
  const anchors = new Uint8Array(draft.users.length);
  for (let index = 0; index < draft.users.length; index += 1) {
    if (!canOwn(draft, index) || !draft.rng.chance(OWNER_SHARE)) continue;
    const healthy = healthyPlan(draft);
    const defect = draft.defectRng.chance(draft.defectRate) ? draft.defectRng.pick(OWNER_DEFECTS) : undefined;
    const plan = defect ? defectivePlan(draft, healthy, defect) : healthy;
    const members = pickMembers(draft, index, plan);
    writeGroup(draft, index, members, { plan, anchors, muteAll: defect === 'nobodyAlerted' });
    const applied = defect ? applyOwnerDefect(draft, { owner: index, plan, members }, defect) : false;
    owners.push({ index, defect: applied ? defect : undefined });
  }
  muteSomeMembers(draft, anchors);
  return owners;
}

/** Distinct eligible members, mostly from the owner's department; fewer when the tenant cannot supply them. */
function pickMembers(draft: Draft, owner: number, plan: GroupPlan): number[] {
  const members: number[] = [];
  const department = draft.departments[draft.departmentOf[owner] ?? 0];
  const total = draft.users.length;
  for (let attempt = 0; attempt < plan.size * 8 && members.length < plan.size; attempt += 1) {
    const local = !plan.wide && department !== undefined && plan.rng.chance(SAME_DEPARTMENT_SHARE);
    const candidate = local ? plan.rng.int(department.start, department.end - 1) : plan.rng.int(0, total - 1);
    if (candidate === owner || !canJoin(draft, candidate) || members.includes(candidate)) continue;
    members.push(candidate);
  }
  return members;
}

interface WriteOptions {
  readonly plan: GroupPlan;
  /** Marks members who are the first, always-alerted member of some group. */
  readonly anchors: Uint8Array;
  readonly muteAll: boolean;
}

function writeGroup(draft: Draft, owner: number, members: readonly number[], options: WriteOptions): void {
  const ownerSettings = settingsFor(draft, owner);
  const ownerSip = userAt(draft, owner).SipAddress;
  ownerSettings.CallGroupOrder = options.plan.order;
  members.forEach((member, position) => {
    ownerSettings.CallGroupTargets.push(userAt(draft, member).SipAddress);
    // The first member always rings, so a group always alerts someone (CG13).
    const notification: NotificationSetting = options.muteAll ? 'Mute' : position === 0 ? 'Ring' : pickNotification(draft.rng);
    addMembership(draft, member, ownerSip, notification);
    if (position === 0 && !options.muteAll) options.anchors[member] = 1;
  });
  setForwarding(ownerSettings, options.plan);
}

function pickNotification(rng: Random): NotificationSetting {
  const roll = rng.next();
  return roll < 0.7 ? 'Ring' : roll < 0.9 ? 'Banner' : 'Mute';
}

/** Owner's forwarding; Group as target type needs at least one member (the cmdlet rejects it otherwise). */
function setForwarding(settings: DraftSettings, plan: GroupPlan): void {
  if (plan.forwarding === 'alsoRing' || plan.forwarding === 'immediate') {
    settings.IsForwardingEnabled = true;
    settings.ForwardingType = plan.forwarding === 'alsoRing' ? 'Simultaneous' : 'Immediate';
    settings.ForwardingTargetType = 'Group';
  }
  // Unanswered rules apply only when calls still ring the owner first: not with immediate forwarding.
  if (plan.forwarding === 'alsoRing' || plan.forwarding === 'unanswered') {
    settings.IsUnansweredEnabled = true;
    settings.UnansweredTargetType = plan.forwarding === 'unanswered' ? 'Group' : 'Voicemail';
    settings.UnansweredDelay = plan.delay;
  }
}

/** A few members mute every group globally; never one who is some group's always-ringing first member. */
function muteSomeMembers(draft: Draft, anchors: Uint8Array): void {
  for (let index = 0; index < draft.users.length; index += 1) {
    const settings = draft.settings[index];
    if (!settings || settings.GroupMembershipDetails.length === 0 || anchors[index] === 1) continue;
    if (draft.rng.chance(0.03)) settings.GroupNotificationOverride = 'Mute';
  }
}
