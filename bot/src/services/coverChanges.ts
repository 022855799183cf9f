import type { CoverStatus } from '@cgm/core';
import type { CoverRecord, CoverUpdate } from '../store/coverStore.js';
import { coverRequest } from './coverPlan.js';
import type { Principal } from './principal.js';
import { SYSTEM_ACTOR } from './principal.js';
import type { RequestSubmission, StoredRequest } from './requestService.js';
import { ServiceError } from './serviceError.js';
import type { CoverRepositories } from './storage.js';

/**
 * The changes of a cover's state that are not its start or end: decisions, cancelling, ending
 * now, moving the end. Each runs inside the caller's transaction with the cover's row locked,
 * so the runner and an owner's click (on any instance) take turns on one cover.
 */

const DAY_MS = 24 * 60 * 60_000;

/** Set `update` on a cover whose status is still `cover.status` (the row is locked, so it is). */
export async function moveCover(tx: CoverRepositories, cover: CoverRecord, update: CoverUpdate, now: Date, from: readonly CoverStatus[] = [cover.status]): Promise<CoverRecord> {
  const moved = await tx.covers.transition(cover.id, from, update, now);
  if (!moved) throw new Error(`cover ${cover.id} left ${from.join('/')} while its row was locked`);
  return moved;
}

export async function auditCover(tx: CoverRepositories, cover: CoverRecord, action: string, actor: string, now: Date, details: Record<string, unknown> = {}): Promise<void> {
  await tx.audit.append({ at: now, actor, action: `cover.${action}`, subject: cover.ownerSip, details: { coverId: cover.id, ...details } });
}

/** The end job at the cover's end, and the owner's "ends tomorrow" notice a day before it while that is still ahead. */
export async function scheduleEnd(tx: CoverRepositories, cover: CoverRecord, now: Date): Promise<void> {
  await tx.coverJobs.schedule(cover.id, 'end', cover.endsAt);
  const soon = cover.endsAt.getTime() - DAY_MS;
  if (soon > now.getTime()) await tx.coverJobs.schedule(cover.id, 'endingSoon', new Date(soon));
  else await tx.coverJobs.complete(cover.id, 'endingSoon');
}

/** A new end: on the cover, on its stored body, and on its end job when it runs. */
async function applyNewEnd(tx: CoverRepositories, cover: CoverRecord, endsAt: Date, now: Date): Promise<CoverRecord> {
  const moved = await moveCover(tx, cover, { endsAt, cover: { ...cover.cover, endsAt: endsAt.toISOString() }, extendRequestId: null, extendEndsAt: null }, now);
  if (moved.status === 'active') await scheduleEnd(tx, moved, now);
  return moved;
}

/** An extension still waiting for an approver is withdrawn (the cover ends, or gets another end). */
export async function dropExtension(tx: CoverRepositories, cover: CoverRecord, actor: string, now: Date): Promise<CoverRecord> {
  if (!cover.extendRequestId) return cover;
  await tx.requests.transition(cover.extendRequestId, { from: ['pending'], to: 'cancelled', set: { decidedAt: now, decidedBy: actor } });
  return moveCover(tx, cover, { extendRequestId: null, extendEndsAt: null }, now);
}

/** DELETE: a cover not started yet is cancelled; an active one ends now (its end job runs at once). */
export async function endCoverNow(tx: CoverRepositories, id: string, actor: string, now: Date): Promise<CoverRecord> {
  const locked = await tx.covers.lock(id);
  if (!locked) throw new ServiceError('not-found', 'No such cover of yours.');
  if (!['pending', 'scheduled', 'active'].includes(locked.status)) throw new ServiceError('conflict', `This cover is already ${locked.status}.`);
  const cover = await dropExtension(tx, locked, actor, now);
  if (cover.status === 'active' && cover.endRequestId) return cover;
  if (cover.status === 'active' || cover.startRequestId) {
    // Active, or its start is being written right now: end as soon as it can (at once once started).
    const endsAt = new Date(Math.min(now.getTime(), cover.endsAt.getTime()));
    const ending = await moveCover(tx, cover, { endsAt, cover: { ...cover.cover, endsAt: endsAt.toISOString() }, heldReason: null }, now);
    if (ending.status === 'active') await scheduleEnd(tx, ending, now);
    await auditCover(tx, ending, 'ending', actor, now, { endsAt: endsAt.toISOString() });
    return ending;
  }
  if (cover.approvalRequestId) await tx.requests.transition(cover.approvalRequestId, { from: ['pending'], to: 'cancelled', set: { decidedAt: now, decidedBy: actor } });
  const cancelled = await moveCover(tx, cover, { status: 'cancelled' }, now);
  await tx.coverJobs.completeAll(cover.id);
  await auditCover(tx, cancelled, 'cancelled', actor, now);
  return cancelled;
}

export interface Extension {
  readonly id: string;
  readonly endsAt: string;
  readonly needsApproval: boolean;
  readonly principal: Principal;
  readonly requests: RequestSubmission;
  readonly summary: string;
}

