import type { Queryable } from './database.js';
import { leaseHoldersOf } from './leaseHolders.js';

/**
 * The apply outbox: one job per approved request. `nextStep` is the index of the next write
 * of the request's plan, so a worker that dies between two writes resumes at the right one.
 */
export interface OutboxJob {
  readonly requestId: string;
  readonly nextStep: number;
  /** How many times the job was claimed (each claim is one attempt, crashed or not). */
  readonly attempts: number;
  readonly nextAttemptAt: Date;
  /** Until when the current claimer owns the job; another worker may claim it after that. */
  readonly leaseUntil: Date | null;
  readonly lastError: string | null;
  readonly done: boolean;
  /** The instance key of the worker that claimed the job last (see applyInstance.ts); null before the first claim. */
  readonly leaseHolder: number | null;
  /** The job passed its version check and may write: a resumed job does not check again, and others for the same settings wait. */
  readonly started: boolean;
}

/** Who claims: this worker's instance key, and the keys of holders known to be dead, whose leases are void. */
export interface Claimer {
  readonly holder: number;
  readonly deadHolders: readonly number[];
}

export interface OutboxStore {
  /** Add a job for an approved request, due at `at`; false when it is already queued. */
  enqueue(requestId: string, at: Date): Promise<boolean>;
  get(requestId: string): Promise<OutboxJob | undefined>;
  /**
   * Claim up to `limit` due jobs nobody holds (no lease, an expired one, or one of a dead
   * holder: a crashed worker's job resumes this way) and lease them for `leaseMs`. Concurrent
   * claimers in any instance never receive the same job.
   */
  claimDue(now: Date, leaseMs: number, limit: number, claimer?: Claimer): Promise<OutboxJob[]>;
  /** The holders of due jobs whose lease still runs, other than `holder`: the ones to ask whether they are alive. */
  leaseHolders(now: Date, holder: number): Promise<number[]>;
  /** Mark the job started (it passed its version check); false when it is done or gone. */
  start(requestId: string): Promise<boolean>;
  /** The requests of started, unfinished jobs for one subject, other than `requestId`. */
  startedForSubject(subjectSip: string, requestId: string): Promise<string[]>;
  /** Try again at `at` without counting the claim as an attempt: the job waited for another, nothing failed. */
  postpone(requestId: string, at: Date, note: string): Promise<void>;
  /** Record that step `nextStep - 1` is done; false (nothing changed) when the job is not at that step. */
  advance(requestId: string, nextStep: number): Promise<boolean>;
  /** Keep the lease of a long-running job; false when the job is done or gone. */
  renewLease(requestId: string, leaseUntil: Date): Promise<boolean>;
  /** Release the job for another attempt at `at`, keeping the error for the admin. */
  reschedule(requestId: string, at: Date, error: string): Promise<void>;
  /** Mark the job done and release it. */
  complete(requestId: string): Promise<void>;
}

const COLUMNS = `request_id AS "requestId", next_step AS "nextStep", attempts, next_attempt_at AS "nextAttemptAt",
  lease_until AS "leaseUntil", last_error AS "lastError", done, lease_holder AS "leaseHolder", started`;

// One statement, so one transaction even on an autocommit connection: the subquery locks the
// due rows it picks and skips rows another claimer has locked; a row a concurrent claimer
// committed meanwhile is re-checked against its new lease (and new, live holder) and dropped.
const CLAIM_SQL = `
  WITH claimed AS (
    UPDATE apply_outbox SET lease_until = $2, attempts = attempts + 1, lease_holder = $4
     WHERE request_id IN (
       SELECT request_id FROM apply_outbox
        WHERE NOT done AND next_attempt_at <= $1
          AND (lease_until IS NULL OR lease_until <= $1 OR lease_holder = ANY($5::bigint[]))
        ORDER BY next_attempt_at, request_id
        LIMIT $3
        FOR UPDATE SKIP LOCKED)
    RETURNING ${COLUMNS})
  SELECT * FROM claimed ORDER BY "nextAttemptAt", "requestId"`;

/** The SQL implementation of OutboxStore over a database or an open transaction. */
export function createOutboxStore(q: Queryable): OutboxStore {
  const changed = async (sql: string, params: readonly unknown[]) => (await q.query(`${sql} RETURNING request_id`, params)).length > 0;
  return {
    enqueue: (requestId, at) =>
      changed('INSERT INTO apply_outbox (request_id, next_attempt_at) VALUES ($1, $2) ON CONFLICT (request_id) DO NOTHING', [requestId, at]),
    async get(requestId) {
      const [row] = await q.query<OutboxJob>(`SELECT ${COLUMNS} FROM apply_outbox WHERE request_id = $1`, [requestId]);
      return row;
    },
    claimDue: (now, leaseMs, limit, claimer) =>
      q.query<OutboxJob>(CLAIM_SQL, [now, new Date(now.getTime() + leaseMs), limit, claimer?.holder ?? null, [...(claimer?.deadHolders ?? [])]]),
    leaseHolders: (now, holder) => leaseHoldersOf(q, 'apply_outbox', now, holder),
    start: (requestId) => changed('UPDATE apply_outbox SET started = true WHERE request_id = $1 AND NOT done', [requestId]),
    async startedForSubject(subjectSip, requestId) {
      const rows = await q.query<{ id: string }>(
        `SELECT o.request_id AS id FROM apply_outbox o JOIN change_requests r ON r.id = o.request_id
          WHERE o.started AND NOT o.done AND r.subject_sip = $1 AND o.request_id <> $2 ORDER BY o.request_id`,
        [subjectSip, requestId],
      );
      return rows.map((row) => row.id);
    },
    async postpone(requestId, at, note) {
      await q.query(
        'UPDATE apply_outbox SET next_attempt_at = $2, last_error = $3, lease_until = NULL, attempts = greatest(attempts - 1, 0) WHERE request_id = $1',
        [requestId, at, note],
      );
    },
    advance: (requestId, nextStep) =>
      changed('UPDATE apply_outbox SET next_step = $2 WHERE request_id = $1 AND next_step = $2 - 1 AND NOT done', [requestId, nextStep]),
    renewLease: (requestId, leaseUntil) =>
      changed('UPDATE apply_outbox SET lease_until = $2 WHERE request_id = $1 AND NOT done', [requestId, leaseUntil]),
    async reschedule(requestId, at, error) {
      await q.query('UPDATE apply_outbox SET next_attempt_at = $2, last_error = $3, lease_until = NULL WHERE request_id = $1', [requestId, at, error]);
    },
    async complete(requestId) {
      await q.query('UPDATE apply_outbox SET done = true, lease_until = NULL WHERE request_id = $1', [requestId]);
    },
  };
}
