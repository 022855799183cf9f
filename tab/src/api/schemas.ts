import { z } from 'zod';
import { NOTIFICATION_SETTINGS } from '@cgm/core';

/**
 * The API's responses as the tab reads them, checked with zod at the edge so a server
 * change shows as one clear error instead of a blank view. Objects are not strict: the
 * server may add fields without breaking the tab. Shapes follow bot/src/http/*.ts.
 */

export const personSchema = z.object({
  id: z.string().optional(),
  upn: z.string().optional(),
  sip: z.string(),
  displayName: z.string(),
  department: z.string().nullable().optional(),
  eligible: z.boolean().optional(),
  ineligibleBecause: z.array(z.string()).optional(),
  groupCount: z.number().optional(),
  target: z.string().optional(),
});
export type Person = z.infer<typeof personSchema>;

export const requestSchema = z.object({
  id: z.string(),
  kind: z.string(),
  status: z.string(),
  requester: z.string(),
  subject: z.string(),
  change: z.record(z.string(), z.unknown()),
  notes: z.unknown().optional(),
  needsApproval: z.boolean(),
  createdAt: z.string(),
  expiresAt: z.string().nullable().optional(),
  decidedAt: z.string().nullable().optional(),
  decidedBy: z.string().nullable().optional(),
  decisionReason: z.string().nullable().optional(),
  appliedAt: z.string().nullable().optional(),
  failure: z.unknown().optional(),
  before: z.record(z.string(), z.unknown()).optional(),
  after: z.record(z.string(), z.unknown()).optional(),
  mine: z.boolean().optional(),
});
export type ChangeRequest = z.infer<typeof requestSchema>;

const notification = z.enum(NOTIFICATION_SETTINGS);

export const meSchema = z.object({
  me: personSchema,
  roles: z.object({ approver: z.boolean() }),
  // The full Get-CsUserCallingSettings object: core's validation reads it as CallingSettings.
  settings: z.object({ SipUri: z.string(), CallGroupTargets: z.array(z.string()), CallGroupOrder: z.enum(['Simultaneous', 'InOrder']) }).loose(),
  callGroup: z.object({
    order: z.enum(['Simultaneous', 'InOrder']),
    members: z.array(personSchema),
    limits: z.object({ maxMembers: z.number(), maxInOrder: z.number(), maxGroupsPerMember: z.number() }).loose(),
  }),
  memberships: z.array(
    z.object({
      owner: personSchema,
      ownerSip: z.string(),
      position: z.number(),
      ringOrder: z.string(),
      memberCount: z.number(),
      notification,
    }),
  ),
  notificationOverride: notification.nullable(),
  requests: z.array(requestSchema),
});
export type MeResponse = z.infer<typeof meSchema>;

export const directorySchema = z.object({ results: z.array(personSchema) });

export const clientConfigSchema = z.object({
  authMode: z.enum(['dev', 'entra']),
  devSignIn: z.boolean(),
  demoUsers: z.array(z.object({ upn: z.string(), displayName: z.string(), approver: z.boolean() })),
  approvalPolicy: z.enum(['always', 'never', 'on-add-or-group-forwarding']),
});
export type ClientConfig = z.infer<typeof clientConfigSchema>;

export const acceptedSchema = z.object({ request: z.object({ id: z.string(), status: z.string(), needsApproval: z.boolean().optional() }) });
export type Accepted = z.infer<typeof acceptedSchema>;

export const oneRequestSchema = z.object({ request: requestSchema });
export const approvalsSchema = z.object({ requests: z.array(requestSchema) });

export const findingSchema = z.object({
  id: z.string(),
  code: z.string(),
  rule: z.string(),
  severity: z.enum(['error', 'warning', 'info']),
  subject: z.string(),
  related: z.array(z.string()),
  message: z.string(),
  fix: z.object({ summary: z.string(), powershell: z.array(z.string()) }).optional(),
  firstSeen: z.string(),
  lastSeen: z.string(),
});
export type HealthFinding = z.infer<typeof findingSchema>;
export const healthSchema = z.object({ findings: z.array(findingSchema) });
export const fixSchema = acceptedSchema.extend({ summary: z.string() });

export const mapNodeSchema = z.object({
  sip: z.string(),
  displayName: z.string(),
  department: z.string().nullable(),
  known: z.boolean(),
  eligible: z.boolean(),
  ineligibleBecause: z.array(z.string()),
  findings: z.array(z.string()),
});
export const mapEdgeSchema = z.object({
  owner: z.string(),
  member: z.string(),
  position: z.number().nullable(),
  status: z.enum(['ok', 'broken', 'orphaned', 'stale']),
  reason: z.string().nullable(),
  findingCode: z.string().nullable(),
});
export const relationshipMapSchema = z.object({ centre: z.string(), depth: z.number(), truncated: z.boolean(), nodes: z.array(mapNodeSchema), edges: z.array(mapEdgeSchema) });
export type RelationshipMap = z.infer<typeof relationshipMapSchema>;
export type MapNode = z.infer<typeof mapNodeSchema>;
export type MapEdge = z.infer<typeof mapEdgeSchema>;
export const clustersSchema = z.object({
  clusters: z.array(z.object({ hub: z.string(), hubName: z.string(), people: z.number(), groups: z.number(), orphanedMembers: z.number() })),
});

export const apiErrorSchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.array(z.object({ code: z.string(), path: z.string(), message: z.string() })).default([]) }),
});
