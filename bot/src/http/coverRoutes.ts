import type { CoverView, Result } from '@cgm/core';
import { coverExtendBody, coverSchema, parseBody } from '@cgm/core';
import type { CoverRecord, CoverService, CoverWithNames } from '../services/coverService.js';
import { coveringPeople } from '../services/coverPlan.js';
import { requestId } from './meRoutes.js';
import { ApiError } from './apiError.js';
import type { Router } from './router.js';

const iso = (date: Date | null) => (date ? date.toISOString() : null);

/** A cover as the tab shows it (core's coverViewSchema). */
export function coverView({ cover: record, names }: CoverWithNames): CoverView {
  const { cover } = record;
  const covering = coveringPeople(cover);
  const known = [record.ownerSip, ...covering].flatMap((sip) => (names[sip] === undefined ? [] : [[sip, names[sip]] as const]));
  return {
    id: record.id,
    status: record.status,
    owner: record.ownerSip,
    startsAt: cover.startsAt,
    endsAt: cover.endsAt,
    ...(cover.callGroup ? { callGroup: { add: [...cover.callGroup.add], ...(cover.callGroup.order ? { order: cover.callGroup.order } : {}) } } : {}),
    ...(cover.answering ? { answering: { ...cover.answering } as CoverView['answering'] } : {}),
    ...(cover.delegate ? { delegate: { target: cover.delegate.target, permissions: { ...cover.delegate.permissions } } } : {}),
    covering,
    names: Object.fromEntries(known),
    needsApproval: record.needsApproval,
    approvalRequestId: record.approvalRequestId,
    extension: record.extendRequestId && record.extendEndsAt ? { requestId: record.extendRequestId, endsAt: record.extendEndsAt.toISOString() } : null,
    startedAt: iso(record.startedAt),
    endedAt: iso(record.endedAt),
    startLateMs: record.startLateMs,
    endLateMs: record.endLateMs,
    heldReason: record.heldReason,
    failure: record.failure,
    notes: record.notes.map((note) => ({ ...note })),
    createdAt: record.createdAt.toISOString(),
  };
}

const accepted = (cover: CoverRecord, needsApproval: boolean) => ({ status: 202, json: { cover: { id: cover.id, status: cover.status, needsApproval } } });

function bodyOf<TValue>(result: Result<TValue>): TValue {
  if (result.ok) return result.value;
  throw new ApiError('validation-failed', 'The request body is not valid.', [...result.problems]);
}

/** My covers: make one, list and read them, cancel or end one now, move its end. */
export function mountCoverRoutes(router: Router, deps: { covers: CoverService }): void {
  const { covers } = deps;
  // Cover ids are UUIDs, as request ids; anything else is a 404 that never reaches SQL.
  const coverId = (params: Readonly<Record<string, string>>) => {
    try {
      return requestId(params);
    } catch {
      throw new ApiError('not-found', 'No such cover.');
    }
  };

  router.post('/api/me/covers', async ({ principal, body }) => {
    const cover = await covers.create(principal, bodyOf(parseBody(coverSchema, body)));
    return accepted(cover, cover.needsApproval);
  });
  router.get('/api/me/covers', async ({ principal }) => {
    const listed = await covers.list(principal);
    return { status: 200, json: { covers: listed.covers.map(coverView), awaiting: listed.awaiting.map(coverView) } };
  });
  router.get('/api/me/covers/:id', async ({ principal, params }) => ({ status: 200, json: { cover: coverView(await covers.get(principal, coverId(params))) } }));
  router.del('/api/me/covers/:id', async ({ principal, params }) => {
    const cover = await covers.cancelOrEnd(principal, coverId(params));
    return accepted(cover, false);
  });
  router.patch('/api/me/covers/:id', async ({ principal, params, body }) => {
    const { endsAt } = bodyOf(parseBody(coverExtendBody, body));
    const { cover, needsApproval } = await covers.extend(principal, coverId(params), endsAt);
    return accepted(cover, needsApproval);
  });
}
