import type { PhoneNumber, ResourceAccount, SharedCallingPolicy } from '../model/tenant.js';
import { userRefKey } from '../model/identity.js';
import { emergencyNumberKeys } from '../health/sharedCallingHealth.js';
import type { GraphState, UnitMarks } from './graphState.js';
import { createAccountEntry, markAll } from './graphState.js';

/**
 * Edits to Shared Calling policies, resource accounts and phone numbers. The chain a
 * policy unit reads is policy → resource account → its number record (+ the emergency
 * numbers' records); a Shared Calling user's SC23 reads the same chain for the number
 * type; a number unit reads the policies listing it, its record and who holds it.
 */

/** Sets (or with `policy` undefined removes) the Shared Calling policy with comparison key `key`. */
export function replaceSharedPolicy(state: GraphState, key: string, policy: SharedCallingPolicy | undefined, marks: UnitMarks): void {
  const prev = state.sharedPolicies.get(key);
  marks.add(`policy:${key}`);
  markAll(marks, 'scuser', state.sharedUsers.get(key));
  if (prev) {
    for (const number of emergencyNumberKeys(prev)) {
      state.emergencyListing.delete(number, key);
      if (!state.emergencyListing.has(number)) trackAssignment(state, number, false);
      marks.add(`number:${number}`);
    }
    state.policiesByAccountRef.delete(userRefKey(prev.ResourceAccount), key);
  }
  if (!policy) {
    state.sharedPolicies.delete(key);
    return;
  }
  state.sharedPolicies.set(key, policy);
  for (const number of emergencyNumberKeys(policy)) {
    if (!state.emergencyListing.has(number)) trackAssignment(state, number, true);
    state.emergencyListing.add(number, key);
    marks.add(`number:${number}`);
  }
  state.policiesByAccountRef.add(userRefKey(policy.ResourceAccount), key);
}

/** Sets (or removes) the resource account with object id `id` (lower-cased). */
export function replaceAccount(state: GraphState, id: string, account: ResourceAccount | undefined, marks: UnitMarks): void {
  const prev = state.accounts.get(id);
  const entry = account ? createAccountEntry(account, id, prev?.seq ?? state.nextSeq()) : undefined;
  for (const key of new Set([...(prev?.keys ?? []), ...(entry?.keys ?? [])])) {
    markPoliciesOf(state, state.policiesByAccountRef.get(key), marks);
    // Numbers assigned to the account by id or UPN (SC07 names it).
    for (const text of state.textsByProbe.get(key) ?? []) markAll(marks, 'number', state.assignedNumbers.get(text));
  }
  if (prev) {
    for (const key of prev.keys) state.accountKeys.remove(key, prev);
    if (prev.number !== null) {
      state.accountNumbers.delete(prev.number, id);
      marks.add(`number:${prev.number}`);
    }
  }
  if (!entry) {
    state.accounts.delete(id);
    return;
  }
  indexAccount(state, entry);
  if (entry.number !== null) marks.add(`number:${entry.number}`);
}

/** Indexes a resource account; `accounts.set` keeps a replaced account's position in tenant order. */
export function indexAccount(state: GraphState, entry: ReturnType<typeof createAccountEntry>): void {
  state.accounts.set(entry.id, entry);
  for (const key of entry.keys) state.accountKeys.add(key, entry);
  if (entry.number !== null) state.accountNumbers.add(entry.number, entry.id);
}

/** Sets (or removes) the phone number record with key `key` (normalised). */
export function replaceNumber(state: GraphState, key: string, number: PhoneNumber | undefined, marks: UnitMarks): void {
  const prev = state.numbers.get(key);
  marks.add(`number:${key}`);
  // Emergency numbers' records feed SC04/SC05/SC08 of the policies listing them.
  markAll(marks, 'policy', state.emergencyListing.get(key));
  // The shared number's record feeds the whole policy unit and its users' SC23.
  for (const accountId of state.accountNumbers.get(key) ?? []) {
    for (const accountKey of state.accounts.get(accountId)?.keys ?? []) markPoliciesOf(state, state.policiesByAccountRef.get(accountKey), marks);
  }
  const listed = state.emergencyListing.has(key);
  if (listed && prev) trackAssignment(state, key, false);
  if (number) state.numbers.set(key, number);
  else state.numbers.delete(key);
  if (listed && number) trackAssignment(state, key, true);
}

/**
 * Starts or stops following whom an emergency number is assigned to. Only emergency
 * numbers have a unit that reads the assignment (SC07), so the graph follows only
 * theirs: a tenant's 100,000 personal numbers cost no reference texts.
 */
function trackAssignment(state: GraphState, number: string, on: boolean): void {
  const text = assignedText(state.numbers.get(number));
  if (text === undefined) return;
  if (on) {
    state.assignedNumbers.add(text, number);
    state.useText(text);
  } else {
    state.assignedNumbers.delete(text, number);
    state.releaseText(text);
  }
}

/** The AssignedPstnTargetId as a reference text, or undefined when unassigned. */
function assignedText(number: PhoneNumber | undefined): string | undefined {
  const assigned = number?.AssignedPstnTargetId?.trim();
  return assigned ? userRefKey(assigned) : undefined;
}

/** A policy unit and its users' units (SC23 reads the policy's number type). */
function markPoliciesOf(state: GraphState, policies: Iterable<string> | undefined, marks: UnitMarks): void {
  if (!policies) return;
  for (const key of policies) {
    marks.add(`policy:${key}`);
    markAll(marks, 'scuser', state.sharedUsers.get(key));
  }
}
