import { z } from 'zod';
import { COVER_STATUSES } from '../cover/types.js';
import { callGroupOrderSchema } from './people.js';

/**
 * Covers as the API sends them (`/api/me/covers`): the cover as stored (people in canonical
 * `sip:` spellings), where it stands, and what its start and end did. Not strict, as the
 * other answers: the server may add a field without breaking an open tab.
 */

export const coverStatusSchema = z.enum(COVER_STATUSES);

/** Something the start or end left alone or took back (core's CoverNote). */
export const coverNoteSchema = z.object({ code: z.string(), path: z.string(), ref: z.string().optional(), message: z.string() });

export const coverViewSchema = z.object({
  id: z.string(),
  status: coverStatusSchema,
  /** The owner's canonical `sip:` URI. */
  owner: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  callGroup: z.object({ add: z.array(z.string()), order: callGroupOrderSchema.optional() }).optional(),
  /** The forwarding and "if unanswered" rules written during the cover, as `POST /api/me/answering` takes them. */
  answering: z.object({ forwarding: z.record(z.string(), z.unknown()).optional(), unanswered: z.record(z.string(), z.unknown()).optional() }).optional(),
  delegate: z.object({ target: z.string(), permissions: z.record(z.string(), z.boolean()) }).optional(),
  /** The people who pick up the owner's calls during the cover, canonical `sip:` URIs. */
  covering: z.array(z.string()),
  /** Display names by canonical `sip:` URI, for the owner and the covering people the directory knows. */
  names: z.record(z.string(), z.string()),
  needsApproval: z.boolean(),
  /** The change request approvers decide (`/api/approvals`); null when nobody had to. */
  approvalRequestId: z.string().nullable(),
  /** An extension waiting for an approver. */
  extension: z.object({ requestId: z.string(), endsAt: z.string() }).nullable(),
  startedAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  /** How late the start or end ran after its due time (a server that was down catches up). */
  startLateMs: z.number().nullable(),
  endLateMs: z.number().nullable(),
  /** Why the end is held while the cover stays active; clear it by changing that setting, then end the cover now. */
  heldReason: z.string().nullable(),
  failure: z.string().nullable(),
  notes: z.array(coverNoteSchema),
  createdAt: z.string(),
});
export type CoverView = z.infer<typeof coverViewSchema>;

/** `GET /api/me/covers`: my covers, newest first, and for an approver the covers of others waiting for them. */
export const coversSchema = z.object({ covers: z.array(coverViewSchema), awaiting: z.array(coverViewSchema) });
export const oneCoverSchema = z.object({ cover: coverViewSchema });

/** 202 to creating, extending, cancelling or ending a cover: where it stands, and whether an approver must decide. */
export const coverAcceptedSchema = z.object({ cover: z.object({ id: z.string(), status: coverStatusSchema, needsApproval: z.boolean() }) });
export type CoverAccepted = z.infer<typeof coverAcceptedSchema>;
