import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { NoticePreferences } from '../contract/preferences.js';
import { defaultPreferences } from '../contract/preferences.js';
import { isQuiet, minutesOf, nextDailySummary, noticeTiming, quietHoursEnd } from './noticeTiming.js';

/**
 * The timing rules over any instant, any quiet hours and zones chosen for their awkward
 * clocks: DST in both hemispheres, a 30-minute DST (Lord Howe), offsets off the hour
 * (Kolkata, Kathmandu, Chatham) and changes at midnight (Santiago).
 */
const ZONES = [null, 'UTC', 'Europe/London', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kolkata', 'Asia/Kathmandu', 'Pacific/Chatham', 'America/Santiago'];
const MINUTE = 60_000;
const DAY = 86_400_000;

const clock = fc.integer({ min: 0, max: 1439 }).map((minutes) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`);
const quietHours = fc.tuple(clock, clock).filter(([start, end]) => start !== end).map(([start, end]) => ({ start, end }));
const preferencesArbitrary = fc.record({
  timeZone: fc.constantFrom(...ZONES),
  quietHours: fc.option(quietHours, { nil: null }),
  dailyHour: fc.integer({ min: 0, max: 23 }),
}).map((change): NoticePreferences => ({ ...defaultPreferences(), ...change }));
const instant = fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2040, 0, 1) }).map((ms) => new Date(ms));

/** The local minute of the day, computed independently of the code under test (en-GB's "HH:MM"). */
function localMinute(zone: string | null, when: Date): number {
  const text = new Intl.DateTimeFormat('en-GB', { timeZone: zone ?? 'UTC', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(when);
  return minutesOf(text);
}
function quietAt(preferences: NoticePreferences, when: Date): boolean {
  const hours = preferences.quietHours;
  return hours !== null && isQuiet(minutesOf(hours.start), minutesOf(hours.end), localMinute(preferences.timeZone, when));
}

describe('noticeTiming over any instant', () => {
  it('holds exactly inside quiet hours, until a moment after now that is outside them, and no later than their end', () => {
    fc.assert(
      fc.property(preferencesArbitrary, instant, (preferences, now) => {
        const timing = noticeTiming(preferences, 'memberUnreachable', now);
        expect(timing.action === 'hold').toBe(quietAt(preferences, now));
        if (timing.action !== 'hold') return;
        expect(timing.until.getTime()).toBeGreaterThan(now.getTime());
        expect(quietAt(preferences, timing.until)).toBe(false);
        // The first such moment: a minute before, the person was still inside quiet hours.
        const minuteBefore = new Date(Math.max(now.getTime(), timing.until.getTime() - MINUTE));
        expect(quietAt(preferences, minuteBefore)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('puts the daily summary after now, outside quiet hours, within two days, at one instant for the whole wait', () => {
    fc.assert(
      fc.property(preferencesArbitrary, instant, fc.double({ min: 0, max: 1, noNaN: true }), (preferences, now, fraction) => {
        const summary = nextDailySummary(preferences, now);
        expect(summary.getTime()).toBeGreaterThan(now.getTime());
        expect(summary.getTime() - now.getTime()).toBeLessThanOrEqual(2 * DAY);
        expect(quietAt(preferences, summary)).toBe(false);
        // Any moment of the wait names the same summary, so a day's notices gather under one key.
        const later = new Date(now.getTime() + Math.floor((summary.getTime() - now.getTime() - 1) * fraction));
        expect(nextDailySummary(preferences, later)).toEqual(summary);
        expect(quietHoursEnd(preferences, summary)).toBeUndefined();
      }),
      { numRuns: 2000 },
    );
  });

  it('sends the daily summary at the chosen hour when no quiet hours are set and the hour exists that day', () => {
    fc.assert(
      fc.property(preferencesArbitrary, instant, (chosen, now) => {
        const preferences = { ...chosen, quietHours: null };
        const minute = localMinute(preferences.timeZone, nextDailySummary(preferences, now));
        // On a day the hour is skipped, the clocks jump past it: the summary comes at the jump, which reads
        // the end of the skipped hour at the latest (01:00 skipped in London: 02:00 BST).
        expect(minute).toBeGreaterThanOrEqual(preferences.dailyHour * 60);
        expect(minute).toBeLessThanOrEqual(preferences.dailyHour * 60 + 60);
      }),
      { numRuns: 1000 },
    );
  });
});
