import { z } from 'zod';
import { callingSettingsSchema } from './people.js';

/** Every state a change request can be in; the store's conditional updates move between them. */
export const REQUEST_STATUSES = ['pending', 'approved', 'rejected', 'cancelled', 'expired', 'superseded', 'applied', 'failed'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

/** What a request changes: one of core's settings changes, an approver's clean-up of a finding, or a cover (its approval, extension, start or end). */
export const REQUEST_KINDS = ['callGroup', 'answering', 'membershipNotification', 'notificationOverride', 'cleanup', 'cover'] as const;
export type RequestKind = (typeof REQUEST_KINDS)[number];

export const requestStatusSchema = z.enum(REQUEST_STATUSES);

/** A request as the tab shows it: no internal plan details. */
export const requestSchema = z.object({
  id: z.string(),
  kind: z.enum(REQUEST_KINDS),
  status: requestStatusSchema,
  requester: z.string(),
  subject: z.string(),
  /** The change as proposed; its fields depend on `kind` (core's SettingsChange bodies). */
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
  steps: z.array(z.object({ parameterSet: z.string(), reason: z.string() })).optional(),
  /** The subject's settings before and after; partial in a request some older server recorded. */
  before: callingSettingsSchema.partial().optional(),
  after: callingSettingsSchema.partial().optional(),
  /** In the approvals list: true when the approver asked for it themselves. */
  mine: z.boolean().optional(),
});
export type ChangeRequest = z.infer<typeof requestSchema>;

/** 202 to a proposal: the request's id and where it stands. */
export const acceptedSchema = z.object({ request: z.object({ id: z.string(), status: requestStatusSchema, needsApproval: z.boolean().optional() }) });
export type Accepted = z.infer<typeof acceptedSchema>;

export const oneRequestSchema = z.object({ request: requestSchema });
export const approvalsSchema = z.object({ requests: z.array(requestSchema) });

/** The answer to approve, reject or cancel. */
export const decisionSchema = z.object({
  request: z.object({ id: z.string(), status: requestStatusSchema, decidedBy: z.string().nullable().optional(), reason: z.string().nullable().optional() }),
});
