import type { CallingSettings } from '@cgm/core';
import { hasControlCharacter, planSettingsWrites, userRefKey } from '@cgm/core';
import { ServiceError } from './serviceError.js';
import type { CallingGateway } from '../gateway/callingGateway.js';
import type { Database } from '../store/database.js';
import type { DriftRecord } from './records.js';
import type { SettingsGroup } from '../store/settingsGroups.js';
import { GROUP_FIELDS } from '../store/settingsGroups.js';
import type { DriftResolutionRepositories, RequestRepositories, StorageBundle, SyncRepositories } from './storage.js';
import type { Clock, IdSource, Timer } from './clock.js';
import { systemTimer } from './clock.js';
import type { HealthService } from './healthService.js';
import type { Notifier } from './notifier.js';
import type { Principal } from './principal.js';
import type { RequestSubmission, StoredRequest } from './requestService.js';
import type { SyncLog, SyncTotals } from './sync/syncEngine.js';
import { createSyncEngine, emptyTotals } from './sync/syncEngine.js';
import type { PassState } from './sync/syncPorts.js';
import { runSync } from './sync/syncRunner.js';
import type { TierPlan } from './sync/tiers.js';

/** One instance at a time runs a whole sync on request (runOnce); the continuous pass is shared by every instance. */
export const SYNC_LOCK_KEY = 0x43474d02;

export interface SyncServiceOptions {
  /** For the lock that lets one instance at a time run a whole sync on request. */
  readonly db: Database;
  /** The stored tenant, requests in flight, drift records and the audit log. */
  readonly stores: StorageBundle<SyncRepositories>;
  readonly gateway: CallingGateway;
  readonly clock: Clock;
  /**
   * Waits (pacing, Retry-After, idling) and leases go through it; a virtual one runs hours in seconds.
   * Default: `clock` with `sleep` when a sleep is given, else real time (a test's frozen clock then
   * still dates the records, while pacing follows the real seconds it sleeps).
   */
  readonly timer?: Timer;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly ids: IdSource;
  readonly health: HealthService;
  readonly notifier: Notifier;
  readonly log?: SyncLog;
  /** Gateway sessions: per-user reads in flight at once at most (SYNC_CONCURRENCY). */
  readonly concurrency: number;
  /** The tenant's read budget, reads per second (SYNC_READS_PER_SECOND); default 10. */
  readonly readsPerSecond?: number;
  /** Pause before retrying a transient failure (doubling); throttling waits for Retry-After. */
  readonly retryDelayMs?: number;
  readonly maxRetries?: number;
  /** How long a claimed user stays reserved for this instance (default 2 minutes). */
  readonly leaseMs?: number;
  /** How often the bulk directory read runs (default 15 minutes). */
  readonly directoryPeriodMs?: number;
  /** The continuous pass starts over no sooner than this after the last one began (SYNC_INTERVAL_MINUTES): a small tenant is not re-read back to back. */
  readonly minPassMs?: number;
  /** How long a user with a request or a changed directory entry stays hot (default 24 hours). */
  readonly recentMs?: number;
}

export interface SyncResult {
  readonly ran: boolean;
  readonly users: number;
  readonly settingsChanged: number;
  readonly drift: readonly DriftRecord[];
  readonly findingsAdded: number;
  readonly findingsResolved: number;
}

/** What checking one user found. */
export interface UserCheckResult {
  readonly sip: string;
  /** Another instance is reading this user right now; it was moved to the front of the queue instead. */
  readonly queued: boolean;
  readonly settingsChanged: boolean;
  readonly drift: readonly DriftRecord[];
}

/** Where sync stands: the pass, the tiers and their periods from the budget, and this instance's pacing. */
export interface SyncStatus {
  readonly pass: PassState;
  readonly plan: TierPlan;
  /** Reads this instance allows in flight now (AIMD), and its cap. */
  readonly window: number;
  readonly sessions: number;
  /** Reads per second this instance paces to now (the budget, less after a 429). */
  readonly rate: number;
  readonly throttles: number;
  readonly running: boolean;
}

