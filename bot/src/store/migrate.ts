import type { Database } from './database.js';
import { MIGRATIONS } from './migrations/index.js';
import type { Migration } from './migrations/index.js';

/**
 * The transaction-scoped advisory lock every migrating instance takes first ("CGM" + 1).
 * It is released by COMMIT or ROLLBACK, so a crashed instance never leaves it held.
 */
export const MIGRATION_LOCK_KEY = 0x43474d01;

export interface MigrateResult {
  /** Ids of the migrations this call applied, in order; empty when the schema was current. */
  readonly applied: readonly string[];
}

/**
 * Bring the schema up to date. Everything happens in ONE transaction that first takes
 * `pg_advisory_xact_lock`: a second instance starting at the same moment waits for the
 * first to commit, then finds every migration recorded and applies nothing. A failing
 * migration rolls back all of them, so the schema is never half-migrated.
 */
export function migrate(db: Database, migrations: readonly Migration[] = MIGRATIONS): Promise<MigrateResult> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1::bigint)', [MIGRATION_LOCK_KEY]);
    await tx.exec(
      'CREATE TABLE IF NOT EXISTS schema_migrations (id text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
    );
    const rows = await tx.query<{ id: string }>('SELECT id FROM schema_migrations');
    const done = new Set(rows.map((row) => row.id));
    const applied: string[] = [];
    for (const migration of migrations) {
      if (done.has(migration.id)) continue;
      await tx.exec(migration.sql);
      await tx.query('INSERT INTO schema_migrations (id) VALUES ($1)', [migration.id]);
      applied.push(migration.id);
    }
    return { applied };
  });
}
