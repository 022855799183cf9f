import type { Finding } from '@cgm/core';
import { auditQuery, emptyBody, healthQuery, normalizeSip } from '@cgm/core';
import type { FindingActionService } from '../services/findingActions.js';
import type { RelationshipService } from '../services/relationshipService.js';
import type { ReportService } from '../services/reportService.js';
import { requireApprover } from './approvalRoutes.js';
import type { Router } from './router.js';
import { parseWith } from './router.js';

const CSV_HEADER = 'owner_sip,owner_name,member_sip,member_name,position,ring_order\n';
const csvCell = (value: string) => (/[",\n\r]/.test(value) || /^[=+\-@\t]/.test(value) ? `"${value.replace(/^([=+\-@\t])/, "'$1").replace(/"/g, '""')}"` : value);

/** The approvers' routes: tenant health, the fix, the audit trail and the relationship export. */
export function mountHealthRoutes(router: Router, deps: { findings: FindingActionService; reports: ReportService; relationships: RelationshipService }): void {
  const { findings, reports, relationships } = deps;

  router.get(
    '/api/health',
    async ({ principal, query: filter }) => {
      requireApprover(principal);
      const findings = await reports.findings({ code: filter.code as Finding['code'] | undefined, severity: filter.severity, subject: filter.subject && normalizeSubject(filter.subject), openOnly: filter.status === 'open' });
      return { status: 200, json: { findings: findings.map((f) => ({ id: f.key, ...f.finding, firstSeen: f.firstSeen, lastSeen: f.lastSeen, resolvedAt: f.resolvedAt })) } };
    },
    healthQuery,
  );

  router.post('/api/health/findings/:id/fix', async ({ principal, params, body }) => {
    if (body !== undefined) parseWith(emptyBody, body, 'body');
    // An approver asking for a fix is the approval: the request is recorded as approved by them.
    const { request, summary } = await findings.requestFix(principal, params.id ?? '');
    return { status: 202, json: { request: { id: request.id, status: request.status, needsApproval: false }, summary } };
  });

  router.get(
    '/api/audit',
    async ({ principal, query: { limit, before } }) => {
      requireApprover(principal);
      return { status: 200, json: { entries: await reports.audit(limit, before) } };
    },
    auditQuery,
  );

  router.get('/api/export/relationships.csv', async ({ principal }) => {
    requireApprover(principal);
    const rows = await relationships.exportRows();
    const lines = rows.map((r) => [r.ownerSip, r.ownerName ?? '', r.memberSip, r.memberName ?? '', String(r.position + 1), r.ringOrder ?? 'Simultaneous'].map(csvCell).join(','));
    return { status: 200, text: CSV_HEADER + lines.join('\n') + (lines.length ? '\n' : ''), contentType: 'text/csv; charset=utf-8', filename: 'call-group-relationships.csv' };
  });
}

/** Findings name users as lower-case sip URIs and numbers as +digits; accept what an admin types. */
function normalizeSubject(subject: string): string {
  const trimmed = subject.trim();
  return /@/.test(trimmed) ? normalizeSip(trimmed) : trimmed;
}
