import { isSipLike, normalizeSip, userRefKey } from '@cgm/core';
import type { User } from '@cgm/core';
import type { Queryable } from './database.js';

/**
 * Resolving user references (call group targets, owner ids, delegate ids) in SQL with the
 * snapshot's identity rules (tenant-snapshot.md "Identity matching rules"): a reference is a
 * SIP URI in any case with or without `sip:`, a UPN or an object id. When several users match,
 * the first in snapshot order wins, exactly as core's `createTenantLookup` resolves it.
 */

/** A resolved reference: the key it was asked by, and the user. */
export interface ResolvedRef {
  readonly key: string;
  readonly sip: string;
  readonly user: User;
}

// Three index lookups (object id, UPN, SIP) instead of one OR, which no index serves.
const RESOLVE_SQL = `
  WITH refs AS (SELECT DISTINCT key, sip_key FROM unnest($1::text[], $2::text[]) AS r(key, sip_key))
  SELECT DISTINCT ON (key) key, sip, data FROM (
    SELECT refs.key, u.sip, u.data, u.ordinal FROM refs JOIN tenant_users u ON u.object_key = refs.key
    UNION ALL
    SELECT refs.key, u.sip, u.data, u.ordinal FROM refs JOIN tenant_users u ON u.upn = refs.key
    UNION ALL
    SELECT refs.key, u.sip, u.data, u.ordinal FROM refs JOIN tenant_users u ON u.sip = refs.sip_key
  ) AS matches
  ORDER BY key, ordinal`;

/** Resolve many references in one query; the map is keyed by `userRefKey(ref)`. */
export async function resolveUserRefs(q: Queryable, refs: readonly string[]): Promise<Map<string, ResolvedRef>> {
  if (refs.length === 0) return new Map();
  const keys = refs.map(userRefKey);
  const rows = await q.query<{ key: string; sip: string; data: User }>(RESOLVE_SQL, [keys, keys.map(normalizeSip)]);
  return new Map(rows.map((row) => [row.key, { key: row.key, sip: row.sip, user: row.data }]));
}

/**
 * How call_group_members names a member, and how a caller's member reference is looked up:
 * a SIP-like value as its canonical `sip:` URI (so a target that resolves to nobody, such as
 * a member who left, still meets that person's sip); anything else lower-cased as written,
 * as CG07 reports it.
 */
export function memberKey(value: string): string {
  return isSipLike(value) ? normalizeSip(value) : userRefKey(value);
}
