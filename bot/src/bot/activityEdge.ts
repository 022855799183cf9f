import { CONTROL_CHARACTER, hasControlCharacter, zodProblems } from '@cgm/core';
import type { Activity } from 'botbuilder';
import { z } from 'zod';
import { ApiError } from '../http/apiError.js';
import { connectorUrlProblem } from './connectorHosts.js';

/**
 * The shape of an inbound Bot Framework activity, checked before botbuilder or our handler
 * reads it: botbuilder's own checks answer `{}` with a 500 and let an activity without `from`
 * or `conversation` reach the handler, which then fails on it. What the handler reads is
 * required here; everything else passes through untouched.
 */

/** Ids are opaque strings from Teams (`29:…`, `a:…`, `19:…@thread.tacv2`); this bounds what we store and log. */
const MAX_ID_LENGTH = 1024;

const identifier = z
  .string()
  .max(MAX_ID_LENGTH)
  .refine((value) => !hasControlCharacter(value), { params: { problem: CONTROL_CHARACTER } })
  .refine((value) => value.trim() !== '', { message: 'must not be empty' });

const account = z.looseObject({ id: identifier, name: z.string().optional(), aadObjectId: identifier.optional() });

function activitySchema(development: boolean) {
  return z
    .looseObject({
      type: identifier,
      id: identifier.optional(),
      name: identifier.optional(),
      // A Teams app: Web Chat and Direct Line let a client write channelData and from.aadObjectId itself.
      channelId: z.literal('msteams', { message: 'must be msteams: this bot answers Microsoft Teams only' }),
      serviceUrl: identifier.max(2048),
      from: account,
      recipient: account,
      conversation: z.looseObject({ id: identifier, conversationType: z.string().optional(), tenantId: identifier.optional() }),
      text: z.string().optional(),
      timestamp: z.string().optional(),
      localTimestamp: z.string().optional(),
      membersAdded: z.array(account).optional(),
      membersRemoved: z.array(account).optional(),
      entities: z.array(z.looseObject({ type: z.string() })).optional(),
    })
    .superRefine((activity, ctx) => {
      // Where replies go: only Microsoft's Bot Connector (or loopback in development), never what a forged activity names.
      const problem = connectorUrlProblem(activity.serviceUrl, development);
      if (problem) ctx.addIssue({ code: 'custom', path: ['serviceUrl'], message: problem });
      if (activity.type === 'invoke' && activity.name === undefined) ctx.addIssue({ code: 'invalid_type', expected: 'string', path: ['name'], message: 'an invoke must name what it invokes', input: undefined });
    });
}

/**
 * Read a parsed request body as an activity, or throw a 400 ApiError whose details name each
 * wrong field. String timestamps become dates as botbuilder's own reader does (keeping the raw text).
 */
export function createActivityReader(options: { readonly development: boolean }) {
  const schema = activitySchema(options.development);
  return (body: unknown): Activity => {
    const parsed = schema.safeParse(body, { reportInput: true });
    if (!parsed.success) throw new ApiError('validation-failed', 'The activity is not valid.', zodProblems(parsed.error));
    const activity: Record<string, unknown> = { ...parsed.data };
    for (const [field, raw] of [['timestamp', 'rawTimestamp'], ['localTimestamp', 'rawLocalTimestamp']] as const) {
      const value = activity[field];
      if (typeof value === 'string') Object.assign(activity, { [raw]: value, [field]: new Date(value) });
    }
    return activity as unknown as Activity;
  };
}
