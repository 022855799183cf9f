import { z } from 'zod';

/**
 * What each person chooses to hear from the bot, and how often. One set per person, stored by
 * the server; the tab's Notifications view and the bot's `preferences` card both edit it, and
 * the notifier consults it before every card it sends.
 */

/** Notices everyone may receive: stale relationships that concern them, and their own requests. */
export const PERSONAL_NOTICE_KINDS = ['memberUnreachable', 'groupSwitchedOff', 'staleMembership', 'delegation', 'addedToGroup', 'requestUpdates'] as const;
/** Notices only approvers receive. */
export const APPROVER_NOTICE_KINDS = ['approvals', 'healthDigest', 'drift'] as const;
export const NOTICE_KINDS = [...PERSONAL_NOTICE_KINDS, ...APPROVER_NOTICE_KINDS] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

/** `immediate`: a card as it happens; `daily`: one summary card a day at the person's hour; `off`: nothing. */
export const NOTICE_MODES = ['immediate', 'daily', 'off'] as const;
export type NoticeMode = (typeof NOTICE_MODES)[number];

/**
 * Defaults: immediate for what needs someone to act (a member gone, a group switched off, a
 * delegation broken, an approval waiting, a direct edit in Teams, a request decided), daily for
 * what can wait (a stale membership entry, the approvers' health digest).
 */
export const DEFAULT_NOTICE_MODES: Readonly<Record<NoticeKind, NoticeMode>> = {
  memberUnreachable: 'immediate',
  groupSwitchedOff: 'immediate',
  staleMembership: 'daily',
  delegation: 'immediate',
  addedToGroup: 'immediate',
  requestUpdates: 'immediate',
  approvals: 'immediate',
  healthDigest: 'daily',
  drift: 'immediate',
};

/** The hour of the daily summary, in the person's time zone, when they have not chosen one. */
export const DEFAULT_DAILY_HOUR = 9;

const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time as HH:MM, 00:00 to 23:59');

/** An IANA time zone the runtime knows (Teams gives the tab one, e.g. "Europe/London"). */
export const timeZoneSchema = z
  .string()
  .min(1)
  .max(64)
  .refine((zone) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: zone });
      return true;
    } catch {
      // Intl throws a RangeError for a zone it does not know: that is the answer, not an error to pass on.
      return false;
    }
  }, 'an IANA time zone such as Europe/London');

/** Quiet hours in the person's time zone; `end` before `start` spans midnight (22:00 to 07:00). */
export const quietHoursSchema = z.strictObject({ start: clockTime, end: clockTime }).refine((hours) => hours.start !== hours.end, { message: 'quiet hours must start and end at different times', path: ['end'] });

const noticeModes = z.enum(NOTICE_MODES);
const fullNotices = z.strictObject(Object.fromEntries(NOTICE_KINDS.map((kind) => [kind, noticeModes])) as Record<NoticeKind, typeof noticeModes>);

/** `GET /api/me/preferences`, and the answer of `PUT`: every kind, with defaults filled in. */
export const preferencesSchema = z.object({
  notices: fullNotices,
  dailyHour: z.number().int().min(0).max(23),
  /** Null until the tab has told the server the person's zone; quiet hours and the daily hour are then read as UTC. */
  timeZone: z.string().nullable(),
  quietHours: quietHoursSchema.nullable(),
});
export type NoticePreferences = z.infer<typeof preferencesSchema>;

/**
 * `PUT /api/me/preferences`: a partial object updates only what it names. Strict at every level,
 * so an unknown kind or mode is a 422 naming the field, and nothing is changed.
 */
export const preferencesUpdateBody = z.strictObject({
  notices: fullNotices.partial().optional(),
  dailyHour: z.number().int().min(0, 'an hour from 0 to 23').max(23, 'an hour from 0 to 23').optional(),
  timeZone: timeZoneSchema.optional(),
  quietHours: quietHoursSchema.nullable().optional(),
});
export type PreferencesUpdate = z.infer<typeof preferencesUpdateBody>;

/** Everyone's starting preferences. */
export function defaultPreferences(): NoticePreferences {
  return { notices: { ...DEFAULT_NOTICE_MODES }, dailyHour: DEFAULT_DAILY_HOUR, timeZone: null, quietHours: null };
}
