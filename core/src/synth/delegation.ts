import type { Delegate } from '../model/tenant.js';
import { MAX_DELEGATES } from '../rules/limits.js';
import { MANAGER_DEFECTS } from './defects.js';
import type { Draft, DraftSettings, Mutable } from './draft.js';
import { settingsFor, sipOf, userAt } from './draft.js';
import { CALLING } from './policies.js';

/**
 * Delegation in a synthetic tenant: a few managers have one or two delegates from
 * their department, the first allowed to receive calls; some send calls to their
 * delegates (teams-calling-facts.md section 4). Managers are never call group owners
 * here, so the forwarding slots of the two features never collide.
 */

const MANAGER_SHARE = 0.015;

function canManage(draft: Draft, index: number): boolean {
  if (draft.roles[index] !== 'phone' || userAt(draft, index).TeamsCallingPolicy === CALLING.noDelegation) return false;
  const settings = draft.settings[index];
  return !settings || (settings.CallGroupTargets.length === 0 && !settings.IsForwardingEnabled && !settings.IsUnansweredEnabled);
}

function delegate(id: string, receiveCalls: boolean, manageSettings: boolean): Mutable<Delegate> {
  return { Id: id, MakeCalls: true, ManageSettings: manageSettings, ReceiveCalls: receiveCalls, PickUpHeldCalls: true, JoinActiveCalls: receiveCalls };
}

/** Pick up to `count` distinct delegates for a manager: colleagues first, anyone when `wide`. */
function pickDelegates(draft: Draft, manager: number, count: number, wide: boolean): number[] {
  const rng = wide ? draft.defectRng : draft.rng;
  const department = draft.departments[draft.departmentOf[manager] ?? 0];
  const chosen: number[] = [];
  for (let attempt = 0; attempt < count * 8 && chosen.length < count; attempt += 1) {
    const candidate = !wide && department ? rng.int(department.start, department.end - 1) : rng.int(0, draft.users.length - 1);
    if (candidate !== manager && draft.roles[candidate] === 'phone' && !chosen.includes(candidate)) chosen.push(candidate);
  }
  return chosen;
}

/** Give a few managers delegates; each manager may carry one delegation defect. */
export function buildDelegation(draft: Draft): void {
  for (let index = 0; index < draft.users.length; index += 1) {
    if (!canManage(draft, index) || !draft.rng.chance(MANAGER_SHARE)) continue;
    const delegates = pickDelegates(draft, index, draft.rng.int(1, 2), false);
    if (delegates.length === 0) continue;
    const settings = settingsFor(draft, index);
    delegates.forEach((member, position) => {
      // The first delegate can always receive calls, so MyDelegates forwarding has someone to ring (DL02).
      settings.Delegates.push(delegate(userAt(draft, member).SipAddress, position === 0 || draft.rng.chance(0.5), draft.rng.chance(0.5)));
    });
    const roll = draft.rng.next();
    if (roll < 0.4) forwardToDelegates(settings, 'simultaneous');
    else if (roll < 0.7) forwardToDelegates(settings, 'unanswered');
    if (draft.defectRng.chance(draft.defectRate)) applyManagerDefect(draft, index, settings);
  }
}

function forwardToDelegates(settings: DraftSettings, mode: 'simultaneous' | 'unanswered'): void {
  if (mode === 'simultaneous') {
    settings.IsForwardingEnabled = true;
    settings.ForwardingType = 'Simultaneous';
    settings.ForwardingTargetType = 'MyDelegates';
  } else {
    settings.IsUnansweredEnabled = true;
    settings.UnansweredTargetType = 'MyDelegates';
    settings.UnansweredDelay = '00:00:15';
  }
}

function applyManagerDefect(draft: Draft, manager: number, settings: DraftSettings): void {
  const kind = draft.defectRng.pick(MANAGER_DEFECTS);
  const user = userAt(draft, manager);
  switch (kind) {
    case 'orphanedDelegation':
      user.TeamsCallingPolicy = CALLING.noDelegation;
      break;
    case 'forwardsToNoDelegates':
      for (const entry of settings.Delegates) entry.ReceiveCalls = false;
      if (settings.ForwardingTargetType !== 'MyDelegates' && settings.UnansweredTargetType !== 'MyDelegates') forwardToDelegates(settings, 'unanswered');
      break;
    case 'tooManyDelegates': {
      const known = new Set(settings.Delegates.map((entry) => entry.Id));
      const extra = pickDelegates(draft, manager, MAX_DELEGATES + 1, true).map((index) => userAt(draft, index).SipAddress);
      for (const id of extra) if (!known.has(id) && settings.Delegates.length <= MAX_DELEGATES) settings.Delegates.push(delegate(id, false, false));
      if (settings.Delegates.length <= MAX_DELEGATES) return;
      break;
    }
    default:
      throw new Error(`not a manager defect: ${kind}`);
  }
  draft.defects.add(kind, sipOf(user));
}
