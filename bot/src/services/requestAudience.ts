import type { CallingSettings } from '@cgm/core';
import { normalizeSip } from '@cgm/core';
import type { Principal } from './principal.js';
import type { StoredRequest } from './requestService.js';

/** The people a request is about: written as SIP URIs, UPNs or object ids, as Teams stores them. */
function addedOrRemoved(before: readonly string[], after: readonly string[]): string[] {
  const key = (value: string) => value.trim().toLowerCase();
  const was = new Set(before.map(key));
  const now = new Set(after.map(key));
  return [...[...now].filter((value) => !was.has(value)), ...[...was].filter((value) => !now.has(value))];
}

function peopleChanged(before: CallingSettings, after: CallingSettings): string[] {
  return [
    ...addedOrRemoved(before.CallGroupTargets, after.CallGroupTargets),
    ...addedOrRemoved(
      before.Delegates.map((delegate) => delegate.Id),
      after.Delegates.map((delegate) => delegate.Id),
    ),
  ];
}

/** Whether a written reference (SIP URI, bare address, UPN or object id) names `principal`. */
function names(principal: Principal, reference: string): boolean {
  const value = reference.trim().toLowerCase();
  return normalizeSip(value) === principal.sip || value === principal.upn || value === principal.objectId.toLowerCase();
}

/**
 * Who may see a request, on every surface (the tab's API and the bot's cards): its requester,
 * its owner (whose settings it changes), the members or delegates it adds or removes, and
 * approvers. Anyone else is told that no such request exists, so an id leaks nothing.
 */
export function maySeeRequest(principal: Principal, request: StoredRequest): boolean {
  if (principal.isApprover) return true;
  if (request.requesterSip === principal.sip || request.subjectSip === principal.sip) return true;
  return peopleChanged(request.beforeSettings, request.desired).some((reference) => names(principal, reference));
}
