import { describe, expect, it } from 'vitest';
import type { NoticePreferences } from '@cgm/core';
import { APPROVER_NOTICE_KINDS, PERSONAL_NOTICE_KINDS, defaultPreferences } from '@cgm/core';
import { cardWarnings, executeActions } from '../testSupport/cardFixtures.js';
import { CARD_VERBS, MAX_CARD_BYTES, cardBytes } from './cardElements.js';
import { preferencesCard } from './preferencesCard.js';

const chosen: NoticePreferences = {
  ...defaultPreferences(),
  notices: { ...defaultPreferences().notices, staleMembership: 'off', drift: 'daily' },
  dailyHour: 7,
  timeZone: 'Europe/London',
  quietHours: { start: '22:00', end: '07:00' },
};

describe('the preferences card', () => {
  const approver = preferencesCard({ preferences: chosen, isApprover: true, outcome: { text: 'Saved: Stale memberships, off.', saved: true } });
  const employee = preferencesCard({ preferences: defaultPreferences(), isApprover: false });

  it.each([
    ['approver', approver],
    ['employee', employee],
    ['refused', preferencesCard({ preferences: chosen, isApprover: false, outcome: { text: 'notices.approvals is for approvers only.', saved: false } })],
  ])('%s: parses as Adaptive Card 1.5 with no warnings, under 28 KB, with {verb, id} data of known verbs', (_name, card) => {
    expect(cardWarnings(card)).toEqual([]);
    expect(cardBytes(card)).toBeLessThan(MAX_CARD_BYTES);
    for (const action of executeActions(card)) {
      expect(CARD_VERBS).toContain(action.verb);
      expect(Object.keys(action.data).sort()).toEqual(['id', 'verb']);
    }
  });

  it('offers, for every kind the person may choose, a button for each mode other than the current one', () => {
    const ids = executeActions(employee).map((action) => action.data.id);
    expect(ids).toHaveLength(PERSONAL_NOTICE_KINDS.length * 2);
    expect(ids).toContain('staleMembership.immediate');
    expect(ids).toContain('staleMembership.off');
    expect(ids).not.toContain('staleMembership.daily');
    expect(executeActions(approver).map((action) => action.data.id)).toContain('drift.immediate');
    expect(executeActions(approver)).toHaveLength((PERSONAL_NOTICE_KINDS.length + APPROVER_NOTICE_KINDS.length) * 2);
  });

  it('shows approver notices only to approvers', () => {
    expect(JSON.stringify(employee)).not.toContain('Approvals');
    expect(executeActions(employee).some((action) => String(action.data.id).startsWith('approvals.'))).toBe(false);
    expect(JSON.stringify(approver)).toContain('For approvers');
  });

  it('says the hour, quiet hours and time zone, and UTC until the tab has told the zone', () => {
    const text = JSON.stringify(approver);
    expect(text).toContain('"title":"Daily summary","value":"07:00"');
    expect(text).toContain('22:00 to 07:00');
    expect(text).toContain('Europe/London');
    expect(JSON.stringify(employee)).toContain('"title":"Quiet hours","value":"None"');
    expect(JSON.stringify(employee)).toContain('UTC (open the Notifications tab');
  });
});
