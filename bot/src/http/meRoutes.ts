import { z } from 'zod';
import type { Problem, Result, SettingsChange, User } from '@cgm/core';
import {
  MAX_CALL_GROUP_CHARACTERS,
  MAX_CALL_GROUP_MEMBERS,
  MAX_GROUPS_PER_MEMBER,
  MAX_IN_ORDER_MEMBERS,
  NOT_IN_DIRECTORY,
  answeringChangeBody,
  callGroupEligibility,
  callGroupChangeBody,
  callGroupCharacters,
  directoryQuery,
  emptyBody,
  normalizeSip,
  notificationOverrideBody,
  ownerParam,
  parseBody,
  parseMembershipNotification,
} from '@cgm/core';
import type { PeopleService } from '../services/peopleService.js';
import { maySeeRequest } from '../services/requestAudience.js';
import type { RequestService, StoredRequest } from '../services/requestService.js';
import { ApiError } from './apiError.js';
import type { Router } from './router.js';
import { parseWith } from './router.js';

/** A person as the tab shows them. */
export function personView(user: User, extra: Record<string, unknown> = {}) {
  const { eligible, problems } = callGroupEligibility(user);
  return {
    id: user.Identity,
    upn: user.UserPrincipalName,
    sip: normalizeSip(user.SipAddress),
    displayName: user.DisplayName,
    department: user.Department,
    eligible,
    ineligibleBecause: problems,
    ...extra,
  };
}

/** A request as the tab and the bot show it: no internal plan details. */
export function requestView(request: StoredRequest) {
  return {
    id: request.id,
    kind: request.kind,
    status: request.status,
    requester: request.requesterSip,
    subject: request.subjectSip,
    change: request.change,
    notes: request.notes,
    needsApproval: request.needsApproval,
    createdAt: request.createdAt,
    expiresAt: request.expiresAt,
    decidedAt: request.decidedAt,
    decidedBy: request.decidedBy,
    decisionReason: request.decisionReason,
    appliedAt: request.appliedAt,
    failure: request.failure,
    steps: request.writes.map((write) => ({ parameterSet: write.parameterSet, reason: write.reason })),
    before: request.beforeSettings,
    after: request.desired,
  };
}

export function accepted(request: StoredRequest) {
  return { status: 202, json: { request: { id: request.id, status: request.status, needsApproval: request.needsApproval } } };
}

function bodyOrThrow<TValue>(result: Result<TValue>): TValue {
  if (result.ok) return result.value;
  throw new ApiError('validation-failed', 'The request body is not valid.', result.problems as Problem[]);
}

/** Request ids are UUIDs; anything else names no request (and must never reach SQL as a uuid cast). */
export function requestId(params: Readonly<Record<string, string>>): string {
  const id = params.id ?? '';
  if (!z.uuid().safeParse(id).success) throw new ApiError('not-found', 'No such request.');
  return id.toLowerCase();
}

/** The employee's own routes: my profile, the people picker, and proposing changes to my settings. */
export function mountMeRoutes(router: Router, deps: { people: PeopleService; requests: RequestService }): void {
  const { people, requests } = deps;

  // One statement signs the user in and reads the whole page: settings, groups I'm in, my requests, my members.
  const readPage = async (ref: string) => {
    const found = await people.myPage(ref);
    return found && { user: found.user, value: found.page };
  };
  router.getReading('/api/me', readPage, async ({ principal, read: page }) => {
    const user = principal.user;
    const { settings: stored, memberships, requests: mine, targets: resolved } = page;
    const groupCount = memberships.length;
    const targets = stored.settings.CallGroupTargets;
    const members = targets.map((target) => {
      const hit = resolved.get(target.trim().toLowerCase()) ?? resolved.get(normalizeSip(target));
      return hit ? personView(hit.user, { target }) : { target, sip: normalizeSip(target), displayName: target, department: null, eligible: false, ineligibleBecause: NOT_IN_DIRECTORY.problems };
    });
    return {
      status: 200,
      json: {
        me: personView(user, { groupCount }),
        roles: { approver: principal.isApprover },
        settings: stored.settings,
        versions: stored.versions,
        callGroup: {
          order: stored.settings.CallGroupOrder,
          members,
          limits: {
            members: targets.length,
            maxMembers: MAX_CALL_GROUP_MEMBERS,
            maxInOrder: MAX_IN_ORDER_MEMBERS,
            characters: callGroupCharacters(targets.map(normalizeSip)),
            maxCharacters: MAX_CALL_GROUP_CHARACTERS,
            maxGroupsPerMember: MAX_GROUPS_PER_MEMBER,
          },
        },
        memberships: memberships.map((m) => ({
          owner: m.owner ? personView(m.owner) : { sip: m.ownerSip, displayName: m.ownerSip },
          ownerSip: m.ownerSip,
          position: m.position,
          ringOrder: m.ringOrder,
          memberCount: m.memberCount,
          notification: m.notification ?? 'Ring',
        })),
        notificationOverride: stored.settings.GroupNotificationOverride,
        requests: mine.map((r) => requestView(r as StoredRequest)),
      },
    };
  });

  router.get(
    '/api/directory',
    async ({ query }) => {
      const entries = await people.searchDirectory(query.q);
      return { status: 200, json: { results: entries.map((e) => personView(e.user, { groupCount: e.groupCount })) } };
    },
    directoryQuery,
  );

  const propose = (change: SettingsChange, principal: Parameters<RequestService['propose']>[0]) => requests.propose(principal, change).then(accepted);

  router.post('/api/me/call-group', async ({ principal, body }) =>
    propose(bodyOrThrow(parseBody(callGroupChangeBody, body)), principal),
  );
  router.post('/api/me/answering', async ({ principal, body }) => propose(bodyOrThrow(parseBody(answeringChangeBody, body)), principal));
  router.put('/api/me/memberships/:ownerId', async ({ principal, params, body }) =>
    propose(bodyOrThrow(parseMembershipNotification(params.ownerId, body)), principal),
  );
  router.post('/api/me/memberships/:ownerId/leave', async ({ principal, params, body }) => {
    // No body, or an empty object; null or a list is a mistake, not "nothing".
    if (body !== undefined) parseWith(emptyBody, body, 'body');
    const { ownerId } = parseWith(ownerParam, params, 'path');
    const owner = await people.userByRef(ownerId);
    if (!owner) throw new ApiError('not-found', 'No such call group owner in the directory.');
    return accepted(await requests.requestRemoval(principal, owner));
  });
  router.put('/api/me/notification-override', async ({ principal, body }) =>
    propose(bodyOrThrow(parseBody(notificationOverrideBody, body)), principal),
  );

  router.get('/api/me/requests/:id', async ({ principal, params }) => {
    const request = await requests.get(requestId(params));
    if (!request || !maySeeRequest(principal, request as StoredRequest)) throw new ApiError('not-found', 'No such request.');
    return { status: 200, json: { request: requestView(request as StoredRequest) } };
  });

  router.del('/api/requests/:id', async ({ principal, params }) => {
    const request = await requests.cancel(principal, requestId(params));
    return { status: 200, json: { request: { id: request.id, status: request.status } } };
  });
}
