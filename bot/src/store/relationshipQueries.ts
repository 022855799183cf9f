import type { Finding, User } from '@cgm/core';
import type { MembershipRow, RelationshipCsvRow, RelationshipPort } from '../services/relationshipService.js';
import type { Queryable } from './database.js';
import { createTenantStore } from './tenantStore.js';

/** The relationship map's reads over the reverse index (call_group_members), the directory and the findings. */
export function createRelationshipPort(db: Queryable): RelationshipPort {
  const tenant = createTenantStore(db);
  return {
    userByRef: (ref) => tenant.userByRef(ref),
    async membersTouching(sips) {
      const rows = await db.query<{ owner_sip: string; member_sip: string; position: number }>(
        `SELECT owner_sip, member_sip, position FROM call_group_members WHERE owner_sip = ANY($1::text[])
         UNION SELECT owner_sip, member_sip, position FROM call_group_members WHERE member_sip = ANY($1::text[])`,
        [sips],
      );
      return rows.map((row): MembershipRow => ({ owner: row.owner_sip, member: row.member_sip, position: row.position }));
    },
    async usersBySip(sips) {
      if (sips.length === 0) return new Map();
      const rows = await db.query<{ sip: string; data: User }>('SELECT sip, data FROM tenant_users WHERE sip = ANY($1::text[])', [sips]);
      return new Map(rows.map((row) => [row.sip, row.data] as const));
    },
    async openFindingsAbout(sips) {
      const rows = await db.query<{ data: Finding }>('SELECT data FROM findings WHERE resolved_at IS NULL AND subject = ANY($1::text[]) ORDER BY key', [sips]);
      return rows.map((row) => row.data);
    },
    async openFindingsOfCode(code) {
      const rows = await db.query<{ data: Finding }>('SELECT data FROM findings WHERE resolved_at IS NULL AND code = $1 ORDER BY key', [code]);
      return rows.map((row) => row.data);
    },
    async allMemberships() {
      const rows = await db.query<{ owner_sip: string; member_sip: string; member_known: boolean }>(
        `SELECT m.owner_sip, m.member_sip, (u.sip IS NOT NULL) AS member_known
           FROM call_group_members m LEFT JOIN tenant_users u ON u.sip = m.member_sip`,
      );
      return rows.map((row) => ({ owner: row.owner_sip, member: row.member_sip, memberKnown: row.member_known }));
    },
    async displayNames(sips) {
      const rows = await db.query<{ sip: string; display_name: string }>('SELECT sip, display_name FROM tenant_users WHERE sip = ANY($1::text[])', [sips]);
      return new Map(rows.map((row) => [row.sip, row.display_name] as const));
    },
    async exportRows() {
      const rows = await db.query<{ owner_sip: string; owner_name: string | null; member_sip: string; member_name: string | null; position: number; ring_order: string | null }>(
        `SELECT m.owner_sip, o.display_name AS owner_name, m.member_sip, u.display_name AS member_name, m.position, s.data->>'CallGroupOrder' AS ring_order
           FROM call_group_members m
           LEFT JOIN tenant_users o ON o.sip = m.owner_sip
           LEFT JOIN tenant_users u ON u.sip = m.member_sip
           LEFT JOIN tenant_settings s ON s.sip = m.owner_sip
          ORDER BY m.owner_sip, m.position`,
      );
      return rows.map((row): RelationshipCsvRow => ({ ownerSip: row.owner_sip, ownerName: row.owner_name, memberSip: row.member_sip, memberName: row.member_name, position: row.position, ringOrder: row.ring_order }));
    },
  };
}
