import type { HealthFinding } from '@cgm/core';

/** A CSV cell: quoted when needed; a leading = + - @ or tab is defused so a spreadsheet never runs it as a formula. */
export function csvCell(value: string): string {
  const defused = /^[=+\-@\t]/.test(value) ? `'${value}` : value;
  return /[",\n\r']/.test(defused) ? `"${defused.replace(/"/g, '""')}"` : defused;
}

export function findingsCsv(findings: readonly HealthFinding[]): string {
  const header = ['code', 'severity', 'subject', 'related', 'message', 'first_seen', 'last_seen', 'fix'];
  const rows = findings.map((f) => [f.code, f.severity, f.subject, f.related.join(' '), f.message, f.firstSeen, f.lastSeen, f.fix?.summary ?? ''].map(csvCell).join(','));
  return `${header.join(',')}\n${rows.join('\n')}${rows.length > 0 ? '\n' : ''}`;
}

/** Hand a file to the browser's download. */
export function download(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = name;
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export interface FindingFilter {
  readonly text: string;
  readonly severity: string;
  readonly code: string;
  readonly person: string;
}

/** The findings an approver asked for: every filter must match; text searches code, message and people. */
export function filterFindings(findings: readonly HealthFinding[], filter: FindingFilter): HealthFinding[] {
  const text = filter.text.trim().toLowerCase();
  const person = filter.person.trim().toLowerCase();
  return findings.filter(
    (f) =>
      (filter.severity === '' || f.severity === filter.severity) &&
      (filter.code === '' || f.code === filter.code) &&
      (person === '' || [f.subject, ...f.related].some((ref) => ref.toLowerCase().includes(person))) &&
      (text === '' || [f.code, f.rule, f.message, f.subject, ...f.related].some((part) => part.toLowerCase().includes(text))),
  );
}
