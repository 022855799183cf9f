import type { CoverNote, User } from '@cgm/core';
import { coverEndDesired, coverStartDesired, planSettingsWrites } from '@cgm/core';
import type { CoverJob } from '../store/coverJobStore.js';
import type { CoverRecord } from '../store/coverStore.js';
import { auditCover, dropExtension, moveCover, scheduleEnd } from './coverChanges.js';
import { coverNames, coverRequest, coverSummary } from './coverPlan.js';
import type { CoverNotices } from './notifier.js';
import { SYSTEM_ACTOR } from './principal.js';
import type { RequestSubmission, StoredRequest } from './requestService.js';
import type { CoverRepositories } from './storage.js';

/**
 * A cover's start and end, one step per claim of its due job, each in one transaction with
 * the cover's row locked. A step either submits a change request that the apply outbox writes
 * (already approved: the cover was approved up front), or, once that request is settled,
 * records what it did. A crash between the two leaves the request id on the cover, so the next
 * claim looks at that request instead of submitting another: a cover never starts or ends twice.
 */

/** What a step did, for the runner: tell people, wake the apply job, look again later. */
export type StepOutcome =
  | { readonly kind: 'done'; readonly notice?: keyof CoverNotices; readonly cover?: CoverRecord }
  /** A request went to the outbox: wake the apply job, look again at `at`. */
  | { readonly kind: 'submitted'; readonly at: Date; readonly lateMs: number }
  /** Waiting for the outbox, or for a later due time. */
  | { readonly kind: 'later'; readonly at: Date; readonly note: string | null };

export interface StepContext {
  readonly tx: CoverRepositories;
  readonly requests: RequestSubmission;
  readonly now: Date;
  /** How soon to look again while the outbox applies a request. */
  readonly waitMs: number;
}

/** A start or end request that failed (Teams refused, or settings changed under it) is planned again this many times. */
export const MAX_APPLY_ATTEMPTS = 3;

const lateBy = (job: CoverJob, now: Date) => Math.max(0, now.getTime() - job.dueAt.getTime());

async function ownerOf(tx: CoverRepositories, cover: CoverRecord): Promise<{ owner: User; settings: NonNullable<Awaited<ReturnType<CoverRepositories['tenant']['settingsOf']>>>['settings'] } | undefined> {
  const [owner, stored] = await Promise.all([tx.tenant.userByRef(cover.ownerSip), tx.tenant.settingsOf(cover.ownerSip)]);
  return owner && stored ? { owner, settings: stored.settings } : undefined;
}

const coverNotes = (request: StoredRequest): CoverNote[] => ((request.notes as { cover?: { notes?: CoverNote[] } }).cover?.notes ?? []);

export async function startStep(context: StepContext, job: CoverJob, cover: CoverRecord): Promise<StepOutcome> {
  const { tx, now } = context;
  if (cover.status !== 'scheduled') return { kind: 'done' };
  if (cover.startRequestId) return settleStart(context, cover, (await tx.requests.get(cover.startRequestId)) as StoredRequest | undefined);
  const found = await ownerOf(tx, cover);
  const fail = async (failure: string): Promise<StepOutcome> => {
    const failed = await moveCover(tx, cover, { status: 'failed', failure }, now);
    await tx.coverJobs.completeAll(cover.id);
    await auditCover(tx, failed, 'failed', SYSTEM_ACTOR, now, { reason: failure });
    return { kind: 'done', notice: 'coverFailed', cover: failed };
  };
  if (!found) return fail('The owner is no longer in the tenant.');
  const names = await coverNames(tx.slices, cover.ownerSip, [cover.cover]);
  const start = coverStartDesired(found.settings, cover.cover, { names });
  const writes = planSettingsWrites(found.settings, start.desired, found.owner.UserPrincipalName);
  if (!writes.ok) return fail(`Teams would not accept the cover now: ${writes.problems.map((problem) => problem.message).join(' ')}`);
  const lateMs = cover.startLateMs ?? lateBy(job, now);
  if (writes.value.length === 0) return activate(context, cover, { atStart: found.settings, afterStart: start.desired, notes: start.notes, lateMs });
  const request = await context.requests.submitWithin(
    tx,
    coverRequest(cover, 'start', { requester: cover.ownerSip, subject: found.owner, before: found.settings, desired: start.desired, writes: writes.value, needsApproval: false, summary: coverSummary(cover.cover, names), notes: { notes: start.notes } }),
  );
  const starting = await moveCover(tx, cover, { startRequestId: request.id, startAttempts: cover.startAttempts + 1, startLateMs: lateMs }, now);
  await auditCover(tx, starting, 'starting', SYSTEM_ACTOR, now, { requestId: request.id, lateMs, dueAt: job.dueAt.toISOString() });
  return { kind: 'submitted', at: new Date(now.getTime() + context.waitMs), lateMs };
}

