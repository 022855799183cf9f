import { z } from 'zod';
import { fail, ok, type Problem, type Result } from '../model/result.js';
import { CALL_GROUP_ORDERS, FORWARDING_TYPES, NOTIFICATION_SETTINGS, TARGET_TYPES } from '../model/tenant.js';
import { CONTROL_CHARACTER, CONTROL_CHARACTER_PREDICATE, hasControlCharacter } from './controlCharacters.js';
import type { AnsweringChange, CallGroupChange, MembershipNotificationChange, NotificationOverrideChange } from './types.js';

/**
 * The tab API's request bodies. Strict: an unknown field is refused, so a typo in a
 * client never silently drops a setting. The schemas check shape only; Teams' rules
 * (25 members, InOrder with 5, delays, policies) are `validateChange`'s job, so that a
 * 26-member list gets a sentence about the limit rather than a schema error.
 */

/** A generous cap on list length: far above Teams' 25, low enough to bound the work per request. */
export const MAX_TARGETS_IN_BODY = 200;
/** The longest person or number reference accepted (a SIP URI, UPN, object id or phone number). */
export const MAX_REF_LENGTH = 256;

/** A person or phone number as typed: checked for control characters before trimming, then non-empty. */
export const referenceBody = z
  .string()
  .max(MAX_REF_LENGTH)
  .refine((value) => !hasControlCharacter(value), { params: { problem: CONTROL_CHARACTER } })
  .trim()
  .min(1);

const notification = z.enum(NOTIFICATION_SETTINGS);

/** One of the values or null, as one literal set so that a wrong value's message lists null too. */
const valueOrNull = <TValue extends string>(values: readonly TValue[]) => z.literal([...values, null]);

/** A switched-off rule may leave its target type and target out (the cmdlet's OnOff sets). */
const ruleShape = {
  enabled: z.boolean(),
  targetType: valueOrNull(TARGET_TYPES).default(null),
  target: referenceBody.nullable().default(null),
};

/** `POST /api/me/call-group`: `{ order, targets }`, the whole member list in ring order. */
export const callGroupChangeBody = z
  .strictObject({ order: z.enum(CALL_GROUP_ORDERS), targets: z.array(referenceBody).max(MAX_TARGETS_IN_BODY) })
  .transform((body): CallGroupChange => ({ kind: 'callGroup', ...body }));

/** The forwarding rule of an answering body: `{ enabled, type, targetType, target }` (a cover's answering reuses it). */
export const forwardingRuleBody = z.strictObject({ ...ruleShape, type: valueOrNull(FORWARDING_TYPES).default(null) });
/** The "if unanswered" rule of an answering body: `{ enabled, targetType, target, delaySeconds }`. */
export const unansweredRuleBody = z.strictObject({ ...ruleShape, delaySeconds: z.number().int() });

/** `POST /api/me/answering`: both rules, `{ forwarding: { enabled, type, targetType, target }, unanswered: { enabled, targetType, target, delaySeconds } }`. */
export const answeringChangeBody = z
  .strictObject({ forwarding: forwardingRuleBody, unanswered: unansweredRuleBody })
  .transform((body): AnsweringChange => ({ kind: 'answering', ...body }));

/** `PUT /api/me/memberships/{ownerId}`: `{ notification }`; the owner comes from the URL (see `parseMembershipNotification`). */
export const membershipNotificationBody = z.strictObject({ notification });

/** The `{ownerId}` of the membership URLs, wrapped so that its problems carry the path `ownerId`. */
export const ownerParam = z.strictObject({ ownerId: referenceBody });

/** `PUT /api/me/notification-override`: `{ value }`, where null clears the override. */
export const notificationOverrideBody = z
  .strictObject({ value: valueOrNull(NOTIFICATION_SETTINGS) })
  .transform((body): NotificationOverrideChange => ({ kind: 'notificationOverride', value: body.value }));

/** Parses a body into a change, or returns every problem with its field path. */
export function parseBody<TOutput>(schema: z.ZodType<TOutput>, body: unknown): Result<TOutput> {
  // reportInput lets zodProblems tell a missing field from a wrong one.
  const parsed = schema.safeParse(body, { reportInput: true });
  return parsed.success ? ok(parsed.data) : fail(zodProblems(parsed.error));
}

