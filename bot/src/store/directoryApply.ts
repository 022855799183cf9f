import { normalizeSip, userRefKey } from '@cgm/core';
import type { Tenant, User } from '@cgm/core';
import type { SyncDirectory } from '../services/sync/syncPorts.js';
import type { Queryable } from './database.js';
import { encodeBatch, selectBatch } from './bulkInsert.js';
import { createDirectoryPort } from './directoryQueries.js';
import type { BulkColumn } from './bulkInsert.js';
import { readInPages } from './keysetPages.js';
import { importAccountsAndNumbers, importPolicies, replaceTenant } from './tenantImport.js';
import { forgetDirectoryHash, lockTenantImport } from './tenantMeta.js';
import { readTenantLists } from './tenantRead.js';
import { searchText } from './userDirectory.js';
import { resolveUserRefs } from './userRefs.js';

/**
 * What a directory read (Get-CsOnlineUser and the tenant's policies) changes in the stored tenant,
 * written without touching anyone else: the users that joined or changed are upserted, leavers
 * removed with their settings, and the small lists replaced only when they changed. Unlike a
 * whole re-import this takes no table lock, so the API keeps answering during a sync.
 */

const USER_COLUMNS: readonly BulkColumn[] = [['object_key', 'text'], ['upn', 'text'], ['sip', 'text'], ['display_name', 'text'], ['data', 'json']];
const SEARCH_COLUMNS: readonly BulkColumn[] = [['object_key', 'text'], ['sort_key', 'text'], ['words', 'text']];

// A newcomer goes after everyone in snapshot order; a known user keeps their place.
const UPSERT_USERS_SQL = `
  INSERT INTO tenant_users (object_key, upn, sip, display_name, data, ordinal)
  SELECT b.*, (SELECT coalesce(max(ordinal), -1) FROM tenant_users) + row_number() OVER () FROM (${selectBatch(USER_COLUMNS)}) AS b
  ON CONFLICT (object_key) DO UPDATE SET upn = excluded.upn, sip = excluded.sip, display_name = excluded.display_name, data = excluded.data`;

async function upsertUsers(q: Queryable, users: readonly User[]): Promise<void> {
  if (users.length === 0) return;
  const keys = users.map((user) => userRefKey(user.Identity));
  const rows = users.map((user, i) => ({ object_key: keys[i], upn: userRefKey(user.UserPrincipalName), sip: normalizeSip(user.SipAddress), display_name: user.DisplayName, data: user }));
  await q.query(UPSERT_USERS_SQL, [encodeBatch(rows, USER_COLUMNS)]);
  await q.query('DELETE FROM tenant_user_search WHERE object_key = ANY($1::text[])', [keys]);
  const search = users.map((user, i) => ({ object_key: keys[i], sort_key: user.DisplayName.toLowerCase(), words: searchText(user) }));
  await q.query(`INSERT INTO tenant_user_search (object_key, sort_key, words) ${selectBatch(SEARCH_COLUMNS)}`, [encodeBatch(search, SEARCH_COLUMNS)]);
}

/** Leavers go with their settings and their own group; a group naming them keeps the entry (a finding). */
async function removeUsers(q: Queryable, identities: readonly string[]): Promise<void> {
  if (identities.length === 0) return;
  const keys = identities.map(userRefKey);
  const gone = await q.query<{ sip: string }>('DELETE FROM tenant_users WHERE object_key = ANY($1::text[]) RETURNING sip', [keys]);
  const sips = gone.map((row) => row.sip);
  await q.query('DELETE FROM tenant_user_search WHERE object_key = ANY($1::text[])', [keys]);
  await q.query('DELETE FROM tenant_settings WHERE sip = ANY($1::text[])', [sips]);
  await q.query('DELETE FROM call_group_members WHERE owner_sip = ANY($1::text[])', [sips]);
}

async function replaceLists(q: Queryable, directory: Omit<Tenant, 'callingSettings'>): Promise<void> {
  await q.exec('DELETE FROM tenant_policies; DELETE FROM tenant_resource_accounts; DELETE FROM tenant_phone_numbers;');
  const tenant: Tenant = { ...directory, callingSettings: [] };
  await importPolicies(q, tenant);
  await importAccountsAndNumbers(q, tenant);
}

/** The SQL implementation of the sync's directory port over a database or an open transaction (run `apply` in one). */
export function createSyncDirectoryStore(db: Queryable): SyncDirectory {
  return {
    async storedUsers() {
      if ((await db.query('SELECT 1 FROM tenant_meta')).length === 0) return undefined;
      const rows = await readInPages(
        (after) => db.query<{ ordinal: number; sip: string; data: User }>('SELECT ordinal, sip, data FROM tenant_users WHERE sip > $1 ORDER BY sip LIMIT 2000', [after]),
        (row) => row.sip,
      );
      return rows.sort((a, b) => a.ordinal - b.ordinal).map((row) => row.data);
    },
    storedLists: () => readTenantLists(db),
    async apply(directory, change, at) {
      // Two instances applying a directory at once would both empty and refill the small lists.
      await lockTenantImport(db);
      // The stored directory no longer matches the last read's hashes until the caller records this one's.
      await forgetDirectoryHash(db, false);
      if (change.first) {
        await replaceTenant(db, { ...directory, callingSettings: [] }, at);
        // The pass is a baseline as soon as the users can be claimed: another instance claiming them
        // before this read is recorded would otherwise report every setting it reads as drift.
        // This read records its own hashes: no other read is due for them.
        await db.query('UPDATE sync_progress SET baseline_pass = pass, directory_due = false');
        return;
      }
      await removeUsers(db, change.removals);
      await upsertUsers(db, change.upserts);
      if (change.lists) await replaceLists(db, directory);
      await db.query('UPDATE tenant_meta SET tenant_id = $1, captured_at = $2, synced_at = $3', [directory.tenantId, directory.capturedAt, at]);
    },
    async present(sips) {
      const rows = await db.query<{ sip: string }>('SELECT sip FROM tenant_users WHERE sip = ANY($1::text[])', [sips]);
      return new Set(rows.map((row) => row.sip));
    },
    async resolve(refs) {
      const resolved = await resolveUserRefs(db, refs);
      return new Map([...resolved].map(([key, ref]) => [key, ref.sip] as const));
    },
    // The directory port's batched read (sip = ANY): one statement for a batch of reads.
    storedSettings: (sips) => createDirectoryPort(db).settingsOf(sips),
  };
}
