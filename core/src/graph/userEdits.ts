import type { CallingSettings, User } from '../model/tenant.js';
import { normalizeSip, userRefKey } from '../model/identity.js';
import type { GraphState, UnitMarks, UserEntry } from './graphState.js';
import { createUserEntry, markAll } from './graphState.js';

/**
 * Edits to users and their calling settings. Each one marks the scan units whose
 * findings may change; the dependencies it follows:
 *
 * - a user's record: their own three units, every owner who has them as a target
 *   (CG08/CG09/CG13 and names in messages), their personal number's unit (SC07);
 * - a user's keys (UPN, SIP, arrival or departure): every reference written to them or
 *   to a colliding key, re-resolved (targets: CG07 and member counts; membership details:
 *   CG12 and the owners' CG13; delegates: DL01; number assignments: SC07);
 * - a user's settings: their owner and member units, the members of the old and new
 *   target lists (CG06/CG12), the owners named in old and new details and every owner
 *   who has them as a target (CG13 reads their override and details).
 */

/** Replaces (or adds, or with `next` undefined removes) the user with object id `id`. */
export function replaceUser(state: GraphState, id: string, next: User | undefined, marks: UnitMarks): void {
  const prev = state.users.get(id);
  if (!prev && !next) return;
  if (prev) {
    markUserReaders(state, prev, marks);
    linkSettings(state, prev, state.settingsBySip.get(prev.sip), marks, false);
  }
  const entry = next ? createUserEntry(next, id, prev?.seq ?? state.nextSeq(), state.policyKeyOf) : undefined;
  const texts = textsThrough(state, prev?.keys, entry?.keys);
  const before = texts.map((text) => state.resolveText(text)?.id);
  if (prev) unindexUser(state, prev);
  if (entry) indexUser(state, entry);
  else state.users.delete(id);
  texts.forEach((text, index) => reresolve(state, text, before[index], marks));
  if (entry) {
    linkSettings(state, entry, state.settingsBySip.get(entry.sip), marks, true);
    markUserReaders(state, entry, marks);
  }
}

/** Replaces the calling settings of every user with this SIP address (and keeps them for a user yet to come). */
export function replaceSettings(state: GraphState, settings: CallingSettings, marks: UnitMarks): void {
  const sip = normalizeSip(settings.SipUri);
  const bound = boundUsers(state, sip);
  const prev = state.settingsBySip.get(sip);
  for (const entry of bound) linkSettings(state, entry, prev, marks, false);
  state.settingsBySip.set(sip, settings);
  for (const entry of bound) {
    linkSettings(state, entry, settings, marks, true);
    marks.add(`owner:${entry.id}`);
    marks.add(`member:${entry.id}`);
    markAll(marks, 'owner', state.memberOwners.get(entry.id)?.keys());
  }
}

/** A user who leaves takes their settings along, unless another user shares the SIP address. */
export function dropOrphanSettings(state: GraphState, sip: string): void {
  if (!state.usersBySip.get(sip)) state.settingsBySip.delete(sip);
}

/** Indexes a user without re-resolving references: for the bulk build, before any settings are linked. */
export function indexUser(state: GraphState, entry: UserEntry): void {
  state.users.set(entry.id, entry);
  state.entryByUser.set(entry.user, entry);
  for (const key of entry.keys) state.userKeys.add(key, entry);
  state.usersBySip.add(entry.sip, entry.id);
  if (entry.callingKey !== 'global') state.callingUsers.add(entry.callingKey, entry.id);
  if (entry.sharedKey !== null) {
    state.sharedUsers.add(entry.sharedKey, entry.id);
    state.voiceSharedUsers.add(entry.voiceKey, entry.id);
    state.emergencySharedUsers.add(entry.emergencyKey, entry.id);
  }
  if (entry.line !== null) state.lineUsers.add(entry.line, entry.id);
}

