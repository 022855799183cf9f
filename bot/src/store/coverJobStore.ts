import type { Queryable } from './database.js';
import type { Claimer } from './outboxStore.js';
import { leaseHoldersOf } from './leaseHolders.js';

/** What a cover's due job does: apply the start, take the cover back at the end, or tell the owner a day before the end. */
export type CoverJobKind = 'start' | 'end' | 'endingSoon';

/** One due job of one cover (migration 010), leased as apply_outbox's jobs are. */
export interface CoverJob {
  readonly coverId: string;
  readonly kind: CoverJobKind;
  /** When it was due: a run later than this says how late it was. */
  readonly dueAt: Date;
  readonly nextAttemptAt: Date;
  /** How many times it was claimed (each claim is one attempt, crashed or not). */
  readonly attempts: number;
  readonly leaseUntil: Date | null;
  readonly leaseHolder: number | null;
  readonly lastError: string | null;
  readonly done: boolean;
}

export interface CoverJobStore {
  /** Due at `dueAt`, replacing an earlier schedule of the same cover and kind (an extension moves the end). */
  schedule(coverId: string, kind: CoverJobKind, dueAt: Date): Promise<void>;
  get(coverId: string, kind: CoverJobKind): Promise<CoverJob | undefined>;
  /** Claim up to `limit` due jobs nobody holds (no lease, an expired one, or a dead holder's) and lease them for `leaseMs`. */
  claimDue(now: Date, leaseMs: number, limit: number, claimer: Claimer): Promise<CoverJob[]>;
  /** The holders of due jobs whose lease still runs, other than `holder`: the ones to ask whether they are alive. */
  leaseHolders(now: Date, holder: number): Promise<number[]>;
  /** Look again at `at` without counting the claim as an attempt (the job waits for its request to be applied). */
  postpone(coverId: string, kind: CoverJobKind, at: Date, note: string | null): Promise<void>;
  /** Release the job for another attempt at `at`, keeping the error. */
  retry(coverId: string, kind: CoverJobKind, at: Date, error: string): Promise<void>;
  complete(coverId: string, kind: CoverJobKind): Promise<void>;
  /** Every unfinished job of a cover is done (it was cancelled, rejected or ended early). */
  completeAll(coverId: string): Promise<void>;
  /** When the next unfinished job is due, if any. */
  nextDue(): Promise<Date | undefined>;
}

const COLUMNS = `cover_id AS "coverId", kind, due_at AS "dueAt", next_attempt_at AS "nextAttemptAt", attempts,
  lease_until AS "leaseUntil", lease_holder AS "leaseHolder", last_error AS "lastError", done`;

// One statement, as apply_outbox's claim (outboxStore.ts): the subquery locks the due rows it
// picks and skips rows another claimer has locked, so two instances never get the same job.
const CLAIM_SQL = `
  WITH claimed AS (
    UPDATE cover_jobs j SET lease_until = $2, attempts = j.attempts + 1, lease_holder = $4
      FROM (SELECT cover_id, kind FROM cover_jobs
             WHERE NOT done AND next_attempt_at <= $1
               AND (lease_until IS NULL OR lease_until <= $1 OR lease_holder = ANY($5::bigint[]))
             ORDER BY next_attempt_at, cover_id, kind
             LIMIT $3
             FOR UPDATE SKIP LOCKED) AS due
     WHERE j.cover_id = due.cover_id AND j.kind = due.kind
    RETURNING j.cover_id AS "coverId", j.kind, j.due_at AS "dueAt", j.next_attempt_at AS "nextAttemptAt", j.attempts,
              j.lease_until AS "leaseUntil", j.lease_holder AS "leaseHolder", j.last_error AS "lastError", j.done)
  SELECT * FROM claimed ORDER BY "nextAttemptAt", "coverId", kind`;

/** The SQL implementation of CoverJobStore over a database or an open transaction. */
export function createCoverJobStore(q: Queryable): CoverJobStore {
  return {
    async schedule(coverId, kind, dueAt) {
      await q.query(
        `INSERT INTO cover_jobs (cover_id, kind, due_at, next_attempt_at) VALUES ($1, $2, $3, $3)
         ON CONFLICT (cover_id, kind) DO UPDATE SET due_at = $3, next_attempt_at = $3, attempts = 0, last_error = NULL, done = false`,
        [coverId, kind, dueAt],
      );
    },
    async get(coverId, kind) {
      const [row] = await q.query<CoverJob>(`SELECT ${COLUMNS} FROM cover_jobs WHERE cover_id = $1 AND kind = $2`, [coverId, kind]);
      return row;
    },
    claimDue: (now, leaseMs, limit, claimer) =>
      q.query<CoverJob>(CLAIM_SQL, [now, new Date(now.getTime() + leaseMs), limit, claimer.holder, [...claimer.deadHolders]]),
    leaseHolders: (now, holder) => leaseHoldersOf(q, 'cover_jobs', now, holder),
    async postpone(coverId, kind, at, note) {
      await q.query(
        `UPDATE cover_jobs SET next_attempt_at = $3, last_error = $4, lease_until = NULL, attempts = greatest(attempts - 1, 0)
          WHERE cover_id = $1 AND kind = $2 AND NOT done`,
        [coverId, kind, at, note],
      );
    },
    async retry(coverId, kind, at, error) {
      await q.query('UPDATE cover_jobs SET next_attempt_at = $3, last_error = $4, lease_until = NULL WHERE cover_id = $1 AND kind = $2 AND NOT done', [coverId, kind, at, error]);
    },
    async complete(coverId, kind) {
      await q.query('UPDATE cover_jobs SET done = true, lease_until = NULL WHERE cover_id = $1 AND kind = $2', [coverId, kind]);
    },
    async completeAll(coverId) {
      await q.query('UPDATE cover_jobs SET done = true, lease_until = NULL WHERE cover_id = $1 AND NOT done', [coverId]);
    },
    async nextDue() {
      const [row] = await q.query<{ at: Date | null }>('SELECT min(next_attempt_at) AS at FROM cover_jobs WHERE NOT done');
      return row?.at ?? undefined;
    },
  };
}
