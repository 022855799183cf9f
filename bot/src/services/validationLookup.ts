import type { SettingsChange, TenantLookup, User } from '@cgm/core';
import { createTenantLookup, normalizeSip } from '@cgm/core';
import type { TenantSlices } from './storage.js';

/** What core's validateChange needs about the tenant for one change, read in one statement. */
export interface ValidationContext {
  readonly lookup: TenantLookup;
  /** How many groups each person named in the change is already in (the server's reverse index). */
  readonly groupsOf: (memberSip: string) => number;
}

/** Every person a change names: members, forwarding targets, the owner of a group. */
function referencedPeople(change: SettingsChange): string[] {
  switch (change.kind) {
    case 'callGroup':
      return [...change.targets];
    case 'answering':
      return [change.forwarding.target, change.unanswered.target].filter((t): t is string => t !== null);
    case 'membershipNotification':
      return [change.ownerId];
    case 'notificationOverride':
      return [];
  }
}

/** A lookup over the slice of the tenant one change touches (see readTenantSlice), with the members' group counts. */
export async function loadValidationContext(slices: TenantSlices, user: User, change: SettingsChange): Promise<ValidationContext> {
  const { tenant, groupCounts } = await slices.read([user], referencedPeople(change));
  return { lookup: createTenantLookup(tenant), groupsOf: (sip) => groupCounts.get(normalizeSip(sip)) ?? 0 };
}
