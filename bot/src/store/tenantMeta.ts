import type { Queryable } from './database.js';

// Two instances starting together on one PostgreSQL: the second waits, then finds the tenant there.
const IMPORT_LOCK_KEY = 0x43474d03;

/** Whether a tenant was imported or synced into this database yet. */
export async function hasTenant(q: Queryable): Promise<boolean> {
  return (await q.query('SELECT 1 FROM tenant_meta')).length > 0;
}

/** Inside an import's transaction: wait for any other instance's import to finish first. */
export async function lockTenantImport(tx: Queryable): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock($1::bigint)', [IMPORT_LOCK_KEY]);
}

/** One round trip, for /readyz: throws when the database does not answer. */
export async function ping(q: Queryable): Promise<void> {
  await q.query('SELECT 1');
}

/**
 * Whatever rewrites the stored directory (a directory change applied, a snapshot import) forgets the
 * hashes of the read it last matched and counts its version up (migration 012), so the next read is
 * compared in full and a read compared before this write cannot record its hashes after it. With
 * `readAgain` (a write other than a directory read's own, which records them itself) that read is
 * asked for at once: passes do not close while the hashes are forgotten (NEXT_PASS_SQL).
 */
export async function forgetDirectoryHash(q: Queryable, readAgain: boolean): Promise<void> {
  await q.query('UPDATE sync_progress SET directory_users = NULL, directory_lists = NULL, directory_version = directory_version + 1, directory_due = directory_due OR $1', [readAgain]);
}
