import type { NoticeKind, NoticePreferences } from '../contract/preferences.js';
import { DEFAULT_NOTICE_MODES } from '../contract/preferences.js';
import { DAY, HOUR, MINUTE, instantsAtWall, localMidnight, localMinuteOfDay, resolveZone } from './zonedTime.js';

/**
 * When a notice reaches a person, from their preferences alone: pure, so the notifier, its
 * held-notice job and the tests all read the same rules, and a clock is always passed in.
 *
 * - `send`: now.
 * - `hold`: an immediate notice inside the person's quiet hours waits until they end.
 * - `daily`: it goes into the person's next daily summary, sent at `at`.
 * - `drop`: the person switched this kind off.
 */
export type NoticeTiming = { action: 'send' } | { action: 'hold'; until: Date } | { action: 'daily'; at: Date } | { action: 'drop' };

export interface NoticeTimingOptions {
  /** Something that cannot wait for the morning (quiet hours do not hold it; `daily` and `off` still apply). */
  readonly urgent?: boolean;
}

export function noticeTiming(preferences: NoticePreferences, kind: NoticeKind, now: Date, options: NoticeTimingOptions = {}): NoticeTiming {
  // A kind added after the person saved their choices has no entry yet: its default applies.
  const mode = preferences.notices[kind] ?? DEFAULT_NOTICE_MODES[kind];
  if (mode === 'off') return { action: 'drop' };
  if (mode === 'daily') return { action: 'daily', at: nextDailySummary(preferences, now) };
  if (options.urgent) return { action: 'send' };
  const until = quietHoursEnd(preferences, now);
  return until ? { action: 'hold', until } : { action: 'send' };
}

/**
 * The next daily summary strictly after `after`: `dailyHour`:00 in the person's zone (UTC when
 * unknown). Once a day even when clocks go back (the first of the two), and at the jump when
 * the hour is skipped. The summary is not urgent, so an hour inside quiet hours moves to their
 * end; every `after` before a summary gives the same instant, which lets the notifier gather a
 * day's notices under one key.
 */
export function nextDailySummary(preferences: NoticePreferences, after: Date): Date {
  const zone = resolveZone(preferences.timeZone);
  const from = after.getTime();
  const today = localMidnight(zone, from);
  // A day back covers a zone whose clocks went back across midnight; two ahead always holds one.
  for (let day = -1; day <= 2; day++) {
    const [hour] = instantsAtWall(zone, today + day * DAY + preferences.dailyHour * HOUR);
    if (hour === undefined) continue;
    // Compare the moved instant, not the hour: a moment between the hour and the end of quiet
    // hours still waits for that day's summary, not the next day's.
    const summary = quietHoursEnd(preferences, new Date(hour)) ?? new Date(hour);
    if (summary.getTime() > from) return summary;
  }
  throw new Error(`no daily summary within two days of ${after.toISOString()} in ${zone}`);
}

/**
 * When the quiet hours `now` falls in end: the first instant after `now` at which the person's
 * clock reads their end time (or jumps past it). Undefined outside quiet hours. The start
 * minute is inside, the end minute outside; an end before the start spans midnight.
 */
export function quietHoursEnd(preferences: NoticePreferences, now: Date): Date | undefined {
  const hours = preferences.quietHours;
  if (!hours) return undefined;
  const zone = resolveZone(preferences.timeZone);
  const start = minutesOf(hours.start);
  const end = minutesOf(hours.end);
  let from = now.getTime();
  if (!isQuiet(start, end, localMinuteOfDay(zone, from))) return undefined;
  // Usually once. When the clocks skip the end time and land inside quiet hours again (a jump at
  // midnight, with quiet hours ending at 00:00), the hours end at the next end time instead.
  for (let attempt = 0; attempt < 3; attempt++) {
    from = nextWallTime(zone, end, from);
    if (!isQuiet(start, end, localMinuteOfDay(zone, from))) return new Date(from);
  }
  throw new Error(`quiet hours ${hours.start} to ${hours.end} do not end within three days in ${zone}`);
}

/** The first instant after `from` at which the clock in `zone` reads `minuteOfDay` (or jumps past it). */
function nextWallTime(zone: string, minuteOfDay: number, from: number): number {
  const today = localMidnight(zone, from);
  let first: number | undefined;
  for (let day = -1; day <= 2; day++) {
    const wall = today + day * DAY + minuteOfDay * MINUTE;
    // Offsets lie within UTC-12 to UTC+14: skip days whose time cannot be after `from`, stop once later days cannot beat the first found.
    if (wall + 12 * HOUR <= from) continue;
    if (first !== undefined && wall - 14 * HOUR >= first) break;
    for (const at of instantsAtWall(zone, wall)) if (at > from && (first === undefined || at < first)) first = at;
  }
  if (first === undefined) throw new Error(`${zone} never reads minute ${minuteOfDay} within two days`);
  return first;
}

/** Whether a local minute of the day falls in quiet hours from `start` (in) to `end` (out). */
export function isQuiet(start: number, end: number, minute: number): boolean {
  return start < end ? minute >= start && minute < end : minute >= start || minute < end;
}

/** "22:30" → 1350. The contract has already checked the shape. */
export function minutesOf(clock: string): number {
  const [hours = '0', minutes = '0'] = clock.split(':');
  return Number(hours) * 60 + Number(minutes);
}
