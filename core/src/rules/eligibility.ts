import type { TeamsUpgradeMode, User } from '../model/tenant.js';

/**
 * Who can be in a call group, as owner or member: an enabled account in Teams Only mode with
 * a Teams Phone license (Microsoft's "Call sharing and group call pickup", Prerequisites).
 * Decided here once; the change rules, the health scan, the API and the tab all read it.
 */

/** Why someone cannot be in a call group. `not-in-directory`: a listed member no one in the organisation matches. */
export const ELIGIBILITY_CODES = ['account-disabled', 'no-teams-phone-license', 'not-teams-only', 'not-in-directory'] as const;
export type EligibilityCode = (typeof ELIGIBILITY_CODES)[number];

export interface EligibilityProblem {
  readonly code: EligibilityCode;
  /** A short phrase for a person ("no Teams Phone license"), shown as it is. */
  readonly message: string;
  /** For `not-teams-only`: the mode they are in, so a reader needs no parsing of the message. */
  readonly mode?: TeamsUpgradeMode;
}

export interface Eligibility {
  readonly eligible: boolean;
  /** Empty exactly when `eligible`. */
  readonly problems: readonly EligibilityProblem[];
}

/** Whether `user` can own or be in a call group, and every reason they cannot. */
export function callGroupEligibility(user: User): Eligibility {
  const problems: EligibilityProblem[] = [];
  if (!user.AccountEnabled) problems.push({ code: 'account-disabled', message: 'account disabled' });
  if (!user.HasTeamsPhoneLicense) problems.push({ code: 'no-teams-phone-license', message: 'no Teams Phone license' });
  const mode = user.TeamsUpgradeEffectiveMode;
  if (mode !== 'TeamsOnly') problems.push({ code: 'not-teams-only', message: `${mode} mode, not Teams Only`, mode });
  return { eligible: problems.length === 0, problems };
}

/** A member the directory does not know (a leaver still listed): never eligible. */
export const NOT_IN_DIRECTORY: Eligibility = {
  eligible: false,
  problems: [{ code: 'not-in-directory', message: 'not found in the directory' }],
};

/** True when `eligibility` has a problem with this code. */
export function hasEligibilityProblem(eligibility: Eligibility, code: EligibilityCode): boolean {
  return eligibility.problems.some((problem) => problem.code === code);
}
