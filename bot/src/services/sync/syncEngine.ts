import type { CallingGateway } from '../../gateway/callingGateway.js';
import { GatewayError } from '../../gateway/callingGateway.js';
import type { Clock, IdSource, Timer } from '../clock.js';
import type { HealthService } from '../healthService.js';
import type { Notifier } from '../notifier.js';
import { SYSTEM_ACTOR } from '../principal.js';
import type { DriftRecord } from '../records.js';
import type { StorageBundle, SyncRepositories } from '../storage.js';
import type { DirectoryOutcome } from './directorySync.js';
import { applyDirectory } from './directorySync.js';
import type { Pacer } from './pacer.js';
import { createPacer } from './pacer.js';
import type { BatchOutcome, SettingsRead } from './readWriter.js';
import { writeReads } from './readWriter.js';
import type { ClaimedUser } from './syncPorts.js';
import type { TierPlan } from './tiers.js';
import { tierPlan } from './tiers.js';

export interface SyncLog {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
}

export interface SyncEngineOptions {
  readonly stores: StorageBundle<SyncRepositories>;
  readonly gateway: CallingGateway;
  /** Pacing, leases and the checkpoint's times. */
  readonly timer: Timer;
  /** When drift was detected and settings were read, as records say (the server's clock). */
  readonly clock: Clock;
  readonly ids: IdSource;
  readonly health: HealthService;
  readonly notifier: Notifier;
  readonly log: SyncLog;
  /** The tenant's read budget (SYNC_READS_PER_SECOND). */
  readonly readsPerSecond: number;
  /** Gateway sessions: the most reads in flight at once (SYNC_CONCURRENCY). */
  readonly sessions: number;
  readonly leaseMs?: number;
  readonly directoryPeriodMs?: number;
  readonly recentMs?: number;
  readonly maxRetries?: number;
  readonly retryDelayMs?: number;
  /** A small tenant's pass ends early: the next one starts no sooner than this after the last began. */
  readonly minPassMs?: number;
  /** Tier plan knobs (tiers.ts). */
  readonly passStretch?: number;
}

/** What a run of the engine did, added up. */
export interface SyncTotals {
  reads: number;
  settingsChanged: number;
  drift: DriftRecord[];
  findingsAdded: number;
  findingsResolved: number;
  revealed: number;
  throttled: number;
  failed: number;
  passesCompleted: number;
}

export const emptyTotals = (): SyncTotals => ({ reads: 0, settingsChanged: 0, drift: [], findingsAdded: 0, findingsResolved: 0, revealed: 0, throttled: 0, failed: 0, passesCompleted: 0 });

type Outcome = { readonly kind: 'read'; readonly read: SettingsRead } | { readonly kind: 'failed' | 'gone'; readonly claimed: ClaimedUser; readonly claimedAt: Date; readonly error: unknown };
type Claim = { readonly claimed: ClaimedUser; readonly claimedAt: Date };

