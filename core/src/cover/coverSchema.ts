import { z } from 'zod';
import { MAX_TARGETS_IN_BODY, forwardingRuleBody, referenceBody, unansweredRuleBody } from '../change/changeSchemas.js';
import { CALL_GROUP_ORDERS } from '../model/tenant.js';
import type { Cover, DelegatePermissions } from './types.js';

/**
 * `POST /api/me/covers`: `{ startsAt, endsAt, callGroup?: { add, order? }, answering?:
 * { forwarding?, unanswered? }, delegate?: { target, permissions? } }`. Strict like the other
 * bodies, so a misspelt part is refused rather than silently dropped. Shape only: the time
 * rules (at least a minute, at most 180 days), Teams' limits and overlaps are `validateCover`'s,
 * so they come back as sentences about the rule, all at once.
 */

/**
 * What a covering delegate may do unless the owner says otherwise: pick up the owner's calls
 * (receive, make on their behalf, pick up held calls). Changing the owner's settings and
 * joining their active calls reach further than covering does, so the owner grants them
 * explicitly. New-CsUserCallingDelegate needs every permission, so the defaults fill the gaps.
 */
export const COVER_DELEGATE_DEFAULTS: DelegatePermissions = {
  MakeCalls: true,
  ReceiveCalls: true,
  ManageSettings: false,
  PickUpHeldCalls: true,
  JoinActiveCalls: false,
};

/**
 * An instant with its offset (`2027-01-03T09:00:00+01:00` or `…Z`). A time without an offset is
 * refused: it would mean a different instant on the server than in the owner's time zone.
 */
const instant = z.iso.datetime({
  offset: true,
  error: 'use an ISO 8601 date and time with its offset, such as 2027-01-03T09:00:00+01:00',
});

const callGroup = z.strictObject({
  add: z.array(referenceBody).max(MAX_TARGETS_IN_BODY).refine((add) => add.length > 0, 'list at least one person to add'),
  order: z.enum(CALL_GROUP_ORDERS).optional(),
});

const answering = z
  .strictObject({ forwarding: forwardingRuleBody.optional(), unanswered: unansweredRuleBody.optional() })
  .refine((body) => body.forwarding !== undefined || body.unanswered !== undefined, 'give forwarding, unanswered or both');

const permissions = z.strictObject({
  MakeCalls: z.boolean().optional(),
  ReceiveCalls: z.boolean().optional(),
  ManageSettings: z.boolean().optional(),
  PickUpHeldCalls: z.boolean().optional(),
  JoinActiveCalls: z.boolean().optional(),
});

const delegate = z.strictObject({ target: referenceBody, permissions: permissions.optional() }).transform((body) => ({
  target: body.target,
  // Only the permissions given override the defaults; an explicit false stays false.
  permissions: { ...COVER_DELEGATE_DEFAULTS, ...definedOnly(body.permissions ?? {}) },
}));

/** The cover body; parse it with `parseBody(coverSchema, body)` for problems that name the field. */
export const coverSchema = z
  .strictObject({
    startsAt: instant,
    endsAt: instant,
    callGroup: callGroup.optional(),
    answering: answering.optional(),
    delegate: delegate.optional(),
  })
  .refine(
    (body) => body.callGroup !== undefined || body.answering !== undefined || body.delegate !== undefined,
    'a cover needs at least one of callGroup, answering or delegate',
  )
  .transform((body): Cover => body);

/** `PATCH /api/me/covers/{id}`: a new end for the cover (an extension, or an earlier end). */
export const coverExtendBody = z.strictObject({ endsAt: instant });

function definedOnly<TValue extends object>(value: TValue): Partial<TValue> {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined)) as Partial<TValue>;
}
