import { normalizePhone, normalizeSip, policyKey, userRefKey } from '@cgm/core';
import type { Tenant } from '@cgm/core';
import { bulkInsert, encodeBatch, selectBatch } from './bulkInsert.js';
import type { BulkColumn } from './bulkInsert.js';
import type { Queryable } from './database.js';
import { MEMBER_COLUMNS, tenantMemberRows } from './memberIndex.js';
import { GROUP_FIELDS, SETTINGS_GROUPS, VERSION_COLUMNS } from './settingsGroups.js';
import { searchText } from './userDirectory.js';

/** How many rows of each kind an import wrote. */
export interface ImportCounts {
  readonly users: number;
  readonly settings: number;
  readonly members: number;
  readonly policies: number;
  readonly resourceAccounts: number;
  readonly phoneNumbers: number;
}

/** The policy kinds of tenant_policies and the Tenant lists they hold. */
export const POLICY_KINDS = {
  calling: 'callingPolicies',
  voiceRouting: 'voiceRoutingPolicies',
  emergencyRouting: 'emergencyCallRoutingPolicies',
  sharedCalling: 'sharedCallingPolicies',
} as const satisfies Record<string, keyof Tenant>;

const jsonb = (name: string): BulkColumn => [name, 'jsonb'];
const text = (name: string): BulkColumn => [name, 'text'];
const int = (name: string): BulkColumn => [name, 'integer'];
const SETTINGS_BATCH = 5_000;

// A group's version moves only when one of its properties changed, so a re-import by sync keeps
// the versions pending change requests were based on, and bumps exactly the groups that drifted.
// Rows whose JSON text is unchanged are not written at all (json keeps the text as sent), which
// makes a re-import of a quiet tenant cheap; only changed rows are parsed for the comparison.
const versionUpdates = SETTINGS_GROUPS.map((group) => {
  const fields = GROUP_FIELDS[group].map((field) => `'${field}'`);
  const of = (alias: string) => `(${fields.map((field) => `${alias}.data::jsonb->${field}`).join(', ')})`;
  const column = VERSION_COLUMNS[group];
  return `${column} = tenant_settings.${column} + CASE WHEN ${of('tenant_settings')} IS DISTINCT FROM ${of('excluded')} THEN 1 ELSE 0 END`;
}).join(',\n      ');

const SETTINGS_COLUMNS: readonly BulkColumn[] = [text('sip'), int('ordinal'), ['data', 'json'], ['synced_at', 'timestamptz']];

const UPSERT_SETTINGS_SQL = `
  INSERT INTO tenant_settings (sip, ordinal, data, synced_at)
  ${selectBatch(SETTINGS_COLUMNS)}
  ON CONFLICT (sip) DO UPDATE SET
      ordinal = excluded.ordinal,
      data = excluded.data,
      synced_at = excluded.synced_at,
      ${versionUpdates}
    WHERE tenant_settings.data::text <> excluded.data::text OR tenant_settings.ordinal <> excluded.ordinal`;

/** Calling settings are upserted, not replaced: their versions outlive a re-import. */
async function importSettings(q: Queryable, tenant: Tenant, syncedAt: Date): Promise<number> {
  const rows = tenant.callingSettings.map((settings, ordinal) => ({ sip: normalizeSip(settings.SipUri), ordinal, data: settings, synced_at: syncedAt }));
  await q.query('DELETE FROM tenant_settings WHERE NOT (sip = ANY($1::text[]))', [rows.map((row) => row.sip)]);
  for (let start = 0; start < rows.length; start += SETTINGS_BATCH) {
    await q.query(UPSERT_SETTINGS_SQL, [encodeBatch(rows.slice(start, start + SETTINGS_BATCH), SETTINGS_COLUMNS)]);
  }
  return rows.length;
}

