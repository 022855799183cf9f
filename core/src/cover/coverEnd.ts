import type { Problem } from '../model/result.js';
import type { CallingSettings } from '../model/tenant.js';
import { MAX_IN_ORDER_MEMBERS } from '../rules/limits.js';
import { planSettingsWrites } from '../plan/planWrites.js';
import { groupKey, sameRef } from '../plan/settingsGroup.js';
import type { SettingsWrite } from '../plan/settingsWrite.js';
import { forwardingFields, nameIn, permissionsOf, samePermissions, unansweredFields } from './coverStart.js';
import type { Cover, CoverNote } from './types.js';

/**
 * The end of a cover as a three-way merge of the owner's settings: `atStart` (just before the
 * start wrote anything), `afterStart` (just after it) and `now`. The cover's own part is what
 * differs between the first two in the parts the cover names; the end takes back exactly that
 * part from `now` and leaves every other edit the owner made meanwhile.
 *
 * Two kinds of part, taken back differently:
 * - presence (a member or a delegate the cover added): removed if still there; if the owner
 *   already removed them, nothing to do, and the note says so;
 * - a value (ring order, a forwarding rule, a pre-existing delegate's permissions): restored only
 *   while it still holds what the start wrote; a value the owner changed by hand is theirs now.
 */

export interface CoverEndOptions {
  /** Display names by canonical `sip:` URI, for the notes ("Adele Vance was already removed"). */
  readonly names?: Readonly<Record<string, string>> | undefined;
  /** The owner as the writes name them (`-Identity`: object id or SIP address); the settings' SipUri when absent. */
  readonly identity?: string | undefined;
}

export type CoverEnd =
  | {
      readonly held: false;
      readonly desired: CallingSettings;
      /** The writes from `now` to `desired`, in an order Teams accepts (core's planner); empty when nothing is left to take back. */
      readonly writes: readonly SettingsWrite[];
      readonly notes: readonly CoverNote[];
    }
  | {
      readonly held: true;
      /** Why, in words for the owner and the approvers. */
      readonly reason: string;
      readonly problems: readonly Problem[];
      /** The settings the end would have written. */
      readonly desired: CallingSettings;
      readonly notes: readonly CoverNote[];
    };

export function coverEndDesired(atStart: CallingSettings, afterStart: CallingSettings, now: CallingSettings, cover: Cover, options: CoverEndOptions = {}): CoverEnd {
  const notes: CoverNote[] = [];
  const name = (ref: string) => nameIn(options.names, ref);
  let desired = now;
  if (cover.callGroup) desired = endMembers(atStart, afterStart, desired, cover.callGroup.add, notes, name);
  if (cover.callGroup?.order !== undefined) desired = endOrder(atStart, afterStart, desired, notes);
  if (cover.answering?.forwarding) desired = endRule('forwarding', atStart, afterStart, desired, notes);
  if (cover.answering?.unanswered) desired = endRule('unanswered', atStart, afterStart, desired, notes);
  if (cover.delegate) desired = endDelegate(atStart, afterStart, desired, cover.delegate.target, notes, name);
  const planned = planSettingsWrites(now, desired, options.identity ?? now.SipUri);
  if (planned.ok) return { held: false, desired, writes: planned.value, notes };
  return { held: true, reason: heldReason(notes, planned.problems), problems: planned.problems, desired, notes };
}

/**
 * Why an end is held, for the owner and the approvers: what it was taking back and the rule that
 * would break. Nothing is written, so the covering people keep the calls until the owner fixes
 * the setting; a partial end could leave calls going to a group nobody is in.
 */
function heldReason(notes: readonly CoverNote[], problems: readonly Problem[]): string {
  const parts = notes.filter((note) => note.code === 'taken-back').map((note) => note.message.replace(/\.$/, ''));
  const taking = parts.length > 0 ? `Taking back its part (${parts.join('; ')})` : 'Taking back its part';
  return `The end of this cover is held. ${taking} would leave settings Teams refuses: ${problems.map((problem) => problem.message).join(' ')} Change that setting, then end the cover again.`;
}

const has = (settings: CallingSettings, ref: string) => settings.CallGroupTargets.some((target) => sameRef(target, ref));

/** Members the cover added (absent before its start, present after it) leave if still there; the others stay in their order. */
function endMembers(atStart: CallingSettings, afterStart: CallingSettings, now: CallingSettings, add: readonly string[], notes: CoverNote[], name: (ref: string) => string): CallingSettings {
  let targets = now.CallGroupTargets;
  add.forEach((ref, index) => {
    // A person listed twice is taken back once, at their first entry.
    if (add.slice(0, index).some((earlier) => sameRef(earlier, ref))) return;
    if (has(atStart, ref) || !has(afterStart, ref)) return;
    const path = `callGroup.add[${index}]`;
    if (!targets.some((target) => sameRef(target, ref))) {
      notes.push({ code: 'already-taken-back', path, ref, message: `${name(ref)} was already removed from the call group.` });
      return;
    }
    targets = targets.filter((target) => !sameRef(target, ref));
    notes.push({ code: 'taken-back', path, ref, message: `${name(ref)} leaves the call group.` });
  });
  return targets === now.CallGroupTargets ? now : { ...now, CallGroupTargets: targets };
}

