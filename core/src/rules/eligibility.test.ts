import { describe, expect, it } from 'vitest';
import { testUser } from '../testing/testTenant.js';
import { eligibilityProblemSchema } from '../contract/people.js';
import { callGroupEligibility, hasEligibilityProblem, NOT_IN_DIRECTORY } from './eligibility.js';

describe('callGroupEligibility', () => {
  it('finds an enabled, licensed Teams Only user eligible, with no problems', () => {
    expect(callGroupEligibility(testUser('adele'))).toEqual({ eligible: true, problems: [] });
  });

  it('names every missing requirement at once, in a fixed order, with the mode as data', () => {
    const user = testUser('lee', { AccountEnabled: false, HasTeamsPhoneLicense: false, TeamsUpgradeEffectiveMode: 'Islands' });
    expect(callGroupEligibility(user)).toMatchInlineSnapshot(`
      {
        "eligible": false,
        "problems": [
          {
            "code": "account-disabled",
            "message": "account disabled",
          },
          {
            "code": "no-teams-phone-license",
            "message": "no Teams Phone license",
          },
          {
            "code": "not-teams-only",
            "message": "Islands mode, not Teams Only",
            "mode": "Islands",
          },
        ],
      }
    `);
  });

  it('refuses a user who lacks only the license, and says nothing else', () => {
    const eligibility = callGroupEligibility(testUser('megan', { HasTeamsPhoneLicense: false }));
    expect(eligibility.eligible).toBe(false);
    expect(eligibility.problems.map((problem) => problem.code)).toEqual(['no-teams-phone-license']);
    expect(hasEligibilityProblem(eligibility, 'account-disabled')).toBe(false);
  });

  it('never finds someone outside the directory eligible', () => {
    expect(NOT_IN_DIRECTORY.eligible).toBe(false);
    expect(hasEligibilityProblem(NOT_IN_DIRECTORY, 'not-in-directory')).toBe(true);
  });

  it('travels through the API contract unchanged, and the contract refuses an unknown code', () => {
    const [problem] = callGroupEligibility(testUser('nestor', { TeamsUpgradeEffectiveMode: 'SfBOnly' })).problems;
    expect(eligibilityProblemSchema.parse(problem)).toEqual(problem);
    expect(eligibilityProblemSchema.safeParse({ code: 'no-license', message: 'no license' }).success).toBe(false);
  });
});