async function importUsers(q: Queryable, tenant: Tenant): Promise<number> {
  const users = tenant.users.map((user, ordinal) => ({
    object_key: userRefKey(user.Identity),
    upn: userRefKey(user.UserPrincipalName),
    sip: normalizeSip(user.SipAddress),
    display_name: user.DisplayName,
    ordinal,
    data: user,
  }));
  await bulkInsert(q, users, {
    table: 'tenant_users',
    columns: [text('object_key'), text('upn'), text('sip'), text('display_name'), int('ordinal'), ['data', 'json']],
  });
  const search = tenant.users.map((user) => ({ object_key: userRefKey(user.Identity), sort_key: user.DisplayName.toLowerCase(), words: searchText(user) }));
  await bulkInsert(q, search, { table: 'tenant_user_search', columns: [text('object_key'), text('sort_key'), text('words')], batchSize: 10_000 });
  return users.length;
}

export async function importPolicies(q: Queryable, tenant: Tenant): Promise<number> {
  const rows = Object.entries(POLICY_KINDS).flatMap(([kind, list]) =>
    tenant[list].map((policy, ordinal) => ({ kind, key: policyKey(policy.Identity), ordinal, data: policy })),
  );
  return bulkInsert(q, rows, { table: 'tenant_policies', columns: [text('kind'), text('key'), int('ordinal'), jsonb('data')] });
}

export async function importAccountsAndNumbers(q: Queryable, tenant: Tenant): Promise<[number, number]> {
  const accounts = tenant.resourceAccounts.map((account, ordinal) => ({
    object_id: account.ObjectId,
    upn: userRefKey(account.UserPrincipalName),
    ordinal,
    data: account,
  }));
  const numbers = tenant.phoneNumbers.map((number, ordinal) => ({ number: normalizePhone(number.TelephoneNumber), ordinal, data: number }));
  return [
    await bulkInsert(q, accounts, { table: 'tenant_resource_accounts', columns: [text('object_id'), text('upn'), int('ordinal'), jsonb('data')] }),
    await bulkInsert(q, numbers, { table: 'tenant_phone_numbers', columns: [text('number'), int('ordinal'), jsonb('data')] }),
  ];
}

/**
 * Make the stored tenant exactly `tenant` (an import or a full sync). Run it inside a
 * transaction: a failure then leaves the old tenant in place. Everything but the settings is
 * emptied with TRUNCATE and loaded again: on PostgreSQL other instances' reads of those tables
 * wait until the import commits (seconds at 100,000 users) instead of seeing a half-loaded tenant.
 */
export async function replaceTenant(q: Queryable, tenant: Tenant, syncedAt: Date): Promise<ImportCounts> {
  await q.exec('TRUNCATE tenant_users, tenant_user_search, call_group_members, tenant_policies, tenant_resource_accounts, tenant_phone_numbers');
  const users = await importUsers(q, tenant);
  const settings = await importSettings(q, tenant, syncedAt);
  const members = await bulkInsert(q, tenantMemberRows(tenant), { table: 'call_group_members', columns: MEMBER_COLUMNS, batchSize: 10_000 });
  const policies = await importPolicies(q, tenant);
  const [resourceAccounts, phoneNumbers] = await importAccountsAndNumbers(q, tenant);
  await q.query(
    `INSERT INTO tenant_meta (id, tenant_id, captured_at, synced_at) VALUES (true, $1, $2, $3)
     ON CONFLICT (id) DO UPDATE SET tenant_id = excluded.tenant_id, captured_at = excluded.captured_at, synced_at = excluded.synced_at`,
    [tenant.tenantId, tenant.capturedAt, syncedAt],
  );
  // Fresh statistics after a bulk load: without them the planner guesses hundreds of rows per
  // member and picks plans (and JIT compilation) that turn a 0.4 ms "groups I'm in" into 20 ms.
  await q.exec('ANALYZE tenant_users, tenant_user_search, tenant_settings, call_group_members, tenant_policies');
  return { users, settings, members, policies, resourceAccounts, phoneNumbers };
}
