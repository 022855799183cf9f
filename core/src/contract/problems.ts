import { z } from 'zod';
import { PROBLEM_ACTIONS, PROBLEM_KINDS } from '../rules/findingAudience.js';
import { personSchema } from './people.js';
import { requestStatusSchema } from './requests.js';

/**
 * A signed-in person's own problems: the open findings that concern them (core's
 * findingRecipients), worded for them, with the actions Teams allows. The tab shows them inline
 * in My call group, Groups I'm in and Call answering; the bot's personal cards offer the same
 * actions, which all reach `POST /api/me/problems/:id/:action`.
 */

export const problemActionSchema = z.enum(PROBLEM_ACTIONS);
export const problemKindSchema = z.enum(PROBLEM_KINDS);

export const problemSchema = z.object({
  /** Stable and URL-safe: one per finding and person (core's problemId). */
  id: z.string(),
  code: z.string(),
  kind: problemKindSchema,
  role: z.enum(['owner', 'member', 'delegator', 'delegate']),
  title: z.string(),
  detail: z.string(),
  /** The person the actions name (Remove Quentin Moreau); a leaver is known by address only. */
  about: personSchema.optional(),
  actions: z.array(problemActionSchema),
  /** The person's own request for this problem that is still on its way (pending or approved, not applied yet). */
  request: z.object({ id: z.string(), status: requestStatusSchema, needsApproval: z.boolean() }).optional(),
});
export type PersonalProblem = z.infer<typeof problemSchema>;

/** `GET /api/me/problems`. */
export const problemsSchema = z.object({ problems: z.array(problemSchema) });

/** `POST /api/me/problems/:id/keep`: the problem is out of sight until then. */
export const snoozedSchema = z.object({ snoozedUntil: z.string() });
