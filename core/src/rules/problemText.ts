import type { Finding, FindingCode } from '../model/finding.js';
import type { FindingRecipient } from './findingAudience.js';

/**
 * The words a person reads about a problem of theirs, the same in the tab and on a card: a
 * title in their terms ("Quentin Moreau's account is disabled") and the finding's own
 * sentence as the detail. `nameOf` turns a `sip:` URI into a display name (the address when
 * nobody matches, as for someone who left).
 */
export interface ProblemText {
  readonly title: string;
  readonly detail: string;
}

type Title = (about: string) => string;

const OWNER_TITLES: Partial<Readonly<Record<FindingCode, Title>>> = {
  CG01: () => 'Your calling policy has switched off your call group',
  CG02: () => 'Your calls forward to an empty call group',
  CG03: () => 'Your call group’s ring order is ignored',
  CG04: () => 'Your call group has more members than Teams allows',
  CG05: () => 'Your call group’s member list is too long for Teams',
  CG07: (name) => `${name} is no longer in the organisation`,
  CG08: (name) => `${name}’s account is disabled`,
  CG09: (name) => `${name} cannot take call group calls`,
  CG13: () => 'Nobody is alerted by your call group',
  CG14: () => 'Some calls skip your call group',
  DL01: () => 'Your calling policy has switched off delegation',
  DL02: () => 'None of your delegates may receive your calls',
  DL03: () => 'You have more delegates than Teams allows',
};

const OTHER_TITLES: Partial<Readonly<Record<FindingCode, Title>>> = {
  CG01: (name) => `${name}’s call group is switched off by policy`,
  CG06: () => 'You are in more call groups than Teams allows',
  CG10: (name) => `${name}’s call group cannot ring you`,
  CG12: (name) => `Your settings still name ${name}’s call group`,
  DL01: (name) => `${name}’s delegation is switched off by policy`,
};

/** The title and detail of `finding` for `recipient`. */
export function problemText(finding: Finding, recipient: FindingRecipient, nameOf: (sip: string) => string): ProblemText {
  const own = recipient.role === 'owner' || recipient.role === 'delegator';
  const title = (own ? OWNER_TITLES : OTHER_TITLES)[finding.code];
  const about = recipient.about ? nameOf(recipient.about) : '';
  return { title: title ? title(about) : finding.message, detail: finding.message };
}
