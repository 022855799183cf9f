import type { SettingsChange, TenantLookup, User } from '@cgm/core';
import { createTenantLookup, normalizeSip } from '@cgm/core';
import type { Queryable } from '../store/database.js';
import { loadTenantSlice } from './tenantSlice.js';

/** What core's validateChange needs about the tenant for one change, read in a handful of indexed queries. */
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

/** A lookup over the slice of the tenant one change touches (see loadTenantSlice), with the members' group counts. */
export async function loadValidationContext(q: Queryable, user: User, change: SettingsChange): Promise<ValidationContext> {
  const slice = await loadTenantSlice(q, [user], referencedPeople(change));
  const memberSips = slice.users.map((named) => normalizeSip(named.SipAddress));
  const counts = await q.query<{ member_sip: string; groups: number }>(
    'SELECT member_sip, count(*)::int AS groups FROM call_group_members WHERE member_sip = ANY($1::text[]) GROUP BY member_sip',
    [memberSips],
  );
  const groups = new Map(counts.map((row) => [row.member_sip, Number(row.groups)]));
  return { lookup: createTenantLookup(slice), groupsOf: (sip) => groups.get(normalizeSip(sip)) ?? 0 };
}