/** The membership notification change from the URL's owner id and the body, with problems of both. */
export function parseMembershipNotification(ownerId: unknown, body: unknown): Result<MembershipNotificationChange> {
  const owner = ownerParam.safeParse({ ownerId }, { reportInput: true });
  const parsed = membershipNotificationBody.safeParse(body, { reportInput: true });
  if (!owner.success || !parsed.success) {
    return fail([...(owner.success ? [] : zodProblems(owner.error)), ...(parsed.success ? [] : zodProblems(parsed.error))]);
  }
  return ok({ kind: 'membershipNotification', ownerId: owner.data.ownerId, notification: parsed.data.notification });
}

/**
 * Turns a ZodError into problems whose `path` names the field (`targets[3]`,
 * `forwarding.targetType`; `''` for the body itself) and whose message is a sentence.
 * An unknown field gives one problem per field. Parse with `{ reportInput: true }`
 * (as `parseBody` does) so that a missing field reads "is required".
 */
export function zodProblems(error: { readonly issues: readonly z.core.$ZodIssue[] }): Problem[] {
  return error.issues.flatMap((issue): Problem[] => {
    const path = formatPath(issue.path);
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => {
        const keyPath = joinPath(path, key);
        return { code: 'unknown-field', path: keyPath, message: `${keyPath} is not a field this request accepts; remove it.` };
      });
    }
    const subject = path === '' ? 'The request body' : path;
    if (isMissing(issue)) return [{ code: 'required', path, message: `${subject} is required.` }];
    const [code, predicate] = describeIssue(issue);
    return [{ code, path, message: `${subject} ${predicate}.` }];
  });
}

function describeIssue(issue: z.core.$ZodIssue): [code: string, predicate: string] {
  switch (issue.code) {
    case 'invalid_type':
      return ['invalid-type', `must be ${expectedType(issue.expected)}${'input' in issue ? `, not ${typeName(issue.input)}` : ''}`];
    case 'invalid_value':
      return ['invalid-value', `must be ${oneOf(issue.values.map((value) => (value === null ? 'null' : String(value))))}`];
    case 'too_big':
      if (issue.origin === 'string') return ['too-long', `is too long: at most ${issue.maximum} characters`];
      if (issue.origin === 'array') return ['too-many', `has too many entries: at most ${issue.maximum}`];
      return ['too-big', issue.inclusive === false ? `must be less than ${issue.maximum}` : `must be at most ${issue.maximum}`];
    case 'too_small':
      if (issue.origin === 'string') return ['empty', 'must not be empty'];
      return ['too-small', issue.inclusive === false ? `must be more than ${issue.minimum}` : `must be at least ${issue.minimum}`];
    case 'custom':
      if (issue.params?.['problem'] === CONTROL_CHARACTER) {
        return [CONTROL_CHARACTER, CONTROL_CHARACTER_PREDICATE];
      }
      return ['invalid', `is not valid: ${issue.message}`];
    default:
      return ['invalid', `is not valid: ${issue.message}`];
  }
}

/** Missing fields: with reportInput the input is present and undefined; without it, zod's message says so. */
function isMissing(issue: z.core.$ZodIssue): boolean {
  if ('input' in issue) return issue.input === undefined;
  return issue.code === 'invalid_type' && /received undefined$/.test(issue.message);
}

/** `A`, `A or B`, `one of A, B or C`. */
function oneOf(values: readonly string[]): string {
  if (values.length <= 2) return values.join(' or ');
  return `one of ${values.slice(0, -1).join(', ')} or ${values.at(-1)}`;
}

function expectedType(expected: string): string {
  const phrases: Readonly<Record<string, string>> = {
    string: 'text',
    int: 'a whole number',
    number: 'a number',
    boolean: 'true or false',
    array: 'a list',
    object: 'an object',
  };
  return phrases[expected] ?? expected;
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'number' && !Number.isInteger(value)) return 'a fraction';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** `['targets', 3]` becomes `targets[3]`; `['forwarding', 'targetType']` becomes `forwarding.targetType`. */
function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, key) => (typeof key === 'number' ? `${text}[${key}]` : joinPath(text, String(key))), '');
}

function joinPath(base: string, key: string): string {
  if (base === '') return key;
  if (key === '') return base;
  return key.startsWith('[') ? `${base}${key}` : `${base}.${key}`;
}
