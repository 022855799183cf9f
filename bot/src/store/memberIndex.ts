import { normalizeSip, resolveRef, userRefKey, userRefKeys } from '@cgm/core';
import type { Tenant } from '@cgm/core';
import { bulkInsert } from './bulkInsert.js';
import type { Queryable } from './database.js';
import { memberKey, resolveUserRefs } from './userRefs.js';

/**
 * call_group_members: the reverse index of CallGroupTargets ("whose groups am I in"),
 * which Teams does not keep (membership lives on the owner). One row per owner and
 * member; a target listed twice (CG11) keeps its first position.
 */

/** A call_group_members row, keyed by column name for `bulkInsert`. */
export type MemberRow = Readonly<{ owner_sip: string; member_sip: string; position: number }>;

function rowsOf(ownerSip: string, members: readonly string[]): MemberRow[] {
  const seen = new Set<string>();
  const rows: MemberRow[] = [];
  members.forEach((member, position) => {
    if (seen.has(member)) return;
    seen.add(member);
    rows.push({ owner_sip: ownerSip, member_sip: member, position });
  });
  return rows;
}

/**
 * Every owner's rows for a whole tenant, resolved with core's identity keys and the first user in
 * snapshot order winning, exactly as core's `createTenantLookup` resolves a reference (only the
 * user map is built: a 100,000-user import needs nothing else from the lookup).
 */
export function tenantMemberRows(tenant: Tenant): MemberRow[] {
  const sipByRef = new Map<string, string>();
  for (const user of tenant.users) {
    const sip = normalizeSip(user.SipAddress);
    for (const key of userRefKeys(user)) if (!sipByRef.has(key)) sipByRef.set(key, sip);
  }
  return tenant.callingSettings.flatMap((settings) => {
    const members = settings.CallGroupTargets.map((target) => resolveRef(sipByRef, target) ?? memberKey(target));
    return rowsOf(normalizeSip(settings.SipUri), members);
  });
}

export const MEMBER_COLUMNS = [
  ['owner_sip', 'text'],
  ['member_sip', 'text'],
  ['position', 'integer'],
] as const;

/** Replace one owner's rows from their targets, resolved against the stored users. */
export async function rebuildOwnerMembers(q: Queryable, ownerSip: string, targets: readonly string[]): Promise<void> {
  const resolved = await resolveUserRefs(q, targets);
  const members = targets.map((target) => resolved.get(userRefKey(target))?.sip ?? memberKey(target));
  await q.query('DELETE FROM call_group_members WHERE owner_sip = $1', [ownerSip]);
  await bulkInsert(q, rowsOf(ownerSip, members), { table: 'call_group_members', columns: MEMBER_COLUMNS });
}

/** The members of each of `ownerSips`' call groups, in ring order, as resolved above (canonical sips, keyed by owner), in one read. */
export async function readGroupMembers(q: Queryable, ownerSips: readonly string[]): Promise<ReadonlyMap<string, readonly string[]>> {
  const rows = await q.query<{ ownerSip: string; memberSip: string }>(
    'SELECT owner_sip AS "ownerSip", member_sip AS "memberSip" FROM call_group_members WHERE owner_sip = ANY($1::text[]) ORDER BY owner_sip, position',
    [[...new Set(ownerSips.map(normalizeSip))]],
  );
  const members = new Map<string, string[]>();
  for (const row of rows) members.set(row.ownerSip, [...(members.get(row.ownerSip) ?? []), row.memberSip]);
  return members;
}