/**
 * The ring order goes back to what it was, unless the owner chose one meanwhile, or the group
 * now has more than five members (the owner added people during the cover): in-order ringing
 * would be refused, so the order stays and the note says why rather than holding the whole end.
 */
function endOrder(atStart: CallingSettings, afterStart: CallingSettings, desired: CallingSettings, notes: CoverNote[]): CallingSettings {
  const path = 'callGroup.order';
  if (atStart.CallGroupOrder === afterStart.CallGroupOrder) return desired;
  if (desired.CallGroupOrder === atStart.CallGroupOrder) {
    notes.push({ code: 'already-taken-back', path, message: `The ring order is already ${atStart.CallGroupOrder} again.` });
    return desired;
  }
  if (desired.CallGroupOrder !== afterStart.CallGroupOrder) {
    notes.push({ code: 'changed-by-owner', path, message: `The ring order was changed to ${desired.CallGroupOrder} during the cover, so it stays.` });
    return desired;
  }
  const count = desired.CallGroupTargets.length;
  if (atStart.CallGroupOrder === 'InOrder' && count > MAX_IN_ORDER_MEMBERS) {
    notes.push({ code: 'kept', path, message: `The ring order stays ${desired.CallGroupOrder}: ringing in order works only with ${MAX_IN_ORDER_MEMBERS} or fewer members, and the group now has ${count}.` });
    return desired;
  }
  notes.push({ code: 'taken-back', path, message: `The ring order goes back to ${atStart.CallGroupOrder}.` });
  return { ...desired, CallGroupOrder: atStart.CallGroupOrder };
}

const RULE_LABEL = { forwarding: 'Call forwarding', unanswered: '"If unanswered"' } as const;

/** A rule goes back whole (every stored field) while it still does what the start made it do. */
function endRule(rule: 'forwarding' | 'unanswered', atStart: CallingSettings, afterStart: CallingSettings, desired: CallingSettings, notes: CoverNote[]): CallingSettings {
  const path = `answering.${rule}`;
  const key = (settings: CallingSettings) => groupKey(rule, settings);
  if (key(atStart) === key(afterStart)) return desired;
  if (key(desired) === key(atStart)) {
    notes.push({ code: 'already-taken-back', path, message: `${RULE_LABEL[rule]} is already back to what it was before the cover.` });
    return desired;
  }
  if (key(desired) !== key(afterStart)) {
    notes.push({ code: 'changed-by-owner', path, message: `${RULE_LABEL[rule]} was changed during the cover, so it stays as it is now.` });
    return desired;
  }
  notes.push({ code: 'taken-back', path, message: `${RULE_LABEL[rule]} goes back to what it was before the cover.` });
  return { ...desired, ...(rule === 'forwarding' ? forwardingFields(atStart) : unansweredFields(atStart)) };
}

/** A delegate the cover added is removed; one who was a delegate before gets their former permissions back. */
function endDelegate(atStart: CallingSettings, afterStart: CallingSettings, desired: CallingSettings, target: string, notes: CoverNote[], name: (ref: string) => string): CallingSettings {
  const find = (settings: CallingSettings) => settings.Delegates.find((delegate) => sameRef(delegate.Id, target));
  const [before, after, current] = [find(atStart), find(afterStart), find(desired)];
  const path = 'delegate';
  if (!after || (before && samePermissions(permissionsOf(before), permissionsOf(after)))) return desired;
  if (!before) {
    if (!current) {
      notes.push({ code: 'already-taken-back', path, ref: target, message: `${name(target)} was already removed as a delegate.` });
      return desired;
    }
    notes.push({ code: 'taken-back', path, ref: target, message: `${name(target)} is no longer a delegate.` });
    return { ...desired, Delegates: desired.Delegates.filter((delegate) => delegate !== current) };
  }
  if (current && samePermissions(permissionsOf(current), permissionsOf(before))) {
    notes.push({ code: 'already-taken-back', path, ref: target, message: `${name(target)} already has their former delegate permissions back.` });
    return desired;
  }
  if (!current || !samePermissions(permissionsOf(current), permissionsOf(after))) {
    notes.push({ code: 'changed-by-owner', path, ref: target, message: `${name(target)}'s delegation was changed during the cover, so it stays as it is now.` });
    return desired;
  }
  notes.push({ code: 'taken-back', path, ref: target, message: `${name(target)} gets their former delegate permissions back.` });
  return { ...desired, Delegates: desired.Delegates.map((delegate) => (delegate === current ? { ...delegate, ...permissionsOf(before) } : delegate)) };
}
