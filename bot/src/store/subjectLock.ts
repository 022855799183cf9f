import type { Queryable } from './database.js';

// One lock per subject, only for the few statements of a check: two instances checking requests
// for the same person take turns, so at most one of them starts writing the same settings.
const SUBJECT_LOCK_SQL = "SELECT pg_advisory_xact_lock(hashtextextended('cgm-apply:' || $1, 0))";

/** Inside `tx`: wait until no other transaction (in any instance) holds the apply lock of `subjectSip`; released at commit. */
export async function lockApplySubject(tx: Queryable, subjectSip: string): Promise<void> {
  await tx.query(SUBJECT_LOCK_SQL, [subjectSip]);
}