/** Re-reading the tenant from Teams: store what changed, record drift, re-check health. */
export interface SyncService {
  /** Start the continuous, checkpointed pass in the background (the server's sync job). */
  start(): void;
  /** Stop it: reads in flight finish and are written, claimed users go back to the queue. */
  stop(): Promise<void>;
  /** Run the continuous pass for `ms` of the clock's time (benchmarks and tests), then stop. */
  runFor(ms: number): Promise<SyncTotals>;
  /** Read until the pass in progress is complete (continuing another instance's checkpoint), without starting a new one first. */
  finishPass(): Promise<SyncTotals>;
  /** Read every user once now (a new pass, finished before returning), unless another instance is running one; `ran: false` then. */
  runOnce(): Promise<SyncResult>;
  /** Check one user at once (a direct edit someone suspects): they jump the queue and are read now. */
  checkUser(ref: string): Promise<UserCheckResult>;
  status(): Promise<SyncStatus>;
}

/** Longer than any UPN (113), SIP address (117) or object id Teams gives a person. */
const MAX_PERSON_REF = 256;

/**
 * Whether text typed in chat or on the command line can name a person at all: no UPN, SIP address
 * or object id holds a control character or runs this long, and a NUL byte must never reach SQL.
 * The bot echoes only such text, and checkUser refuses the rest.
 */
export const canNamePerson = (ref: string): boolean => ref.length <= MAX_PERSON_REF && !hasControlCharacter(ref);

/**
 * Sync reads the tenant through the gateway in a pass that never starts over: the checkpoint is
 * in the database, so a restarted instance, or another one, continues it; instances claim users
 * in small leased batches, never the same one twice in a pass. Reads are paced to the tenant's
 * budget and spent where changes happen (sync/tiers.ts). Drift is a setting that changed in Teams
 * without a request applied by this app (someone edited their group in the Teams client, which
 * no policy can prevent).
 */
export function createSyncService(options: SyncServiceOptions): SyncService {
  const timer: Timer = options.timer ?? (options.sleep ? { now: () => options.clock.now(), sleep: options.sleep } : systemTimer);
  const log = options.log ?? { info: () => undefined, warn: () => undefined };
  const engine = createSyncEngine({ ...options, timer, log, readsPerSecond: options.readsPerSecond ?? 10, sessions: options.concurrency });
  let running: { stop: boolean; done: Promise<void> } | undefined;

  async function run(mode: 'continuous' | 'pass', shouldStop: () => boolean): Promise<SyncTotals> {
    const totals = emptyTotals();
    await runSync(engine, totals, mode, shouldStop);
    return totals;
  }

  return {
    start() {
      if (running) return;
      const state = { stop: false, done: Promise.resolve() };
      state.done = (async () => {
        while (!state.stop) {
          try {
            await run('continuous', () => state.stop);
          } catch (error) {
            log.warn('sync failed; trying again in a minute', { error: (error as Error).message });
            if (!state.stop) await timer.sleep(60_000);
          }
        }
      })();
      running = state;
    },
    async stop() {
      const state = running;
      if (!state) return;
      state.stop = true;
      await state.done;
      running = undefined;
    },
    runFor(ms) {
      const until = timer.now().getTime() + ms;
      return run('continuous', () => timer.now().getTime() >= until);
    },
    finishPass() {
      return run('pass', () => false);
    },
    async runOnce() {
      const outcome = await options.db.withAdvisoryLock(SYNC_LOCK_KEY, async () => {
        const directory = await engine.maybeReadDirectory(true);
        const state = await engine.queue.state(timer.now());
        // A whole re-read: a new pass, which this call sees through to its end.
        if (state.read > 0) await engine.queue.nextPass(state.pass, timer.now(), true);
        const totals = await run('pass', () => false);
        return { users: directory?.users ?? state.users, totals, directory };
      });
      if (!outcome.ran) return { ran: false, users: 0, settingsChanged: 0, drift: [], findingsAdded: 0, findingsResolved: 0 };
      const { users, totals, directory } = outcome.value;
      return {
        ran: true,
        users,
        settingsChanged: totals.settingsChanged,
        drift: totals.drift,
        findingsAdded: totals.findingsAdded + (directory?.findingsAdded ?? 0),
        findingsResolved: totals.findingsResolved + (directory?.findingsResolved ?? 0),
      };
    },
    async checkUser(ref) {
      if (!canNamePerson(ref)) throw new ServiceError('not-found', `Nobody in the synced tenant has that name: give a UPN, SIP address or object id (at most ${MAX_PERSON_REF} characters, no control characters).`);
      const sip = (await options.stores.syncDirectory.resolve([ref])).get(userRefKey(ref));
      if (!sip) throw new ServiceError('not-found', `Nobody in the synced tenant is "${ref}".`);
      const now = timer.now();
      await engine.queue.jump([sip], 2, now);
      const claimed = await engine.queue.claimOne(sip, now, engine.leaseMs, engine.holder);
      if (!claimed) return { sip, queued: true, settingsChanged: false, drift: [] };
      const totals = emptyTotals();
      await engine.writeBatch([await engine.read({ claimed, claimedAt: now }, totals)], totals, true);
      return { sip, queued: false, settingsChanged: totals.settingsChanged > 0, drift: totals.drift };
    },
    async status() {
      return {
        pass: await engine.queue.state(timer.now()),
        plan: await engine.currentPlan(true),
        window: engine.pacer.window,
        sessions: engine.sessions,
        rate: engine.pacer.rate,
        throttles: engine.pacer.throttles,
        running: running !== undefined,
      };
    },
  };
}


