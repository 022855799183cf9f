import { describe, expect, it } from 'vitest';
import { callGroupEligibility } from '@cgm/core';
import { ALEX, alexSettings, person } from '../testSupport/tabFixtures';
import { browserTenant, userOf } from './browserLookup';

describe('userOf', () => {
  it("reads eligibility from core's codes and data, whatever the words say", () => {
    const lee = person('Lee Gu', {
      eligible: false,
      ineligibleBecause: [
        { code: 'not-teams-only', message: 'im Modus Islands', mode: 'Islands' },
        { code: 'no-teams-phone-license', message: 'keine Lizenz' },
      ],
    });
    const user = userOf(lee);
    expect(user.TeamsUpgradeEffectiveMode).toBe('Islands');
    expect(user.HasTeamsPhoneLicense).toBe(false);
    expect(user.AccountEnabled).toBe(true);
  });

  it('rebuilds a user that core judges exactly as the server did', () => {
    const megan = person('Megan Bowen', { eligible: false, ineligibleBecause: [{ code: 'account-disabled', message: 'account disabled' }] });
    expect(callGroupEligibility(userOf(megan))).toEqual({ eligible: false, problems: megan.ineligibleBecause });
    expect(callGroupEligibility(userOf(ALEX)).eligible).toBe(true);
  });
});

describe('browserTenant', () => {
  it('leaves out a listed member the directory no longer knows, so core says no one matches', () => {
    const leaver = person('Left Company', { eligible: false, ineligibleBecause: [{ code: 'not-in-directory', message: 'not found in the directory' }] });
    const { lookup } = browserTenant(ALEX, alexSettings, [leaver]);
    expect(lookup.userByRef(leaver.sip)).toBeUndefined();
    expect(lookup.userByRef(ALEX.sip)?.DisplayName).toBe('Alex Wilber');
  });
});
