import type { CallingSettings, Tenant, User } from '@cgm/core';
import { normalizeSip, userRefKey } from '@cgm/core';
import type { Queryable } from './database.js';
import type { POLICY_KINDS } from './tenantImport.js';
import { firstUserNamedSql } from './userRefs.js';

/** A tenant slice and how many call groups each of its users is in (the server's reverse index). */
export interface TenantSliceRead {
  readonly tenant: Tenant;
  /** By canonical `sip:` URI, for every user of the slice (0 when in none). */
  readonly groupCounts: ReadonlyMap<string, number>;
}

interface SliceRow {
  refs: { sip: string; user: User }[] | null;
  settings: { sip: string; data: CallingSettings }[] | null;
  policies: { kind: keyof typeof POLICY_KINDS; data: never }[] | null;
  counts: { sip: string; groups: number }[] | null;
  tenant_id: string | null;
}

// One statement: the users the references name (userRefs' rules: an object id, UPN or SIP match,
// the first in snapshot order), in snapshot order; the stored settings of those and of the given
// users; every policy; the group counts of all of them; the tenant id.
// $1 reference keys, $2 the same keys as SIP URIs, $3 the given users' SIP URIs.
const SLICE_SQL = `
  WITH resolved AS (
    SELECT DISTINCT ON (u.object_key) u.object_key, u.ordinal, u.sip, u.data
      FROM unnest($1::text[], $2::text[]) AS r(key, sip_key)
     CROSS JOIN LATERAL (${firstUserNamedSql('r.key', 'r.sip_key')}) AS u
  ), people AS (
    SELECT unnest($3::text[]) AS sip UNION SELECT sip FROM resolved
  )
  SELECT (SELECT json_agg(json_build_object('sip', sip, 'user', data) ORDER BY ordinal) FROM resolved) AS refs,
         (SELECT json_agg(json_build_object('sip', s.sip, 'data', s.data)) FROM tenant_settings s WHERE s.sip IN (SELECT sip FROM people)) AS settings,
         (SELECT json_agg(json_build_object('kind', kind, 'data', data) ORDER BY kind, ordinal) FROM tenant_policies) AS policies,
         (SELECT json_agg(json_build_object('sip', member_sip, 'groups', groups))
            FROM (SELECT member_sip, count(*) AS groups FROM call_group_members
                   WHERE member_sip IN (SELECT sip FROM people) GROUP BY member_sip) AS c) AS counts,
         (SELECT tenant_id FROM tenant_meta) AS tenant_id`;

/**
 * The part of the synced tenant one decision reads: the given users, everyone `refs`
 * names, their stored settings, and every policy, with each of those users' group count.
 * Validating a change or planning a clean-up needs only this, read in one statement, where
 * the whole tenant would cost seconds at 100,000 users. Wrap it in core's createTenantLookup.
 */
export async function readTenantSlice(q: Queryable, users: readonly User[], refs: readonly string[]): Promise<TenantSliceRead> {
  const bySip = new Map(users.map((user) => [normalizeSip(user.SipAddress), user] as const));
  const keys = refs.map(userRefKey);
  const [row] = await q.query<SliceRow>(SLICE_SQL, [keys, keys.map(normalizeSip), [...bySip.keys()]]);
  if (!row) throw new Error('the tenant slice statement returned no row');
  // The given users first, then the named ones in snapshot order, so an ambiguous reference
  // resolves in the slice's lookup as it does in the whole tenant's.
  for (const { sip, user } of row.refs ?? []) if (!bySip.has(sip)) bySip.set(sip, user);
  const settingsBySip = new Map((row.settings ?? []).map((stored) => [stored.sip, stored.data] as const));
  const settings: CallingSettings[] = [];
  for (const sip of bySip.keys()) {
    const stored = settingsBySip.get(sip);
    if (stored) settings.push(stored);
  }
  const policies = row.policies ?? [];
  const of = (kind: keyof typeof POLICY_KINDS) => policies.filter((policy) => policy.kind === kind).map((policy) => policy.data);
  const tenant: Tenant = {
    tenantId: row.tenant_id ?? '',
    capturedAt: new Date(0).toISOString(),
    users: [...bySip.values()],
    callingSettings: settings,
    callingPolicies: of('calling'),
    voiceRoutingPolicies: of('voiceRouting'),
    emergencyCallRoutingPolicies: of('emergencyRouting'),
    sharedCallingPolicies: of('sharedCalling'),
    resourceAccounts: [],
    phoneNumbers: [],
  };
  const groupCounts = new Map([...bySip.keys()].map((sip) => [sip, 0] as [string, number]));
  for (const count of row.counts ?? []) groupCounts.set(count.sip, count.groups);
  return { tenant, groupCounts };
}

/** The tenant slice alone (see readTenantSlice). */
export async function loadTenantSlice(q: Queryable, users: readonly User[], refs: readonly string[]): Promise<Tenant> {
  return (await readTenantSlice(q, users, refs)).tenant;
}
