import type { Finding, Severity } from '@cgm/core';
import { SEVERITIES } from '@cgm/core';

/** How `cgm scan` prints findings. JSON is the findings.md contract: exactly an array of findings. */
export type FindingsFormat = 'table' | 'json' | 'markdown';
export const FINDINGS_FORMATS: readonly FindingsFormat[] = ['table', 'json', 'markdown'];

/** What the header of a human-readable report says about the scanned tenant. */
export interface ScanSummary {
  readonly source: string;
  readonly tenantId: string;
  readonly capturedAt: string;
  readonly users: number;
}

const HEADINGS: Readonly<Record<Severity, string>> = { error: 'Errors', warning: 'Warnings', info: 'Info' };

function countLine(findings: readonly Finding[]): string {
  const count = (severity: Severity) => findings.filter((f) => f.severity === severity).length;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  return `${plural(count('error'), 'error')}, ${plural(count('warning'), 'warning')}, ${count('info')} info`;
}

function bySeverity(findings: readonly Finding[]): [Severity, Finding[]][] {
  return SEVERITIES.map((severity) => [severity, findings.filter((f) => f.severity === severity)] as [Severity, Finding[]]).filter(
    ([, list]) => list.length > 0,
  );
}

/** A terminal report: grouped by severity, worst first, with counts. */
export function formatTable(findings: readonly Finding[], summary: ScanSummary): string {
  const lines = [`Tenant ${summary.tenantId}, ${summary.users} users, captured ${summary.capturedAt} (${summary.source})`, ''];
  if (findings.length === 0) return [...lines, 'No findings: every call group, delegation and Shared Calling rule holds.', ''].join('\n');
  for (const [severity, list] of bySeverity(findings)) {
    lines.push(`${HEADINGS[severity].toUpperCase()} (${list.length})`);
    const codeWidth = Math.max(...list.map((f) => `${f.code} ${f.rule}`.length));
    for (const finding of list) {
      lines.push(`  ${`${finding.code} ${finding.rule}`.padEnd(codeWidth)}  ${finding.subject}`);
      lines.push(`      ${finding.message}`);
      if (finding.related.length > 0) lines.push(`      related: ${finding.related.join(', ')}`);
    }
    lines.push('');
  }
  lines.push(`${findings.length} findings: ${countLine(findings)}`, '');
  return lines.join('\n');
}

/** Markdown cells may not contain pipes or line breaks. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ');
}

/** A report to paste into a ticket or wiki. */
export function formatMarkdown(findings: readonly Finding[], summary: ScanSummary): string {
  const lines = [
    '# Call Group Manager health report',
    '',
    `Tenant \`${summary.tenantId}\`, ${summary.users} users, captured ${summary.capturedAt}. ${findings.length} findings: ${countLine(findings)}.`,
    '',
  ];
  for (const [severity, list] of bySeverity(findings)) {
    lines.push(`## ${HEADINGS[severity]} (${list.length})`, '', '| code | rule | subject | related | finding | fix |', '|---|---|---|---|---|---|');
    for (const f of list) {
      lines.push(`| ${f.code} | ${f.rule} | ${cell(f.subject)} | ${cell(f.related.join(', '))} | ${cell(f.message)} | ${cell(f.fix?.summary ?? '')} |`);
    }
    lines.push('');
  }
  return lines.join('\n');
}

export function formatFindings(format: FindingsFormat, findings: readonly Finding[], summary: ScanSummary): string {
  if (format === 'json') return `${JSON.stringify(findings, null, 2)}\n`;
  return format === 'markdown' ? formatMarkdown(findings, summary) : formatTable(findings, summary);
}
