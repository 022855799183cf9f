import type { Database } from '../store/database.js';
import type { CoverJob, CoverJobKind } from '../store/coverJobStore.js';
import type { CoverRecord } from '../store/coverStore.js';
import { createApplyInstance } from './applyInstance.js';
import type { Clock } from './clock.js';
import { settleDecision } from './coverChanges.js';
import { coverNotice } from './coverPlan.js';
import type { StepContext, StepOutcome } from './coverSteps.js';
import { endStep, endingSoonStep, startStep } from './coverSteps.js';
import type { Notifier } from './notifier.js';
import type { RequestSubmission } from './requestService.js';
import type { CoverRepositories, StorageBundle } from './storage.js';

/** Where the runner says what it did: a start or end that ran late (the server was down at the due time) is a warning. */
export interface CoverLogger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
}

export interface CoverRunnerOptions {
  /** For the instance key its leases carry (applyInstance.ts), as the apply worker's. */
  readonly db: Database;
  readonly stores: StorageBundle<CoverRepositories>;
  readonly requests: RequestSubmission;
  readonly clock: Clock;
  readonly notifier: Notifier;
  readonly logger: CoverLogger;
  /** Run the apply job now: a start or end request is in the outbox. */
  readonly wakeApply: () => void;
  /** How long a claimed job is ours before another instance may take it over (a dead holder's at once). */
  readonly leaseMs?: number;
  /** How soon to look again while the outbox applies a start or end. */
  readonly waitMs?: number;
  /** After a failed run of a job, how long before the next try (doubling, up to 5 minutes). */
  readonly baseBackoffMs?: number;
}

/** The due-job runner of covers; the scheduler runs it every second or so and an approval wakes it. */
export interface CoverRunner {
  /** Settle decided covers, then run every due job once; how many jobs it claimed. */
  runOnce(): Promise<number>;
  /** Let go of this runner's instance key: its unfinished jobs become another instance's at once. */
  close(): Promise<void>;
}

/** A start or end later than this after its due time is logged as a catch-up. */
const LATE_LOG_MS = 60_000;

const STEPS: Readonly<Record<CoverJobKind, (context: StepContext, job: CoverJob, cover: CoverRecord) => Promise<StepOutcome>>> = {
  start: startStep,
  end: endStep,
  endingSoon: endingSoonStep,
};

export function createCoverRunner(options: CoverRunnerOptions): CoverRunner {
  const { stores, clock, notifier, logger } = options;
  const leaseMs = options.leaseMs ?? 60_000;
  const waitMs = options.waitMs ?? 1_000;
  const baseBackoffMs = options.baseBackoffMs ?? 2_000;
  const instance = createApplyInstance(options.db, clock);

  async function tell(notice: keyof Notifier & StepNotice, cover: CoverRecord): Promise<void> {
    try {
      await notifier[notice](await coverNotice(stores.slices, cover));
    } catch (error) {
      // Telling people never undoes what was recorded.
      logger.warn(`cover notice ${notice} failed`, { coverId: cover.id, error: (error as Error).message });
    }
  }

  /** Covers whose approval or extension was decided: scheduled, rejected, cancelled, or a new end. */
  async function settleDecisions(): Promise<void> {
    for (const cover of await stores.covers.awaitingDecisionSettled(50)) {
      await stores.transaction((tx) => settleDecision(tx, cover.id, clock.now()));
    }
  }

  async function runJob(job: CoverJob): Promise<void> {
    const now = clock.now();
    const outcome = await stores.transaction(async (tx): Promise<StepOutcome> => {
      const cover = await tx.covers.lock(job.coverId);
      const result: StepOutcome = cover ? await STEPS[job.kind]({ tx, requests: options.requests, now, waitMs }, job, cover) : { kind: 'done' };
      if (result.kind === 'done') await tx.coverJobs.complete(job.coverId, job.kind);
      else await tx.coverJobs.postpone(job.coverId, job.kind, result.at, result.kind === 'later' ? result.note : null);
      return result;
    });
    if (outcome.kind === 'submitted') {
      options.wakeApply();
      if (outcome.lateMs >= LATE_LOG_MS) {
        logger.warn(`cover ${job.kind} ran ${Math.round(outcome.lateMs / 1000)} s after it was due: the server was not running then, and caught up`, { coverId: job.coverId, lateMs: outcome.lateMs });
      }
    }
    if (outcome.kind === 'done' && outcome.notice && outcome.cover) await tell(outcome.notice, outcome.cover);
  }

  return {
    async runOnce() {
      await settleDecisions();
      const now = clock.now();
      const holder = await instance.key();
      const deadHolders = await instance.deadOf(await stores.coverJobs.leaseHolders(now, holder));
      const jobs = await stores.coverJobs.claimDue(now, leaseMs, 20, { holder, deadHolders });
      for (const job of jobs) {
        try {
          await runJob(job);
        } catch (error) {
          // The transaction rolled back: nothing of this run is recorded; try again after a back-off.
          const delay = Math.min(300_000, baseBackoffMs * 2 ** Math.max(0, job.attempts - 1));
          logger.warn(`cover ${job.kind} failed; trying again in ${delay} ms`, { coverId: job.coverId, error: (error as Error).message });
          await stores.coverJobs.retry(job.coverId, job.kind, new Date(clock.now().getTime() + delay), (error as Error).message);
        }
      }
      return jobs.length;
    },
    close: () => instance.release(),
  };
}

type StepNotice = NonNullable<Extract<StepOutcome, { kind: 'done' }>['notice']>;
