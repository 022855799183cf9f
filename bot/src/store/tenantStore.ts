import { normalizeSip, defaultCallingSettings } from '@cgm/core';
import type { CallGroupOrder, CallingSettings, NotificationSetting, Tenant, User } from '@cgm/core';
import type { Queryable } from './database.js';
import { rebuildOwnerMembers } from './memberIndex.js';
import { INITIAL_VERSIONS, SETTINGS_GROUPS, VERSION_COLUMNS, versionColumnsAs, versionsOf } from './settingsGroups.js';
import type { SettingsGroup, SettingsVersions } from './settingsGroups.js';
import { forgetDirectoryHash } from './tenantMeta.js';
import { readTenant } from './tenantRead.js';
import { replaceTenant } from './tenantImport.js';
import type { ImportCounts } from './tenantImport.js';
import { jsonParam } from './sqlTypes.js';
import { searchDirectory } from './userDirectory.js';
import type { DirectoryEntry } from './userDirectory.js';
import { memberKey, resolveUserRef } from './userRefs.js';

/** A user's calling settings as stored, with the version of each settings group. */
export interface StoredSettings {
  /** Canonical lower-case `sip:` URI. */
  readonly sip: string;
  readonly settings: CallingSettings;
  readonly versions: SettingsVersions;
  /** False when the user has no settings row: `settings` are Teams' defaults, every version 1. */
  readonly stored: boolean;
}

/** One call group a member is in, seen from the member. */
export interface GroupMembership {
  /** The owner's canonical `sip:` URI. */
  readonly ownerSip: string;
  /** The owner, or null when their settings outlive them (they left the organisation). */
  readonly owner: User | null;
  /** 0-based place in the owner's ring order. */
  readonly position: number;
  readonly ringOrder: CallGroupOrder;
  readonly memberCount: number;
  /** The member's own choice for this group (GroupMembershipDetails); null when they have none recorded. */
  readonly notification: NotificationSetting | null;
}

export interface WriteSettingsOptions {
  /** Write only if these groups are still at these versions (optimistic concurrency); ignored for a first write. */
  readonly expected?: Partial<SettingsVersions>;
  /** When the settings were read from Teams; now() by default. */
  readonly syncedAt?: Date;
}

/** The synced copy of the tenant: import, whole-tenant read, and the per-user queries the tab and bot need. */
export interface TenantStore {
  /** Make the stored tenant exactly `tenant`, read from Teams at `syncedAt`, keeping the versions of settings groups that did not change. Run it in a transaction. */
  replaceTenant(tenant: Tenant, syncedAt: Date): Promise<ImportCounts>;
  /** The whole tenant, in snapshot order; undefined before the first import. */
  readTenant(): Promise<Tenant | undefined>;
  /** A user by SIP URI (any case, with or without `sip:`), UPN or object id. */
  userByRef(ref: string): Promise<User | undefined>;
  /** Stored settings, or the defaults for a known user without any; undefined for nobody. */
  settingsOf(sip: string): Promise<StoredSettings | undefined>;
  /**
   * Store a user's settings, bump the versions of `changedGroups` and rebuild the user's
   * call_group_members rows. Undefined (nothing written) when `expected` no longer holds.
   * Run it in a transaction so the settings and the reverse index change together.
   */
  writeSettings(sip: string, settings: CallingSettings, changedGroups: readonly SettingsGroup[], options?: WriteSettingsOptions): Promise<SettingsVersions | undefined>;
  /** The groups `memberSip` is in, by owner display name, with the member's notification choice for each. */
  groupsContaining(memberSip: string): Promise<GroupMembership[]>;
  searchDirectory(query: string, limit?: number): Promise<DirectoryEntry[]>;
  /** How many owners have `memberSip` among their targets (Teams allows 25). */
  countGroupsOf(memberSip: string): Promise<number>;
}

type SettingsRow = Record<SettingsGroup, number> & { data: CallingSettings | null; user_sip: string | null };

// The member's GroupMembershipDetails entry for this owner: CallGroupOwnerId may be the owner's
// SIP URI (with or without sip:), UPN or object id, in any case. `member` is an SQL expression
// (a parameter); the rows carry their sort key, so a caller can also aggregate them in order.
export const groupsContainingRowsSql = (member: string): string => `
  SELECT m.owner_sip, m.position, o.data AS owner, lower(coalesce(o.display_name, m.owner_sip)) AS sort_name,
         coalesce(os.data->>'CallGroupOrder', 'Simultaneous') AS ring_order,
         (SELECT count(*) FROM call_group_members c WHERE c.owner_sip = m.owner_sip) AS member_count,
         (SELECT d->>'NotificationSetting'
            FROM tenant_settings ms, json_array_elements(ms.data->'GroupMembershipDetails') AS d
           WHERE ms.sip = ${member}
             AND lower(trim(d->>'CallGroupOwnerId')) IN (m.owner_sip, substr(m.owner_sip, 5), o.object_key, o.upn)
           LIMIT 1) AS notification
    FROM call_group_members m
    LEFT JOIN tenant_users o ON o.sip = m.owner_sip
    LEFT JOIN tenant_settings os ON os.sip = m.owner_sip
   WHERE m.member_sip = ${member}`;