/** PATCH: the new end at once, or an extension request an approver decides (the cover runs to its old end meanwhile). */
export async function extendCover(tx: CoverRepositories, extension: Extension, now: Date): Promise<{ cover: CoverRecord; request?: StoredRequest }> {
  const { principal } = extension;
  const cover = await tx.covers.lock(extension.id);
  if (!cover) throw new ServiceError('not-found', 'No such cover of yours.');
  if (cover.status === 'pending') throw new ServiceError('conflict', 'This cover is still waiting for an approver: cancel it and make it again with the new end.');
  if (cover.status !== 'scheduled' && cover.status !== 'active') throw new ServiceError('conflict', `This cover is already ${cover.status}.`);
  if (cover.endRequestId) throw new ServiceError('conflict', 'This cover is ending right now.');
  if (!extension.needsApproval) {
    const moved = await applyNewEnd(tx, await dropExtension(tx, cover, principal.sip, now), new Date(extension.endsAt), now);
    await auditCover(tx, moved, 'extended', principal.sip, now, { endsAt: extension.endsAt });
    return { cover: moved };
  }
  const current = (await tx.tenant.settingsOf(cover.ownerSip))?.settings;
  if (!current) throw new ServiceError('not-found', 'You are no longer in the tenant.');
  // Nothing is written when it is approved: the end job simply moves.
  const request = await extension.requests.submitWithin(
    tx,
    coverRequest({ id: cover.id, cover: { ...cover.cover, endsAt: extension.endsAt } }, 'extension', {
      requester: principal.sip, subject: principal.user, before: current, desired: current, writes: [], needsApproval: true,
      summary: `Extend the cover to ${extension.endsAt}. ${extension.summary}`,
      // The cover as it runs now: the approver's card shows its end and the one asked for.
      notes: cover.cover,
    }),
  );
  const moved = await moveCover(tx, cover, { extendRequestId: request.id, extendEndsAt: new Date(extension.endsAt) }, now);
  await auditCover(tx, moved, 'extension.proposed', principal.sip, now, { endsAt: extension.endsAt, requestId: request.id });
  return { cover: moved, request };
}

/** An approver (or expiry, or the owner) decided the cover's request or its extension's: settle the cover. */
export async function settleDecision(tx: CoverRepositories, id: string, now: Date): Promise<CoverRecord | undefined> {
  let cover = await tx.covers.lock(id);
  if (!cover) return undefined;
  const decided = async (requestId: string | null) => {
    const request = requestId ? await tx.requests.get(requestId) : undefined;
    return request && request.status !== 'pending' ? request : undefined;
  };
  const approval = cover.status === 'pending' ? await decided(cover.approvalRequestId) : undefined;
  if (approval) cover = await settleApproval(tx, cover, approval, now);
  const extension = await decided(cover.extendRequestId);
  if (extension && cover.extendEndsAt) {
    const actor = extension.decidedBy ?? SYSTEM_ACTOR;
    if (extension.status === 'approved' && ['scheduled', 'active'].includes(cover.status) && !cover.endRequestId) {
      cover = await applyNewEnd(tx, cover, cover.extendEndsAt, now);
      await auditCover(tx, cover, 'extended', actor, now, { endsAt: cover.endsAt.toISOString(), requestId: extension.id });
    } else {
      cover = await moveCover(tx, cover, { extendRequestId: null, extendEndsAt: null }, now);
      await auditCover(tx, cover, `extension.${extension.status}`, actor, now, { requestId: extension.id });
    }
  }
  return cover;
}

async function settleApproval(tx: CoverRepositories, cover: CoverRecord, request: StoredRequest, now: Date): Promise<CoverRecord> {
  const actor = request.decidedBy ?? SYSTEM_ACTOR;
  if (request.status === 'approved') {
    if (cover.endsAt.getTime() <= now.getTime()) {
      const failed = await moveCover(tx, cover, { status: 'failed', failure: 'It was approved only after its end, so it never started.' }, now);
      await auditCover(tx, failed, 'failed', actor, now, { reason: failed.failure });
      return failed;
    }
    const scheduled = await moveCover(tx, cover, { status: 'scheduled' }, now);
    await tx.coverJobs.schedule(cover.id, 'start', cover.startsAt);
    await auditCover(tx, scheduled, 'scheduled', actor, now, { requestId: request.id, startsAt: cover.startsAt.toISOString() });
    return scheduled;
  }
  const refused = request.status === 'rejected' || request.status === 'expired';
  const failure = request.status === 'expired' ? 'No approver decided in time.' : (request.decisionReason ?? null);
  const settled = await moveCover(tx, cover, { status: refused ? 'rejected' : 'cancelled', failure }, now);
  await tx.coverJobs.completeAll(cover.id);
  await auditCover(tx, settled, settled.status, actor, now, { requestId: request.id });
  return settled;
}
