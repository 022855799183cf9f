/**
 * Findings: the contract of the health scan (docs/findings.md). The JSON shape is
 * relied on by other tools; never rename a field, reuse or renumber a code.
 */

export type Severity = 'error' | 'warning' | 'info';
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

/** Higher is worse; used for sorting and `--min-severity` / `--fail-on`. */
export const SEVERITY_RANK: Readonly<Record<Severity, number>> = { error: 3, warning: 2, info: 1 };

export type FindingCode =
  | 'CG01' | 'CG02' | 'CG03' | 'CG04' | 'CG05' | 'CG06' | 'CG07' | 'CG08'
  | 'CG09' | 'CG10' | 'CG11' | 'CG12' | 'CG13' | 'CG14' | 'CG15'
  | 'DL01' | 'DL02' | 'DL03'
  | 'SC01' | 'SC02' | 'SC03' | 'SC04' | 'SC05' | 'SC06' | 'SC07' | 'SC08'
  | 'SC09' | 'SC10' | 'SC11' | 'SC12' | 'SC13' | 'SC14'
  | 'SC20' | 'SC21' | 'SC22' | 'SC23' | 'SC24';

export interface FindingFix {
  readonly summary: string;
  /** Exact cmdlet lines an admin could run instead of the app. */
  readonly powershell: readonly string[];
}

export interface Finding {
  readonly code: FindingCode;
  /** Kebab-case rule name from the catalog, e.g. `orphaned-call-group`. */
  readonly rule: string;
  readonly severity: Severity;
  /** A user as lower-case `sip:` URI, a policy name without `Tag:` (`Global`), or a number as `+digits`. */
  readonly subject: string;
  /** The other users, policies or numbers involved, in the same forms. */
  readonly related: readonly string[];
  /** One or two plain sentences for an admin. */
  readonly message: string;
  readonly fix?: FindingFix;
}

/** A stable id for a finding: one per subject and code, or per pair where the catalog says so. */
export function findingKey(finding: Pick<Finding, 'code' | 'subject' | 'related'>): string {
  return `${finding.code}|${finding.subject}|${finding.related.join(',')}`;
}

/** Worst first, then by code, subject and related: the order every surface shows. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] ||
    a.code.localeCompare(b.code) ||
    a.subject.localeCompare(b.subject) ||
    a.related.join(',').localeCompare(b.related.join(','))
  );
}
