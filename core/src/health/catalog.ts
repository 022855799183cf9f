import type { Finding, FindingCode, Severity } from '../model/finding.js';

/**
 * The findings catalog of docs/findings.md as data: code → rule name and severity.
 * The codes are a contract relied on by other tools; never reuse or renumber one.
 */

/** One row of the catalog. */
export interface CatalogEntry {
  /** Kebab-case rule name, e.g. `orphaned-call-group`. */
  readonly rule: string;
  readonly severity: Severity;
}

/** Every code of docs/findings.md with its rule name and severity. */
export const FINDING_CATALOG: Readonly<Record<FindingCode, CatalogEntry>> = {
  CG01: { rule: 'orphaned-call-group', severity: 'error' },
  CG02: { rule: 'forwards-to-empty-group', severity: 'error' },
  CG03: { rule: 'in-order-over-five', severity: 'error' },
  CG04: { rule: 'too-many-members', severity: 'error' },
  CG05: { rule: 'group-text-too-long', severity: 'error' },
  CG06: { rule: 'member-in-too-many-groups', severity: 'error' },
  CG07: { rule: 'member-not-found', severity: 'error' },
  CG08: { rule: 'member-disabled', severity: 'warning' },
  CG09: { rule: 'member-not-eligible', severity: 'warning' },
  CG10: { rule: 'owner-not-eligible', severity: 'warning' },
  CG11: { rule: 'self-or-duplicate-member', severity: 'warning' },
  CG12: { rule: 'stale-membership-detail', severity: 'info' },
  CG13: { rule: 'nobody-alerted', severity: 'warning' },
  CG14: { rule: 'inbound-treatment-bypasses-group', severity: 'info' },
  CG15: { rule: 'unsupported-unanswered-delay', severity: 'warning' },
  DL01: { rule: 'orphaned-delegation', severity: 'error' },
  DL02: { rule: 'forwards-to-no-delegates', severity: 'error' },
  DL03: { rule: 'too-many-delegates', severity: 'error' },
  SC01: { rule: 'resource-account-missing', severity: 'error' },
  SC02: { rule: 'resource-account-no-number', severity: 'error' },
  SC03: { rule: 'resource-number-no-location', severity: 'error' },
  SC04: { rule: 'emergency-number-type-mismatch', severity: 'error' },
  SC05: { rule: 'emergency-number-country-mismatch', severity: 'error' },
  SC06: { rule: 'emergency-number-in-several-policies', severity: 'error' },
  SC07: { rule: 'emergency-number-assigned', severity: 'error' },
  SC08: { rule: 'emergency-number-not-subscriber', severity: 'error' },
  SC09: { rule: 'toll-free-without-emergency-numbers', severity: 'error' },
  SC10: { rule: 'calling-plan-credits-missing', severity: 'error' },
  SC11: { rule: 'no-auto-attendant', severity: 'warning' },
  SC12: { rule: 'unsupported-country', severity: 'error' },
  SC13: { rule: 'operator-connect-check', severity: 'info' },
  SC14: { rule: 'emergency-number-unknown', severity: 'warning' },
  SC20: { rule: 'user-has-personal-number', severity: 'warning' },
  SC21: { rule: 'user-voice-routing-has-usages', severity: 'error' },
  SC22: { rule: 'user-not-voice-enabled', severity: 'error' },
  SC23: { rule: 'emergency-routing-mismatch', severity: 'error' },
  SC24: { rule: 'shared-policy-not-found', severity: 'error' },
};

/** A finding of `code` with the catalog's rule and severity; fixes are attached by another module. */
export function makeFinding(code: FindingCode, subject: string, related: readonly string[], message: string): Finding {
  const entry = FINDING_CATALOG[code];
  return { code, rule: entry.rule, severity: entry.severity, subject, related, message };
}

/** `1 member`, `3 members`. */
export function countOf(count: number, noun: string): string {
  return `${count.toLocaleString('en-US')} ${noun}${count === 1 ? '' : 's'}`;
}