const GROUPS_CONTAINING_SQL = `${groupsContainingRowsSql('$1')}
   ORDER BY sort_name, m.owner_sip`;

/** A groupsContainingRowsSql row, as a query returns it or inside a json array. */
export interface MembershipRow {
  owner_sip: string;
  position: number;
  owner: User | null;
  ring_order: CallGroupOrder;
  member_count: number;
  notification: NotificationSetting | null;
}

interface SettingsWrite {
  readonly sip: string;
  readonly settings: CallingSettings;
  readonly changed: ReadonlySet<SettingsGroup>;
  readonly options: WriteSettingsOptions;
}

/** An upsert that bumps the changed groups' versions, conditional on the expected versions. */
function writeSettingsQuery({ sip, settings, changed, options }: SettingsWrite): { sql: string; params: unknown[] } {
  const params: unknown[] = [sip, jsonParam(settings), options.syncedAt ?? null];
  const param = (value: unknown) => `$${params.push(value)}`;
  const bump = (group: SettingsGroup) => (changed.has(group) ? 1 : 0);
  const expected = options.expected ?? {};
  const conditions = SETTINGS_GROUPS.flatMap((group) =>
    expected[group] === undefined ? [] : [`tenant_settings.${VERSION_COLUMNS[group]} = ${param(expected[group])}`],
  );
  const sql = `
    INSERT INTO tenant_settings (sip, ordinal, data, synced_at, ${SETTINGS_GROUPS.map((group) => VERSION_COLUMNS[group]).join(', ')})
    VALUES ($1, (SELECT coalesce(max(ordinal), -1) + 1 FROM tenant_settings), $2::json, coalesce($3::timestamptz, now()),
            ${SETTINGS_GROUPS.map((group) => 1 + bump(group)).join(', ')})
    ON CONFLICT (sip) DO UPDATE SET data = excluded.data, synced_at = excluded.synced_at,
      ${SETTINGS_GROUPS.map((group) => `${VERSION_COLUMNS[group]} = tenant_settings.${VERSION_COLUMNS[group]} + ${bump(group)}`).join(', ')}
    ${conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : ''}
    RETURNING ${versionColumnsAs('tenant_settings')}`;
  return { sql, params };
}

/** A membership from its groupsContainingRowsSql row. */
export function membershipOf(row: MembershipRow): GroupMembership {
  return {
    ownerSip: row.owner_sip,
    owner: row.owner,
    position: row.position,
    ringOrder: row.ring_order,
    memberCount: row.member_count,
    notification: row.notification,
  };
}

/** The SQL implementation of TenantStore over a database or an open transaction. */
export function createTenantStore(q: Queryable): TenantStore {
  return {
    async replaceTenant(tenant, syncedAt) {
      const counts = await replaceTenant(q, tenant, syncedAt);
      // A snapshot import is not a directory read: the next read compares it with Teams, at once.
      await forgetDirectoryHash(q, true);
      return counts;
    },
    readTenant: () => readTenant(q),
    async userByRef(ref) {
      return (await resolveUserRef(q, ref))?.user;
    },
    async settingsOf(sip) {
      const key = normalizeSip(sip);
      const [row] = await q.query<SettingsRow>(
        `SELECT s.data, ${versionColumnsAs('s')}, u.sip AS user_sip
           FROM (SELECT $1::text AS sip) AS k
           LEFT JOIN tenant_settings s ON s.sip = k.sip
           LEFT JOIN tenant_users u ON u.sip = k.sip`,
        [key],
      );
      if (row?.data) return { sip: key, settings: row.data, versions: versionsOf(row), stored: true };
      if (row?.user_sip) return { sip: key, settings: defaultCallingSettings(key), versions: INITIAL_VERSIONS, stored: false };
      return undefined;
    },
    async writeSettings(sip, settings, changedGroups, options = {}) {
      const key = normalizeSip(sip);
      const { sql, params } = writeSettingsQuery({ sip: key, settings, changed: new Set(changedGroups), options });
      const [row] = await q.query<Record<SettingsGroup, number>>(sql, params);
      if (!row) return undefined;
      await rebuildOwnerMembers(q, key, settings.CallGroupTargets);
      return versionsOf(row);
    },
    async groupsContaining(memberSip) {
      return (await q.query<MembershipRow>(GROUPS_CONTAINING_SQL, [memberKey(memberSip)])).map(membershipOf);
    },
    searchDirectory: (query, limit) => searchDirectory(q, query, limit),
    async countGroupsOf(memberSip) {
      const [row] = await q.query<{ n: number }>('SELECT count(*) AS n FROM call_group_members WHERE member_sip = $1', [memberKey(memberSip)]);
      return row?.n ?? 0;
    },
  };
}