/** Removes a user from every index but `users` (so a replacement keeps its position in tenant order). */
function unindexUser(state: GraphState, entry: UserEntry): void {
  state.entryByUser.delete(entry.user);
  for (const key of entry.keys) state.userKeys.remove(key, entry);
  state.usersBySip.delete(entry.sip, entry.id);
  if (entry.callingKey !== 'global') state.callingUsers.delete(entry.callingKey, entry.id);
  if (entry.sharedKey !== null) {
    state.sharedUsers.delete(entry.sharedKey, entry.id);
    state.voiceSharedUsers.delete(entry.voiceKey, entry.id);
    state.emergencySharedUsers.delete(entry.emergencyKey, entry.id);
  }
  if (entry.line !== null) state.lineUsers.delete(entry.line, entry.id);
}

/**
 * Adds (`link`) or removes the references a user's settings hold: their targets (and
 * the member → owner relation they make), membership details and delegates.
 */
export function linkSettings(state: GraphState, entry: UserEntry, settings: CallingSettings | undefined, marks: UnitMarks, link: boolean): void {
  if (!settings) return;
  for (const written of settings.CallGroupTargets) {
    const text = userRefKey(written);
    const member = state.resolveText(text);
    if (member) {
      if (link) state.memberOwners.add(member.id, entry.id);
      else state.memberOwners.remove(member.id, entry.id);
      marks.add(`member:${member.id}`);
    }
    if (link) state.targetWriters.add(text, entry.id);
    else state.targetWriters.remove(text, entry.id);
    useOrRelease(state, text, link);
  }
  for (const detail of settings.GroupMembershipDetails) {
    const text = userRefKey(detail.CallGroupOwnerId);
    const owner = state.resolveText(text);
    if (owner) marks.add(`owner:${owner.id}`);
    if (link) state.detailWriters.add(text, entry.id);
    else state.detailWriters.remove(text, entry.id);
    useOrRelease(state, text, link);
  }
  for (const delegate of settings.Delegates) {
    const text = userRefKey(delegate.Id);
    if (link) state.delegateWriters.add(text, entry.id);
    else state.delegateWriters.remove(text, entry.id);
    useOrRelease(state, text, link);
  }
}

function useOrRelease(state: GraphState, text: string, use: boolean): void {
  if (use) state.useText(text);
  else state.releaseText(text);
}

/** The units that read a user's record: their own, the owners who target them, their personal number. */
function markUserReaders(state: GraphState, entry: UserEntry, marks: UnitMarks): void {
  marks.add(`owner:${entry.id}`);
  marks.add(`member:${entry.id}`);
  marks.add(`scuser:${entry.id}`);
  markAll(marks, 'owner', state.memberOwners.get(entry.id)?.keys());
  if (entry.line !== null) marks.add(`number:${entry.line}`);
}

/** Every referenced text that resolves through one of these keys. */
function textsThrough(state: GraphState, prevKeys: readonly string[] | undefined, nextKeys: readonly string[] | undefined): string[] {
  const texts = new Set<string>();
  for (const keys of [prevKeys, nextKeys]) {
    if (keys) for (const key of keys) for (const text of state.textsByProbe.get(key) ?? []) texts.add(text);
  }
  return [...texts];
}

/** Re-resolves one text after a user edit: moves the member → owner counts and marks every reader. */
function reresolve(state: GraphState, text: string, before: string | undefined, marks: UnitMarks): void {
  const after = state.resolveText(text)?.id;
  const owners = state.targetWriters.get(text);
  if (owners) {
    if (after !== before) {
      for (const [owner, count] of [...owners]) {
        if (before !== undefined) state.memberOwners.remove(before, owner, count);
        if (after !== undefined) state.memberOwners.add(after, owner, count);
      }
    }
    markAll(marks, 'owner', owners.keys());
    markAll(marks, 'member', [before, after].filter((id) => id !== undefined));
  }
  markAll(marks, 'owner', state.delegateWriters.get(text)?.keys());
  const members = state.detailWriters.get(text);
  if (members) {
    markAll(marks, 'member', members.keys());
    markAll(marks, 'owner', [before, after].filter((id) => id !== undefined));
  }
  markAll(marks, 'number', state.assignedNumbers.get(text));
}

function boundUsers(state: GraphState, sip: string): UserEntry[] {
  const entries: UserEntry[] = [];
  for (const id of state.usersBySip.get(sip) ?? []) {
    const entry = state.users.get(id);
    if (entry) entries.push(entry);
  }
  return entries;
}
