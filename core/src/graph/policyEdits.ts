import type { CallingPolicy, PstnUsagePolicy } from '../model/tenant.js';
import type { GraphState, UnitMarks } from './graphState.js';
import { markAll } from './graphState.js';

/**
 * Edits to calling, voice routing and emergency call routing policies. A policy edit
 * affects exactly the users whose effective policy it is: for the calling policy that
 * is the owner unit (CG01, CG14, DL01); for routing policies only Shared Calling users
 * are checked (SC21, SC23), so only their units are marked.
 */

/** Sets (or with `policy` undefined removes) the calling policy with comparison key `key`. */
export function replaceCallingPolicy(state: GraphState, key: string, policy: CallingPolicy | undefined, marks: UnitMarks): void {
  if (policy) state.callingPolicies.set(key, policy);
  else state.callingPolicies.delete(key);
  if (key !== 'global') {
    markAll(marks, 'owner', state.callingUsers.get(key));
    return;
  }
  // Users on Global are not indexed (most of the tenant is): a Global edit reaches them and
  // every user whose named policy does not exist, which is about the whole tenant anyway.
  for (const entry of state.users.values()) {
    if (entry.callingKey === 'global' || !state.callingPolicies.has(entry.callingKey)) marks.add(`owner:${entry.id}`);
  }
}

/** Sets (or removes) the voice routing policy with comparison key `key`. */
export function replaceVoicePolicy(state: GraphState, key: string, policy: PstnUsagePolicy | undefined, marks: UnitMarks): void {
  if (policy) state.voicePolicies.set(key, policy);
  else state.voicePolicies.delete(key);
  markAll(marks, 'scuser', state.voiceSharedUsers.get(key));
}

/** Sets (or removes) the emergency call routing policy with comparison key `key`. */
export function replaceEmergencyPolicy(state: GraphState, key: string, policy: PstnUsagePolicy | undefined, marks: UnitMarks): void {
  if (policy) state.emergencyPolicies.set(key, policy);
  else state.emergencyPolicies.delete(key);
  markAll(marks, 'scuser', state.emergencySharedUsers.get(key));
}
