import { isSipLike, normalizePhone, normalizeSip, policyKey, userRefKey } from '../model/identity.js';
import type { Problem } from '../model/result.js';
import { findRepeatedKeys } from './repeatedKeys.js';
import { isE164 } from './snapshotFields.js';
import { snapshotProblem } from './snapshotProblems.js';

/**
 * Cross-record integrity: records that claim the same identity make the file
 * ambiguous (which of two users is `sip:alex@contoso.com`? which Global policy
 * applies?), so the snapshot is rejected rather than one of them silently winning.
 * Keys are compared with the matching rules of identity.ts.
 *
 * A callingSettings entry whose SipUri matches no user is deliberately NOT a problem:
 * it is not ambiguous, and whether it matters (a stale entry, a user left out of the
 * export) is for the health scan to say. Same for references between lists.
 *
 * Runs on the raw document, so duplicates are reported together with shape problems;
 * values that are not non-empty strings, or not SIP URIs or numbers where those are
 * expected, are skipped (the schema reports those).
 */

interface UniqueKey {
  readonly field: string;
  readonly key: (value: string) => string;
  /** Values the schema rejects are its problem; comparing them would only add noise. */
  readonly valid?: (value: string) => boolean;
}

const bySip: (field: string) => UniqueKey = (field) => ({ field, key: normalizeSip, valid: isSipLike });

const byRef: (field: string) => UniqueKey = (field) => ({ field, key: userRefKey });
const byPolicy: UniqueKey = { field: 'Identity', key: policyKey };

/** The lists of a snapshot and the fields no two of their entries may share. */
const UNIQUE_KEYS: Readonly<Record<string, readonly UniqueKey[]>> = {
  users: [byRef('Identity'), byRef('UserPrincipalName'), bySip('SipAddress')],
  callingSettings: [bySip('SipUri')],
  callingPolicies: [byPolicy],
  voiceRoutingPolicies: [byPolicy],
  emergencyCallRoutingPolicies: [byPolicy],
  sharedCallingPolicies: [byPolicy],
  resourceAccounts: [byRef('ObjectId'), byRef('UserPrincipalName')],
  phoneNumbers: [{ field: 'TelephoneNumber', key: normalizePhone, valid: isE164 }],
};

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The comparison key of each entry, undefined where the entry has no usable value. */
function keysOf(list: readonly unknown[], unique: UniqueKey): (string | undefined)[] {
  const keys = new Array<string | undefined>(list.length);
  for (let index = 0; index < list.length; index++) {
    const entry = list[index];
    const value = isRecord(entry) ? entry[unique.field] : undefined;
    keys[index] = typeof value === 'string' && value.trim() !== '' ? unique.key(value) : undefined;
  }
  return keys;
}

function duplicatesIn(listName: string, list: readonly unknown[], keys: readonly UniqueKey[], problems: Problem[]): void {
  const found: { index: number; order: number; problem: Problem }[] = [];
  keys.forEach((unique, order) => {
    for (const { index, first } of findRepeatedKeys(keysOf(list, unique))) {
      const entry = list[index];
      const value = isRecord(entry) ? entry[unique.field] : undefined;
      // Equal keys are equally valid or invalid, so validity is only checked on a repeat (rare), not per entry.
      if (typeof value === 'string' && unique.valid?.(value) === false) continue;
      const problem = snapshotProblem('duplicate', `${listName}[${index}].${unique.field}`, `same as ${listName}[${first}]`);
      found.push({ index, order, problem });
    }
  });
  found.sort((a, b) => a.index - b.index || a.order - b.order);
  for (const { problem } of found) problems.push(problem);
}

/** Every entry that repeats an identity an earlier entry of the same list already has, in document order. */
export function findDuplicates(document: unknown): Problem[] {
  const problems: Problem[] = [];
  if (!isRecord(document)) return problems;
  for (const [listName, keys] of Object.entries(UNIQUE_KEYS)) {
    const list = document[listName];
    if (Array.isArray(list)) duplicatesIn(listName, list, keys, problems);
  }
  return problems;
}
