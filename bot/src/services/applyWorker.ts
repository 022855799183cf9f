import type { CallingSettings } from '@cgm/core';
import { changedGroups, groupKey, normalizeSip } from '@cgm/core';
import type { CallingGateway } from '../gateway/callingGateway.js';
import { GatewayError } from '../gateway/callingGateway.js';
import type { Database } from '../store/database.js';
import type { ApplyRepositories, StorageBundle } from './storage.js';
import type { OutboxJob } from '../store/outboxStore.js';
import { SETTINGS_GROUPS, changedStoredGroups } from '../store/settingsGroups.js';
import { createApplyInstance } from './applyInstance.js';
import { takeTurn } from './applyOrder.js';
import type { ApplyTurn } from './applyOrder.js';
import type { Clock } from './clock.js';
import type { Notifier } from './notifier.js';
import { SYSTEM_ACTOR } from './principal.js';
import type { StoredRequest } from './requestService.js';

export interface ApplyWorkerOptions {
  /** For the instance key (applyInstance.ts). */
  readonly db: Database;
  /** Every read and write of requests, the outbox, the audit log and the stored settings. */
  readonly stores: StorageBundle<ApplyRepositories>;
  readonly gateway: CallingGateway;
  readonly clock: Clock;
  readonly notifier: Notifier;
  /**
   * How long a claimed job is ours before another instance may take it over. A job whose
   * holder is known dead (applyInstance.ts) is taken over at once; the lease covers a holder
   * that is alive but stuck.
   */
  readonly leaseMs?: number;
  /** After this many attempts a request fails for good. */
  readonly maxAttempts?: number;
  /** First retry delay; doubles each attempt, capped at `maxBackoffMs`. */
  readonly baseBackoffMs?: number;
  readonly maxBackoffMs?: number;
  /** Called after each applied or failed request (the health service re-checks the subject). */
  readonly onSettled?: (request: StoredRequest) => void;
}

const changedInTeams = (group: string) =>
  `The ${group} settings were changed in Teams after this request was made, so applying it would overwrite that change. Propose it again.`;

/**
 * Where a request stands against what Teams holds now, before its first write: an edit made
 * directly in Teams that no sync has stored yet has moved no version, so it is found by value.
 */
function conflictWithTeams(request: StoredRequest, current: CallingSettings): string | undefined {
  for (const group of changedGroups(request.beforeSettings, request.desired)) {
    const now = groupKey(group, current);
    if (now !== groupKey(group, request.beforeSettings) && now !== groupKey(group, request.desired)) return changedInTeams(group);
  }
  return undefined;
}

/** The outcome of a version check that did not let the request write, as the requester reads it. */
function refusal(turn: Exclude<ApplyTurn, { kind: 'go' } | { kind: 'wait' }>): Outcome {
  if (turn.kind === 'changed') return { to: 'failed', reason: changedInTeams(turn.groups.join(' and ')) };
  return {
    to: 'superseded',
    reason: `Overtaken by request ${turn.by.id}, applied first: it changed the same ${turn.groups.join(' and ')} settings after this request was made, and applying this one would undo it. Propose it again if it is still wanted.`,
  };
}

type Outcome = { readonly to: 'applied' } | { readonly to: 'failed' | 'superseded'; readonly reason: string };

/**
 * The apply worker drains the outbox: for each approved request it sends the planned
 * writes through the gateway in plan order, recording after each one which comes next.
 * Each write is a whole settings group, so repeating the write a crash interrupted
 * changes nothing: the change is at most once in effect and never lost. Before the first
 * write the request must win its turn (applyOrder.ts): its settings groups still at the
 * versions it was planned against, and no other request writing them; one overtaken by a
 * newer applied request is superseded rather than undoing it. Throttling and transient
 * failures are retried with exponential backoff (or the service's Retry-After); a
 * rejection fails the request with Teams' reason.
 */
/** The outbox worker: claims due jobs and writes them to Teams, with retries and back-off. */
export interface ApplyWorker {
  /** Claim and run every due job once (a dead worker's too, lease or not); returns how many were claimed. */
  drain(limit?: number): Promise<number>;
  /** Stop holding this worker's instance key: its unfinished jobs become another instance's at once. */
  close(): Promise<void>;
}

