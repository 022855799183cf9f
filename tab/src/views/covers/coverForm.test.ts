import { describe, expect, it } from 'vitest';
import { COVER_DELEGATE_DEFAULTS, coverSchema, parseBody } from '@cgm/core';
import { formatInZone, instantToLocal, localToInstant } from './coverTime';
import type { CoverDraft } from './useCoverForm';
import { coverBody, fieldOf, placeProblems } from './useCoverForm';

describe('a cover time picked in the person’s zone', () => {
  it('is sent with that zone’s offset, winter and summer', () => {
    expect(localToInstant('2027-01-03T09:00', 'Europe/Paris')).toBe('2027-01-03T09:00:00+01:00');
    expect(localToInstant('2027-07-03T09:00', 'Europe/Paris')).toBe('2027-07-03T09:00:00+02:00');
    expect(localToInstant('2027-01-03T09:00', 'America/New_York')).toBe('2027-01-03T09:00:00-05:00');
    expect(localToInstant('2027-01-03T09:00', 'Asia/Kolkata')).toBe('2027-01-03T09:00:00+05:30');
    expect(localToInstant('2027-01-03T09:00', 'UTC')).toBe('2027-01-03T09:00:00+00:00');
  });

  it('a time the clocks skip is read as the first moment after the jump', () => {
    // Paris skips 02:00-03:00 on 28 March 2027.
    expect(localToInstant('2027-03-28T02:30', 'Europe/Paris')).toBe('2027-03-28T03:00:00+02:00');
  });

  it('a date that does not exist, or no date, is not a time', () => {
    expect(localToInstant('2027-02-31T09:00', 'Europe/Paris')).toBeUndefined();
    expect(localToInstant('', 'Europe/Paris')).toBeUndefined();
    expect(localToInstant('2027-01-03 09:00', 'Europe/Paris')).toBeUndefined();
  });

  it('an instant is shown back as the same wall clock in the zone', () => {
    const instant = Date.parse('2027-01-03T08:00:00Z');
    expect(instantToLocal(instant, 'Europe/Paris')).toBe('2027-01-03T09:00');
    expect(localToInstant(instantToLocal(instant, 'Asia/Kolkata'), 'Asia/Kolkata')).toBe('2027-01-03T13:30:00+05:30');
    expect(formatInZone('not a date', 'Europe/Paris')).toBe('not a date');
  });
});

describe('the cover form', () => {
  const draft: CoverDraft = {
    who: { sip: 'sip:adele.vance@contoso.com', upn: 'adele.vance@contoso.com', displayName: 'Adele Vance' } as CoverDraft['who'],
    what: 'callGroup',
    permissions: COVER_DELEGATE_DEFAULTS,
    startNow: false,
    startsAt: '2027-01-03T09:00',
    endsAt: '2027-01-10T18:00',
  };
  const now = new Date('2027-01-01T00:00:00Z');

  it.each(['callGroup', 'forward', 'alsoRing', 'unanswered', 'delegate'] as const)('sends a body core accepts for %s', (what) => {
    const body = coverBody({ ...draft, what }, 'Europe/Paris', now);
    const parsed = parseBody(coverSchema, body);
    expect(parsed.ok, JSON.stringify(parsed)).toBe(true);
    expect(body).toMatchObject({ startsAt: '2027-01-03T09:00:00+01:00', endsAt: '2027-01-10T18:00:00+01:00' });
  });

  it('start now sends the moment of sending, whatever the start field says', () => {
    expect(coverBody({ ...draft, startNow: true }, 'Europe/Paris', now).startsAt).toBe('2027-01-01T00:00:00.000Z');
  });

  it('puts each problem of a 422 next to its field, and the rest above the form', () => {
    expect(fieldOf('callGroup.add[0]')).toBe('who');
    expect(fieldOf('answering.forwarding.target')).toBe('who');
    expect(fieldOf('delegate.target')).toBe('who');
    expect(fieldOf('delegate.permissions.MakeCalls')).toBe('permissions');
    const placed = placeProblems([
      { code: 'ends-before-start', path: 'endsAt', message: 'ends first' },
      { code: 'starts-in-the-past', path: 'startsAt', message: 'past' },
      { code: 'too-many-members', path: 'callGroup.add', message: '26 members' },
      { code: 'x', path: '', message: 'whole cover' },
    ]);
    expect(placed).toEqual({ fields: { endsAt: ['ends first'], startsAt: ['past'], who: ['26 members'] }, general: ['whole cover'] });
  });
});
