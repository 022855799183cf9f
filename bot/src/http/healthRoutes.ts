import { z } from 'zod';
import type { Finding, SettingsWrite, Tenant, User } from '@cgm/core';
import { SEVERITIES, applySettingsWrite, createTenantLookup, normalizeSip, planCleanup } from '@cgm/core';
import type { Database } from '../store/database.js';
import { createAuditLog } from '../store/auditLog.js';
import { createFindingStore } from '../store/findingStore.js';
import { createTenantStore } from '../store/tenantStore.js';
import type { Clock } from '../services/clock.js';
import type { RequestService } from '../services/requestService.js';
import { loadTenantSlice } from '../services/tenantSlice.js';
import { ApiError } from './apiError.js';
import { requireApprover } from './approvalRoutes.js';
import type { Router } from './router.js';
import { parseWith } from './router.js';

const healthQuery = z.strictObject({
  code: z.string().regex(/^(CG|DL|SC)\d{2}$/, 'a finding code such as CG01').optional(),
  severity: z.enum(SEVERITIES).optional(),
  subject: z.string().max(256).optional(),
  status: z.enum(['open', 'all']).default('open'),
});
const auditQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  before: z.coerce.number().int().positive().optional(),
});

/** The slice of the tenant a clean-up of one finding reads: its subject, the people it names, and every policy. */
async function cleanupTenant(db: Database, finding: Finding): Promise<{ tenant: Tenant; subject: User }> {
  const store = createTenantStore(db);
  const subject = await store.userByRef(finding.subject);
  if (!subject) throw new ApiError('rule-violation', 'This finding is not about a user, so it has advice rather than a fix.');
  const settings = (await store.settingsOf(finding.subject))?.settings;
  const refs = [...finding.related, ...(settings?.CallGroupTargets ?? []), ...(settings?.GroupMembershipDetails.map((d) => d.CallGroupOwnerId) ?? [])];
  return { tenant: await loadTenantSlice(db, [subject], refs), subject };
}

const CSV_HEADER = 'owner_sip,owner_name,member_sip,member_name,position,ring_order\n';
const csvCell = (value: string) => (/[",\n\r]/.test(value) || /^[=+\-@\t]/.test(value) ? `"${value.replace(/^([=+\-@\t])/, "'$1").replace(/"/g, '""')}"` : value);

/** The approvers' routes: tenant health, the fix, the audit trail and the relationship export. */
export function mountHealthRoutes(router: Router, deps: { db: Database; requests: RequestService; clock: Clock }): void {
  const { db, requests } = deps;

  router.get('/api/health', async ({ principal, query }) => {
    requireApprover(principal);
    const filter = parseWith(healthQuery, query, 'query');
    const findings = await createFindingStore(db).list({ code: filter.code as Finding['code'] | undefined, severity: filter.severity, subject: filter.subject && normalizeSubject(filter.subject), openOnly: filter.status === 'open' });
    return { status: 200, json: { findings: findings.map((f) => ({ id: f.key, ...f.finding, firstSeen: f.firstSeen, lastSeen: f.lastSeen, resolvedAt: f.resolvedAt })) } };
  });

  router.post('/api/health/findings/:id/fix', async ({ principal, params }) => {
    requireApprover(principal);
    const key = params.id ?? '';
    const stored = await createFindingStore(db).get(key);
    if (!stored || stored.resolvedAt !== null) throw new ApiError('not-found', 'No open finding with that id.');
    const { tenant, subject } = await cleanupTenant(db, stored.finding);
    const lookup = createTenantLookup(tenant);
    const plan = planCleanup(lookup, stored.finding);
    if (!('writes' in plan) || plan.writes.length === 0) throw new ApiError('rule-violation', `This finding has advice rather than an automatic fix: ${plan.summary}`);
    const identities = new Set(plan.writes.map((w) => normalizeSip(lookup.userByRef(w.identity)?.SipAddress ?? w.identity)));
    if (identities.size !== 1 || !identities.has(normalizeSip(subject.SipAddress))) throw new ApiError('rule-violation', 'This clean-up touches several people; run the fix plan from `cgm fix-plan` instead.');
    const before = lookup.settingsOf(subject);
    const desired = plan.writes.reduce((settings, write: SettingsWrite) => applySettingsWrite(settings, write), before);
    // An approver asking for a fix is the approval: the request is recorded as approved by them.
    const request = await requests.submit(
      { requester: principal.sip, subject, kind: 'cleanup', settingsGroup: `cleanup:${stored.finding.code}`, change: { kind: 'cleanup', findingKey: key, summary: plan.summary }, before, desired, writes: plan.writes, notes: { summary: plan.summary, finding: stored.finding }, needsApproval: false, findingKey: key },
      principal.sip,
    );
    return { status: 202, json: { request: { id: request.id, status: request.status, needsApproval: false }, summary: plan.summary } };
  });

  router.get('/api/audit', async ({ principal, query }) => {
    requireApprover(principal);
    const { limit, before } = parseWith(auditQuery, query, 'query');
    return { status: 200, json: { entries: await createAuditLog(db).recent(limit, before) } };
  });

  router.get('/api/export/relationships.csv', async ({ principal }) => {
    requireApprover(principal);
    const rows = await db.query<{ owner_sip: string; owner_name: string | null; member_sip: string; member_name: string | null; position: number; ring_order: string | null }>(
      `SELECT m.owner_sip, o.display_name AS owner_name, m.member_sip, u.display_name AS member_name, m.position, s.data->>'CallGroupOrder' AS ring_order
         FROM call_group_members m
         LEFT JOIN tenant_users o ON o.sip = m.owner_sip
         LEFT JOIN tenant_users u ON u.sip = m.member_sip
         LEFT JOIN tenant_settings s ON s.sip = m.owner_sip
        ORDER BY m.owner_sip, m.position`,
    );
    const lines = rows.map((r) => [r.owner_sip, r.owner_name ?? '', r.member_sip, r.member_name ?? '', String(r.position + 1), r.ring_order ?? 'Simultaneous'].map(csvCell).join(','));
    return { status: 200, text: CSV_HEADER + lines.join('\n') + (lines.length ? '\n' : ''), contentType: 'text/csv; charset=utf-8', filename: 'call-group-relationships.csv' };
  });
}

/** Findings name users as lower-case sip URIs and numbers as +digits; accept what an admin types. */
function normalizeSubject(subject: string): string {
  const trimmed = subject.trim();
  return /@/.test(trimmed) ? normalizeSip(trimmed) : trimmed;
}
