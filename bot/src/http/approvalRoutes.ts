import { emptyBody, rejectBody } from '@cgm/core';
import type { RequestService, StoredRequest } from '../services/requestService.js';
import type { Principal } from '../services/principal.js';
import { ApiError } from './apiError.js';
import { requestId, requestView } from './meRoutes.js';
import type { Router } from './router.js';
import { parseWith } from './router.js';

export function requireApprover(principal: Principal): void {
  if (!principal.isApprover) throw new ApiError('forbidden', 'Only approvers can see and decide requests.');
}

/** The approvers' routes: what waits for them, and their decisions. */
export function mountApprovalRoutes(router: Router, deps: { requests: RequestService }): void {
  const { requests } = deps;

  router.get('/api/approvals', async ({ principal }) => {
    requireApprover(principal);
    const pending = await requests.listPending(200);
    return { status: 200, json: { requests: pending.map((r) => ({ ...requestView(r as StoredRequest), mine: r.requesterSip === principal.sip })) } };
  });

  router.post('/api/approvals/:id/approve', async ({ principal, params, body }) => {
    if (body !== undefined) parseWith(emptyBody, body, 'body');
    const request = await requests.approve(principal, requestId(params));
    return { status: 200, json: { request: { id: request.id, status: request.status, decidedBy: request.decidedBy } } };
  });

  router.post('/api/approvals/:id/reject', async ({ principal, params, body }) => {
    const { reason } = parseWith(rejectBody, body === undefined ? {} : body, 'body');
    const request = await requests.reject(principal, requestId(params), reason || null);
    return { status: 200, json: { request: { id: request.id, status: request.status, decidedBy: request.decidedBy, reason: request.decisionReason } } };
  });
}