export function createApplyWorker(options: ApplyWorkerOptions): ApplyWorker {
  const { db, stores, gateway, clock, notifier } = options;
  const leaseMs = options.leaseMs ?? 120_000;
  const maxAttempts = options.maxAttempts ?? 8;
  const base = options.baseBackoffMs ?? 2_000;
  const cap = options.maxBackoffMs ?? 300_000;

  const instance = createApplyInstance(db, clock);

  async function finish(request: StoredRequest, outcome: Outcome): Promise<void> {
    const now = clock.now();
    const { to } = outcome;
    const settled = await stores.transaction(async (tx) => {
      const row = (await tx.requests.transition(request.id, {
        from: ['approved'],
        to,
        // An overtaken request's fate is settled now, not when it was approved.
        set: to === 'applied' ? { appliedAt: now } : to === 'failed' ? { failure: outcome.reason } : { failure: outcome.reason, decidedAt: now },
      })) as StoredRequest | undefined;
      await tx.outbox.complete(request.id);
      if (row) await tx.audit.append({ at: now, actor: SYSTEM_ACTOR, action: `request.${to}`, requestId: request.id, subject: request.subjectSip, details: to === 'applied' ? {} : { reason: outcome.reason } });
      return row;
    });
    if (!settled) return;
    if (to === 'superseded') return notifier.requestFailed(settled);
    options.onSettled?.(settled);
    await (to === 'applied' ? notifier.requestApplied(settled) : notifier.requestFailed(settled));
  }

  /** Store what Teams now says of one user, bumping the versions of the settings groups that changed. */
  async function storeFresh(sip: string, fresh: CallingSettings): Promise<CallingSettings | undefined> {
    return stores.transaction(async (tx) => {
      const store = tx.tenant;
      const stored = await store.settingsOf(sip);
      const changed = stored ? changedStoredGroups(stored.settings, fresh) : SETTINGS_GROUPS;
      await store.writeSettings(sip, { ...fresh, SipUri: sip }, changed);
      return stored?.settings;
    });
  }

  /**
   * Re-read the subject from Teams and store it, so the synced copy and the reverse index
   * show the change at once; and the members added or removed, whose membership entries
   * Teams changed with the group (so an added member can choose Banner before the next sync).
   */
  async function refreshSubject(request: StoredRequest): Promise<void> {
    const sip = normalizeSip(request.subjectSip);
    const fresh = await gateway.readSettings(sip);
    const before = await storeFresh(sip, fresh);
    const was = new Set((before?.CallGroupTargets ?? []).map(normalizeSip));
    const now = new Set(fresh.CallGroupTargets.map(normalizeSip));
    for (const member of new Set([...was, ...now])) {
      if (was.has(member) !== now.has(member)) await storeFresh(member, await gateway.readSettings(member));
    }
  }

  async function runJob(job: OutboxJob): Promise<void> {
    const request = (await stores.requests.get(job.requestId)) as StoredRequest | undefined;
    if (!request || request.status !== 'approved') {
      await stores.outbox.complete(job.requestId);
      return;
    }
    if (!job.started) {
      const turn = await takeTurn(stores, request);
      // The other request is mid-write: look again after the first retry delay, without using up an attempt.
      if (turn.kind === 'wait') {
        return stores.outbox.postpone(request.id, new Date(clock.now().getTime() + base), `waiting for request ${turn.behind}, which changes the same settings`);
      }
      if (turn.kind !== 'go') return finish(request, refusal(turn));
    }
    try {
      if (job.nextStep === 0) {
        const conflict = conflictWithTeams(request, await gateway.readSettings(request.subjectSip));
        if (conflict) return await finish(request, { to: 'failed', reason: conflict });
      }
      for (const [step, write] of request.writes.entries()) {
        if (step < job.nextStep) continue;
        await gateway.applyWrite(write);
        await stores.transaction(async (tx) => {
          const advanced = await tx.outbox.advance(request.id, step + 1);
          if (advanced) await tx.audit.append({ at: clock.now(), actor: SYSTEM_ACTOR, action: 'apply.step', requestId: request.id, subject: request.subjectSip, details: { step, parameterSet: write.parameterSet, reason: write.reason } });
        });
      }
      await refreshSubject(request);
      await finish(request, { to: 'applied' });
    } catch (error) {
      if (!(error instanceof GatewayError)) throw error;
      if (!error.retryable || job.attempts >= maxAttempts) {
        const reason = error.retryable ? `Teams kept failing after ${job.attempts} attempts: ${error.message}` : error.message;
        return finish(request, { to: 'failed', reason });
      }
      const backoff = Math.min(cap, base * 2 ** (job.attempts - 1));
      const delay = Math.max(backoff, error.retryAfterMs ?? 0);
      await stores.outbox.reschedule(request.id, new Date(clock.now().getTime() + delay), `${error.kind}: ${error.message}`);
      await stores.audit.append({ at: clock.now(), actor: SYSTEM_ACTOR, action: 'apply.retry', requestId: request.id, subject: request.subjectSip, details: { kind: error.kind, delayMs: delay, attempt: job.attempts } });
    }
  }

  return {
    /** Claim and run every due job once (a dead worker's too, lease or not); returns how many were claimed. */
    async drain(limit = 20): Promise<number> {
      const now = clock.now();
      const holder = await instance.key();
      const outbox = stores.outbox;
      const deadHolders = await instance.deadOf(await outbox.leaseHolders(now, holder));
      const jobs = await outbox.claimDue(now, leaseMs, limit, { holder, deadHolders });
      for (const job of jobs) await runJob(job);
      return jobs.length;
    },
    /** Stop holding this worker's instance key: its unfinished jobs become another instance's at once. */
    close: () => instance.release(),
  };
}

