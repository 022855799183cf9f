import { describe, expect, it } from 'vitest';
import type { NoticePreferences } from '../contract/preferences.js';
import { defaultPreferences } from '../contract/preferences.js';
import { nextDailySummary, noticeTiming, quietHoursEnd } from './noticeTiming.js';

function preferences(change: Partial<NoticePreferences> = {}): NoticePreferences {
  return { ...defaultPreferences(), ...change };
}
const at = (iso: string) => new Date(iso);
const nightsInLondon = preferences({ timeZone: 'Europe/London', quietHours: { start: '22:00', end: '07:00' } });

describe('quiet hours at their boundaries', () => {
  it('holds from the minute they start and releases at the minute they end', () => {
    expect(quietHoursEnd(nightsInLondon, at('2026-01-14T21:59:59Z'))).toBeUndefined();
    expect(quietHoursEnd(nightsInLondon, at('2026-01-14T22:00:00Z'))).toEqual(at('2026-01-15T07:00:00Z'));
    expect(quietHoursEnd(nightsInLondon, at('2026-01-15T06:59:59Z'))).toEqual(at('2026-01-15T07:00:00Z'));
    expect(quietHoursEnd(nightsInLondon, at('2026-01-15T07:00:00Z'))).toBeUndefined();
  });

  it('spans midnight: before it they end tomorrow, after it today', () => {
    expect(quietHoursEnd(nightsInLondon, at('2026-01-14T23:30:00Z'))).toEqual(at('2026-01-15T07:00:00Z'));
    expect(quietHoursEnd(nightsInLondon, at('2026-01-15T00:30:00Z'))).toEqual(at('2026-01-15T07:00:00Z'));
    expect(quietHoursEnd(nightsInLondon, at('2026-01-15T12:00:00Z'))).toBeUndefined();
  });

  it('reads hours that do not span midnight within one day', () => {
    const lunch = preferences({ quietHours: { start: '12:00', end: '13:30' } });
    expect(quietHoursEnd(lunch, at('2026-05-01T11:59:00Z'))).toBeUndefined();
    expect(quietHoursEnd(lunch, at('2026-05-01T12:00:00Z'))).toEqual(at('2026-05-01T13:30:00Z'));
    expect(quietHoursEnd(lunch, at('2026-05-01T23:00:00Z'))).toBeUndefined();
  });

  it('reads them in UTC while the person has no time zone', () => {
    const utcNights = preferences({ quietHours: { start: '22:00', end: '07:00' } });
    expect(quietHoursEnd(utcNights, at('2026-07-01T21:30:00Z'))).toBeUndefined();
    expect(quietHoursEnd(utcNights, at('2026-07-01T22:30:00Z'))).toEqual(at('2026-07-02T07:00:00Z'));
  });

  it('reads a zone the runtime does not know as UTC instead of failing', () => {
    const unknown = preferences({ timeZone: 'Mars/Olympus_Mons', quietHours: { start: '22:00', end: '07:00' } });
    expect(quietHoursEnd(unknown, at('2026-07-01T22:30:00Z'))).toEqual(at('2026-07-02T07:00:00Z'));
  });
});

describe('quiet hours across a DST change', () => {
  it('follows British Summer Time: 22:00 to 07:00 local is 21:00 to 06:00 UTC in July', () => {
    expect(quietHoursEnd(nightsInLondon, at('2026-07-01T20:59:00Z'))).toBeUndefined();
    expect(quietHoursEnd(nightsInLondon, at('2026-07-01T21:00:00Z'))).toEqual(at('2026-07-02T06:00:00Z'));
  });

  it('ends at 07:00 BST on the night London springs forward (29 March 2026)', () => {
    expect(quietHoursEnd(nightsInLondon, at('2026-03-28T23:00:00Z'))).toEqual(at('2026-03-29T06:00:00Z'));
  });

  it('ends at the jump when the end time is skipped', () => {
    const early = preferences({ timeZone: 'Europe/London', quietHours: { start: '00:30', end: '01:30' } });
    // 01:00 GMT becomes 02:00 BST: 01:30 never happens, the hours end when the clocks jump past it.
    expect(quietHoursEnd(early, at('2026-03-29T00:45:00Z'))).toEqual(at('2026-03-29T01:00:00Z'));
  });

  it('ends at 07:00 GMT on the night London falls back (25 October 2026)', () => {
    expect(quietHoursEnd(nightsInLondon, at('2026-10-24T21:00:00Z'))).toEqual(at('2026-10-25T07:00:00Z'));
  });

  it('holds again in the repeated hour after falling back', () => {
    const repeated = preferences({ timeZone: 'Europe/London', quietHours: { start: '01:15', end: '01:45' } });
    expect(quietHoursEnd(repeated, at('2026-10-25T00:20:00Z'))).toEqual(at('2026-10-25T00:45:00Z')); // 01:20 BST
    expect(quietHoursEnd(repeated, at('2026-10-25T00:50:00Z'))).toBeUndefined(); // 01:50 BST
    expect(quietHoursEnd(repeated, at('2026-10-25T01:20:00Z'))).toEqual(at('2026-10-25T01:45:00Z')); // 01:20 GMT
  });

  it('ends at the next end time when the jump over it lands inside quiet hours again (Santiago, midnight, 2 September 2029)', () => {
    // Quiet all day but the minute from 00:00; Santiago's clocks go from 00:00 to 01:00, skipping that minute.
    const almostAlways = preferences({ timeZone: 'America/Santiago', quietHours: { start: '00:01', end: '00:00' } });
    expect(quietHoursEnd(almostAlways, at('2029-09-01T12:00:00Z'))).toEqual(at('2029-09-03T03:00:00Z')); // 00:00 -03 on the 3rd
  });

  it('follows New York across both changes', () => {
    const nights = preferences({ timeZone: 'America/New_York', quietHours: { start: '22:00', end: '07:00' } });
    // 7 March 2026, 23:00 EST; clocks spring forward at 02:00 on the 8th, so 07:00 EDT is 11:00 UTC.
    expect(quietHoursEnd(nights, at('2026-03-08T04:00:00Z'))).toEqual(at('2026-03-08T11:00:00Z'));
    // 31 October 2026, 23:00 EDT; clocks fall back at 02:00 on 1 November, so 07:00 EST is 12:00 UTC.
    expect(quietHoursEnd(nights, at('2026-11-01T03:00:00Z'))).toEqual(at('2026-11-01T12:00:00Z'));
  });
});