async function settleStart(context: StepContext, cover: CoverRecord, request: StoredRequest | undefined): Promise<StepOutcome> {
  const { tx, now } = context;
  if (request?.status === 'approved') return { kind: 'later', at: new Date(now.getTime() + context.waitMs), note: `waiting for request ${request.id} to be applied` };
  if (request?.status === 'applied') {
    return activate(context, cover, { atStart: request.beforeSettings, afterStart: request.desired, notes: coverNotes(request), lateMs: cover.startLateMs ?? 0, startedAt: request.appliedAt ?? now });
  }
  const failure = request?.failure ?? 'its start request is gone';
  if (cover.startAttempts < MAX_APPLY_ATTEMPTS) {
    // Settings moved between the plan and the write (a sync saw an edit made in Teams): plan again from what is stored now.
    await moveCover(tx, cover, { startRequestId: null }, now);
    return { kind: 'later', at: now, note: `start planned again: ${failure}` };
  }
  const failed = await moveCover(tx, cover, { status: 'failed', failure: `The start could not be applied: ${failure}` }, now);
  await tx.coverJobs.completeAll(cover.id);
  await auditCover(tx, failed, 'failed', SYSTEM_ACTOR, now, { reason: failed.failure });
  return { kind: 'done', notice: 'coverFailed', cover: failed };
}

interface Started {
  readonly atStart: CoverRecord['atStart'] & object;
  readonly afterStart: CoverRecord['afterStart'] & object;
  readonly notes: readonly CoverNote[];
  readonly lateMs: number;
  readonly startedAt?: Date;
}

async function activate(context: StepContext, cover: CoverRecord, started: Started): Promise<StepOutcome> {
  const { tx, now } = context;
  const active = await moveCover(tx, cover, { status: 'active', atStart: started.atStart, afterStart: started.afterStart, notes: started.notes, startedAt: started.startedAt ?? now, startLateMs: started.lateMs }, now);
  await tx.coverJobs.complete(cover.id, 'start');
  await scheduleEnd(tx, active, now);
  await auditCover(tx, active, 'started', SYSTEM_ACTOR, now, { requestId: cover.startRequestId, lateMs: started.lateMs });
  return { kind: 'done', notice: 'coverStarted', cover: active };
}

