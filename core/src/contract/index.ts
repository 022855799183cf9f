export { API_ROUTES } from './routes.js';
export type { ApiRoute, ResponseOf, RouteContract } from './routes.js';
export { callGroupOrderSchema, callingSettingsSchema, eligibilityProblemSchema, notificationSchema, personSchema } from './people.js';
export type { Person } from './people.js';
export { REQUEST_KINDS, REQUEST_STATUSES, acceptedSchema, approvalsSchema, decisionSchema, oneRequestSchema, requestSchema, requestStatusSchema } from './requests.js';
export type { Accepted, ChangeRequest, RequestKind, RequestStatus } from './requests.js';
export { directorySchema, meSchema } from './me.js';
export type { MeResponse } from './me.js';
export { auditSchema, findingSchema, fixSchema, healthSchema } from './health.js';
export type { HealthFinding } from './health.js';
export { EDGE_STATUSES, clustersSchema, mapEdgeSchema, mapNodeSchema, relationshipMapSchema } from './relationships.js';
export type { ClustersResponse, EdgeStatus, MapEdge, MapNode, RelationshipMap } from './relationships.js';
export { apiErrorSchema, clientConfigSchema } from './session.js';
export type { ApiErrorBody, ClientConfig } from './session.js';
export { MAX_REJECT_REASON, auditQuery, clusterQuery, directoryQuery, emptyBody, healthQuery, neighbourhoodQuery, rejectBody } from './inputs.js';
export {
  APPROVER_NOTICE_KINDS,
  DEFAULT_DAILY_HOUR,
  DEFAULT_NOTICE_MODES,
  NOTICE_KINDS,
  NOTICE_MODES,
  PERSONAL_NOTICE_KINDS,
  defaultPreferences,
  preferencesSchema,
  preferencesUpdateBody,
  quietHoursSchema,
  timeZoneSchema,
} from './preferences.js';
export type { NoticeKind, NoticeMode, NoticePreferences, PreferencesUpdate } from './preferences.js';
export { MAX_UNREACHED_LISTED, PROACTIVE_INSTALL_MODES, installRunSchema, unreachedPersonSchema, unreachedSchema } from './reach.js';
export type { InstallRunSummary, ProactiveInstallMode, UnreachedPeople, UnreachedPerson } from './reach.js';
export { problemActionSchema, problemKindSchema, problemSchema, problemsSchema, snoozedSchema } from './problems.js';
export type { PersonalProblem } from './problems.js';
export { coverAcceptedSchema, coverNoteSchema, coverStatusSchema, coverViewSchema, coversSchema, oneCoverSchema } from './covers.js';
export type { CoverAccepted, CoverView } from './covers.js';