// An approver's answer to a drift alert, from a card or the API.

/**
 * Accept a drift record (the direct edit becomes the approved state) or revert it: a request,
 * approved by the approver's click, that writes the settings group back as it was before.
 * Undefined request for an accept; a 409 when someone else resolved it first.
 */
export async function resolveDrift(
  deps: { readonly stores: StorageBundle<DriftResolutionRepositories>; readonly clock: Clock; readonly requests: RequestSubmission },
  principal: Principal,
  id: string,
  resolution: 'accepted' | 'reverted',
): Promise<{ readonly drift: DriftRecord; readonly request?: StoredRequest }> {
  if (!principal.isApprover) throw new ServiceError('forbidden', 'Only approvers can accept or revert changes made in Teams.');
  const now = deps.clock.now();
  // One transaction: the resolution, the revert request and the audit entry land together or not at all.
  const outcome = await deps.stores.transaction(async (tx) => {
    const drifts = tx.drift;
    const drift = await drifts.get(id);
    if (!drift) throw new ServiceError('not-found', 'No such change.');
    if (drift.status !== 'open') throw new ServiceError('conflict', `This change was already ${drift.status}${drift.resolvedBy ? ` by ${drift.resolvedBy}` : ''}.`);
    // The conditional update first: of two approvers clicking at once, the second waits here and then finds it resolved.
    const resolved = await drifts.resolve(id, { status: resolution, by: principal.sip, at: now });
    if (!resolved) throw new ServiceError('conflict', 'Someone else resolved this change first.');
    const request = resolution === 'reverted' ? await submitRevert(tx, deps.requests, principal, drift) : undefined;
    await tx.audit.append({ at: now, actor: principal.sip, action: `drift.${resolution}`, subject: drift.subjectSip, details: { driftId: id, ...(request ? { requestId: request.id } : {}) } });
    return { drift: resolved, ...(request ? { request } : {}) };
  });
  if (outcome.request) await deps.requests.announce(outcome.request);
  return outcome;
}

/** A request, approved by the approver's click, that writes the drifted settings group back as it was before. */
async function submitRevert(tx: RequestRepositories, requests: RequestSubmission, principal: Principal, drift: DriftRecord): Promise<StoredRequest> {
  const store = tx.tenant;
  const subject = await store.userByRef(drift.subjectSip);
  const current = (await store.settingsOf(drift.subjectSip))?.settings;
  if (!subject || !current) throw new ServiceError('not-found', 'This person is no longer in the tenant.');
  const desired = { ...current } as Record<keyof CallingSettings, unknown>;
  // Drift is recorded per stored settings group (changedStoredGroups), so GROUP_FIELDS names its fields.
  for (const field of GROUP_FIELDS[drift.settingsGroup as SettingsGroup] ?? []) desired[field] = drift.beforeSettings[field];
  const writes = planSettingsWrites(current, desired as unknown as CallingSettings, subject.UserPrincipalName);
  if (!writes.ok) throw new ServiceError('rule-violation', 'Teams would not accept the approved settings any more.', writes.problems);
  return requests.submitWithin(
    tx,
    { requester: principal.sip, subject, kind: 'cleanup', settingsGroup: `revert:${drift.settingsGroup}`, change: { kind: 'cleanup', findingKey: `drift:${drift.id}`, summary: `Restore the approved ${drift.settingsGroup} settings` }, before: current, desired: desired as unknown as CallingSettings, writes: writes.value, notes: { summary: `Revert a change made directly in Teams`, driftId: drift.id }, needsApproval: false },
    principal.sip,
  );
}
