import type { Finding, FindingCode } from '../model/finding.js';
import { createTenantLookup } from '../model/lookup.js';
import type { TestTenantParts } from '../testing/testTenant.js';
import { testTenant } from '../testing/testTenant.js';
import { scanTenant } from './healthScan.js';

/** The findings of a tenant made of these parts. */
export function scanParts(parts: TestTenantParts): Finding[] {
  return scanTenant(createTenantLookup(testTenant(parts)));
}

/** `[code, subject, related]` of every finding with one of `codes` (all when none given), for compact assertions. */
export function summary(findings: readonly Finding[], ...codes: FindingCode[]): [FindingCode, string, readonly string[]][] {
  return findings.filter((f) => codes.length === 0 || codes.includes(f.code)).map((f) => [f.code, f.subject, f.related]);
}

/** The codes reported, in scan order. */
export function codesOf(findings: readonly Finding[]): FindingCode[] {
  return findings.map((finding) => finding.code);
}