export async function endStep(context: StepContext, job: CoverJob, cover: CoverRecord): Promise<StepOutcome> {
  const { tx, now } = context;
  if (cover.status !== 'active' || !cover.atStart || !cover.afterStart) return { kind: 'done' };
  if (cover.endRequestId) return settleEnd(context, cover, (await tx.requests.get(cover.endRequestId)) as StoredRequest | undefined);
  // An extension moved the end after the job was claimed: wait for the new one.
  if (cover.endsAt.getTime() > now.getTime()) return { kind: 'later', at: cover.endsAt, note: null };
  const found = await ownerOf(tx, cover);
  if (!found) return hold(context, cover, 'The end of this cover is held: the owner is no longer in the tenant.', [], 0);
  const names = await coverNames(tx.slices, cover.ownerSip, [cover.cover]);
  const end = coverEndDesired(cover.atStart, cover.afterStart, found.settings, cover.cover, { names, identity: found.owner.UserPrincipalName });
  const lateMs = cover.endLateMs ?? lateBy(job, now);
  if (end.held) return hold(context, cover, end.reason, end.notes, lateMs);
  if (end.writes.length === 0) return finish(context, cover, { notes: end.notes, lateMs, endedAt: now });
  const request = await context.requests.submitWithin(
    tx,
    coverRequest(cover, 'end', { requester: cover.ownerSip, subject: found.owner, before: found.settings, desired: end.desired, writes: end.writes, needsApproval: false, summary: `End: ${coverSummary(cover.cover, names)}`, notes: { notes: end.notes } }),
  );
  const ending = await moveCover(tx, cover, { endRequestId: request.id, endAttempts: cover.endAttempts + 1, endLateMs: lateMs, heldReason: null, notes: end.notes }, now);
  await auditCover(tx, ending, 'ending', SYSTEM_ACTOR, now, { requestId: request.id, lateMs, dueAt: job.dueAt.toISOString() });
  return { kind: 'submitted', at: new Date(now.getTime() + context.waitMs), lateMs };
}

async function settleEnd(context: StepContext, cover: CoverRecord, request: StoredRequest | undefined): Promise<StepOutcome> {
  const { tx, now } = context;
  if (request?.status === 'approved') return { kind: 'later', at: new Date(now.getTime() + context.waitMs), note: `waiting for request ${request.id} to be applied` };
  if (request?.status === 'applied') return finish(context, cover, { notes: coverNotes(request), lateMs: cover.endLateMs ?? 0, endedAt: request.appliedAt ?? now });
  const failure = request?.failure ?? 'its end request is gone';
  if (cover.endAttempts < MAX_APPLY_ATTEMPTS) {
    await moveCover(tx, cover, { endRequestId: null }, now);
    return { kind: 'later', at: now, note: `end planned again: ${failure}` };
  }
  return hold(context, { ...cover, endRequestId: null }, `The end of this cover is held: Teams did not accept taking its part back (${failure}). Change that setting, then end the cover again.`, cover.notes, cover.endLateMs ?? 0);
}

async function finish(context: StepContext, cover: CoverRecord, ended: { notes: readonly CoverNote[]; lateMs: number; endedAt: Date }): Promise<StepOutcome> {
  const { tx, now } = context;
  const done = await moveCover(tx, await dropExtension(tx, cover, SYSTEM_ACTOR, now), { status: 'ended', endedAt: ended.endedAt, notes: ended.notes, endLateMs: ended.lateMs, heldReason: null }, now);
  await tx.coverJobs.completeAll(cover.id);
  await auditCover(tx, done, 'ended', SYSTEM_ACTOR, now, { requestId: cover.endRequestId, lateMs: ended.lateMs });
  return { kind: 'done', notice: 'coverEnded', cover: done };
}

/** Nothing is written; the cover stays active with the reason until the owner changes that setting and ends it again. */
async function hold(context: StepContext, cover: CoverRecord, reason: string, notes: readonly CoverNote[], lateMs: number): Promise<StepOutcome> {
  const { tx, now } = context;
  const held = await moveCover(tx, cover, { heldReason: reason, notes, endLateMs: lateMs, endRequestId: null }, now);
  await tx.coverJobs.complete(cover.id, 'end');
  await auditCover(tx, held, 'held', SYSTEM_ACTOR, now, { reason });
  return { kind: 'done', notice: 'coverHeld', cover: held };
}

/** A day before the end, the owner is told (with Extend and End now); an extension moved it later meanwhile. */
export async function endingSoonStep(context: StepContext, _job: CoverJob, cover: CoverRecord): Promise<StepOutcome> {
  if (cover.status !== 'active' || cover.endRequestId) return { kind: 'done' };
  const due = cover.endsAt.getTime() - 24 * 60 * 60_000;
  if (due > context.now.getTime()) return { kind: 'later', at: new Date(due), note: null };
  return { kind: 'done', notice: 'coverEndingSoon', cover };
}
