import type { Queryable } from './database.js';

/** The job tables whose rows an instance leases (applyInstance.ts names the instances). */
export type LeasedJobTable = 'apply_outbox' | 'cover_jobs';

/**
 * The other instances holding a live lease on a job that is due, so that the caller can ask
 * which of them are dead and take their jobs over at once rather than when the lease runs out.
 * The apply outbox and the cover jobs lease their rows the same way; only their claims differ.
 */
export async function leaseHoldersOf(q: Queryable, table: LeasedJobTable, now: Date, holder: number): Promise<number[]> {
  const rows = await q.query<{ holder: number }>(
    `SELECT DISTINCT lease_holder AS holder FROM ${table}
      WHERE NOT done AND next_attempt_at <= $1 AND lease_until > $1 AND lease_holder IS NOT NULL AND lease_holder <> $2`,
    [now, holder],
  );
  return rows.map((row) => row.holder);
}
