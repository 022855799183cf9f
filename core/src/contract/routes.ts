import type { z } from 'zod';
import { answeringChangeBody, callGroupChangeBody, membershipNotificationBody, notificationOverrideBody } from '../change/changeSchemas.js';
import { coverExtendBody, coverSchema } from '../cover/coverSchema.js';
import { coverAcceptedSchema, coversSchema, oneCoverSchema } from './covers.js';
import { auditSchema, fixSchema, healthSchema } from './health.js';
import { auditQuery, clusterQuery, directoryQuery, emptyBody, healthQuery, neighbourhoodQuery, rejectBody } from './inputs.js';
import { directorySchema, meSchema } from './me.js';
import { preferencesSchema, preferencesUpdateBody } from './preferences.js';
import { problemsSchema, snoozedSchema } from './problems.js';
import { clustersSchema, relationshipMapSchema } from './relationships.js';
import { acceptedSchema, approvalsSchema, decisionSchema, oneRequestSchema } from './requests.js';
import { unreachedSchema } from './reach.js';
import { clientConfigSchema } from './session.js';

/**
 * Every JSON route of the API, its request body and its answer, in one table both sides read:
 * the tab parses each answer with `response`, and the server's tests check every route against
 * it. A route's path parameters are written `:name`, as the server mounts them.
 */
export interface RouteContract {
  /** The query string's parameters; undefined for routes that take none. */
  readonly query?: z.ZodType;
  /** The body a client sends; undefined for routes that take none. */
  readonly request?: z.ZodType;
  readonly response: z.ZodType;
  /** The status of a successful answer. */
  readonly status: 200 | 202;
}

export const API_ROUTES = {
  'GET /api/client-config': { response: clientConfigSchema, status: 200 },
  'GET /api/me': { response: meSchema, status: 200 },
  'GET /api/directory': { query: directoryQuery, response: directorySchema, status: 200 },
  'POST /api/me/call-group': { request: callGroupChangeBody, response: acceptedSchema, status: 202 },
  'POST /api/me/answering': { request: answeringChangeBody, response: acceptedSchema, status: 202 },
  'PUT /api/me/memberships/:ownerId': { request: membershipNotificationBody, response: acceptedSchema, status: 202 },
  'POST /api/me/memberships/:ownerId/leave': { request: emptyBody, response: acceptedSchema, status: 202 },
  'PUT /api/me/notification-override': { request: notificationOverrideBody, response: acceptedSchema, status: 202 },
  'GET /api/me/problems': { response: problemsSchema, status: 200 },
  // Keep for now snoozes at once (200); remove, fix, clear and leave are change requests (202).
  'POST /api/me/problems/:id/keep': { request: emptyBody, response: snoozedSchema, status: 200 },
  'POST /api/me/problems/:id/:action': { request: emptyBody, response: acceptedSchema, status: 202 },
  'GET /api/me/preferences': { response: preferencesSchema, status: 200 },
  'PUT /api/me/preferences': { request: preferencesUpdateBody, response: preferencesSchema, status: 200 },
  // A cover: a change with a start and an end; DELETE cancels one not started yet, or ends an active one now; PATCH moves its end.
  'POST /api/me/covers': { request: coverSchema, response: coverAcceptedSchema, status: 202 },
  'GET /api/me/covers': { response: coversSchema, status: 200 },
  'GET /api/me/covers/:id': { response: oneCoverSchema, status: 200 },
  'DELETE /api/me/covers/:id': { response: coverAcceptedSchema, status: 202 },
  'PATCH /api/me/covers/:id': { request: coverExtendBody, response: coverAcceptedSchema, status: 202 },
  'GET /api/me/requests/:id': { response: oneRequestSchema, status: 200 },
  'DELETE /api/requests/:id': { response: decisionSchema, status: 200 },
  'GET /api/approvals': { response: approvalsSchema, status: 200 },
  'POST /api/approvals/:id/approve': { request: emptyBody, response: decisionSchema, status: 200 },
  'POST /api/approvals/:id/reject': { request: rejectBody, response: decisionSchema, status: 200 },
  'GET /api/health': { query: healthQuery, response: healthSchema, status: 200 },
  'POST /api/health/findings/:id/fix': { request: emptyBody, response: fixSchema, status: 202 },
  'GET /api/health/unreached': { response: unreachedSchema, status: 200 },
  'GET /api/audit': { query: auditQuery, response: auditSchema, status: 200 },
  'GET /api/relationships': { query: neighbourhoodQuery, response: relationshipMapSchema, status: 200 },
  'GET /api/relationships/clusters': { query: clusterQuery, response: clustersSchema, status: 200 },
} as const satisfies Readonly<Record<string, RouteContract>>;

export type ApiRoute = keyof typeof API_ROUTES;
/** The parsed answer of one route. */
export type ResponseOf<TRoute extends ApiRoute> = z.infer<(typeof API_ROUTES)[TRoute]['response']>;