describe('nextDailySummary', () => {
  const newYork = preferences({ timeZone: 'America/New_York' });

  it('is the chosen hour in the person’s zone, strictly after the moment given', () => {
    expect(nextDailySummary(newYork, at('2026-01-10T13:59:59Z'))).toEqual(at('2026-01-10T14:00:00Z'));
    expect(nextDailySummary(newYork, at('2026-01-10T14:00:00Z'))).toEqual(at('2026-01-11T14:00:00Z'));
    expect(nextDailySummary(preferences({ dailyHour: 0 }), at('2026-01-10T23:59:00Z'))).toEqual(at('2026-01-11T00:00:00Z'));
  });

  it('moves with the clocks in New York', () => {
    expect(nextDailySummary(newYork, at('2026-03-07T15:00:00Z'))).toEqual(at('2026-03-08T13:00:00Z')); // 09:00 EDT
    expect(nextDailySummary(newYork, at('2026-10-31T15:00:00Z'))).toEqual(at('2026-11-01T14:00:00Z')); // 09:00 EST
  });

  it('comes at the jump when the hour is skipped, and once when it is repeated', () => {
    const two = preferences({ timeZone: 'America/New_York', dailyHour: 2 });
    expect(nextDailySummary(two, at('2026-03-08T05:00:00Z'))).toEqual(at('2026-03-08T07:00:00Z')); // 03:00 EDT
    const one = preferences({ timeZone: 'America/New_York', dailyHour: 1 });
    expect(nextDailySummary(one, at('2026-11-01T04:00:00Z'))).toEqual(at('2026-11-01T05:00:00Z')); // 01:00 EDT
    expect(nextDailySummary(one, at('2026-11-01T05:00:00Z'))).toEqual(at('2026-11-02T06:00:00Z')); // not 01:00 EST the same day
  });

  it('comes at 02:00 BST when 01:00 is skipped in London, the jump found by halving (25 March 2029)', () => {
    const one = preferences({ timeZone: 'Europe/London', dailyHour: 1 });
    expect(nextDailySummary(one, at('2029-03-24T01:00:00Z'))).toEqual(at('2029-03-25T01:00:00Z'));
  });

  it('waits for quiet hours to end when the chosen hour falls inside them', () => {
    const sleeper = preferences({ timeZone: 'Europe/London', dailyHour: 6, quietHours: { start: '22:00', end: '07:30' } });
    expect(nextDailySummary(sleeper, at('2026-01-14T12:00:00Z'))).toEqual(at('2026-01-15T07:30:00Z'));
  });
});

describe('noticeTiming', () => {
  const quietNow = at('2026-01-14T23:00:00Z');
  const dayNow = at('2026-01-14T12:00:00Z');

  it('sends an immediate notice outside quiet hours and holds it inside them', () => {
    expect(noticeTiming(nightsInLondon, 'memberUnreachable', dayNow)).toEqual({ action: 'send' });
    expect(noticeTiming(nightsInLondon, 'memberUnreachable', quietNow)).toEqual({ action: 'hold', until: at('2026-01-15T07:00:00Z') });
  });

  it('lets an urgent notice through quiet hours', () => {
    expect(noticeTiming(nightsInLondon, 'approvals', quietNow, { urgent: true })).toEqual({ action: 'send' });
  });

  it('puts a daily kind into the next summary and drops a kind switched off, urgent or not', () => {
    expect(noticeTiming(nightsInLondon, 'staleMembership', dayNow)).toEqual({ action: 'daily', at: at('2026-01-15T09:00:00Z') });
    const off = { ...nightsInLondon, notices: { ...nightsInLondon.notices, drift: 'off' as const } };
    expect(noticeTiming(off, 'drift', dayNow, { urgent: true })).toEqual({ action: 'drop' });
  });
});