/** The machinery under the sync service: one per instance, shared by its continuous loop, its passes and one-user checks. */
export function createSyncEngine(options: SyncEngineOptions) {
  const { gateway, timer, log } = options;
  const queue = options.stores.syncQueue;
  const holder = options.ids();
  const leaseMs = options.leaseMs ?? 120_000;
  const directoryPeriodMs = options.directoryPeriodMs ?? 15 * 60_000;
  const recentMs = options.recentMs ?? 24 * 3_600_000;
  const maxRetries = options.maxRetries ?? 6;
  const retryDelayMs = options.retryDelayMs ?? 1_000;
  const pacer: Pacer = createPacer({ timer, readsPerSecond: options.readsPerSecond, maxConcurrency: options.sessions });
  let plan: { value: TierPlan; at: number } | undefined;
  let directoryCheckedAt = -Infinity;

  async function currentPlan(force = false): Promise<TierPlan> {
    const now = timer.now();
    // The tier sizes move slowly and counting them scans every user: every ten minutes is enough.
    if (!plan || force || now.getTime() - plan.at >= 600_000) {
      plan = { value: tierPlan(await queue.sizes(now), { readsPerSecond: options.readsPerSecond, passStretch: options.passStretch }), at: now.getTime() };
    }
    return plan.value;
  }
  const hotPeriodMs = () => (plan?.value.hotPeriodSeconds ?? 60) * 1000;

  /** One paced read: throttling is waited out (it loses nothing), transient failures retried with backoff. */
  async function read(claim: Claim, totals: SyncTotals): Promise<Outcome> {
    let transient = 0;
    for (let throttles = 0; ; ) {
      const release = await pacer.acquire();
      let wait = 0;
      try {
        const settings = await gateway.readSettings(claim.claimed.identity);
        pacer.succeeded();
        totals.reads += 1;
        return { kind: 'read', read: { ...claim, settings } };
      } catch (error) {
        const retry = error instanceof GatewayError && error.retryable;
        if (retry && error.kind === 'throttled' && throttles++ < 50) {
          pacer.throttled(error.retryAfterMs);
          totals.throttled += 1;
        } else if (retry && transient < maxRetries) wait = retryDelayMs * 2 ** transient++;
        else return { kind: error instanceof GatewayError && error.kind === 'not-found' ? 'gone' : 'failed', ...claim, error };
      } finally {
        release();
      }
      if (wait > 0) await timer.sleep(wait);
    }
  }

  /** The bulk directory read, paced like the others; throttling is waited out as for a settings read. */
  async function readDirectory(): Promise<Awaited<ReturnType<CallingGateway['readDirectory']>>> {
    for (let throttles = 0; ; throttles += 1) {
      const release = await pacer.acquire();
      try {
        const directory = await gateway.readDirectory();
        pacer.succeeded();
        return directory;
      } catch (error) {
        if (!(error instanceof GatewayError && error.kind === 'throttled' && throttles < 50)) throw error;
        pacer.throttled(error.retryAfterMs);
      } finally {
        release();
      }
    }
  }

  /** Read the directory when its period is over or a read asked for it; one call, paced like the others. */
  async function maybeReadDirectory(force: boolean): Promise<DirectoryOutcome | undefined> {
    const now = timer.now();
    if (!force && now.getTime() - directoryCheckedAt < 60_000) return undefined;
    directoryCheckedAt = now.getTime();
    // One instance reads it when it falls due: the claim moves its time, so the others see it read.
    if (!force && !(await queue.claimDirectory(now, directoryPeriodMs))) return undefined;
    const directory = await readDirectory();
    const outcome = await applyDirectory({ ...options, clock: timer, recentMs, hotPeriodMs: async () => (await currentPlan(true)).hotPeriodSeconds * 1000 }, directory);
    await currentPlan(true);
    if (outcome.first || outcome.changedUsers || outcome.removedUsers || outcome.listsChanged) log.info('sync read a changed directory', { ...outcome });
    return outcome;
  }

  /** Write a batch of reads; the users it revealed (already queued to jump), for the caller to read next. */
  async function writeBatch(outcomes: readonly Outcome[], totals: SyncTotals, passMode: boolean): Promise<readonly string[]> {
    const reads = outcomes.flatMap((o) => (o.kind === 'read' ? [o.read] : []));
    // Whether the pass fills a tenant we had no copy of came with each claim: no statement per batch.
    const result: BatchOutcome = await writeReads(options, reads);
    totals.settingsChanged += result.settingsChanged;
    totals.drift.push(...result.drift);
    totals.findingsAdded += result.findingsAdded;
    totals.findingsResolved += result.findingsResolved;
    totals.revealed += result.revealed.length;
    const now = timer.now();
    const done = reads.map((r) => ({ sip: r.claimed.sip, pass: r.claimed.pass, claimedAt: r.claimedAt }));
    for (const o of outcomes) {
      if (o.kind === 'read') continue;
      totals.failed += 1;
      log.warn('sync could not read a user', { sip: o.claimed.sip, error: (o.error as Error).message });
      if (o.kind === 'gone') await queue.requestDirectory();
      // A pass that must end (runOnce) moves on; the continuous pass tries the user again later.
      if (passMode) done.push({ sip: o.claimed.sip, pass: o.claimed.pass, claimedAt: o.claimedAt });
      else await queue.release(o.claimed.sip, new Date(now.getTime() + Math.max(retryDelayMs, 60_000)));
    }
    await queue.complete(done, now, hotPeriodMs());
    return result.revealed;
  }

  return { holder, sessions: options.sessions, minPassMs: options.minPassMs ?? 0, pacer, queue, leaseMs, read, writeBatch, maybeReadDirectory, currentPlan, timer, log, audit: options.stores.audit, actor: SYSTEM_ACTOR };
}

export type SyncEngine = ReturnType<typeof createSyncEngine>;
