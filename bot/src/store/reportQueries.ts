import type { ReportPort } from '../services/reportService.js';
import { createAuditLog } from './auditLog.js';
import type { Queryable } from './database.js';
import { createFindingStore } from './findingStore.js';

/** The approvers' reports over the findings table and the audit log. */
export function createReportPort(db: Queryable): ReportPort {
  const findings = createFindingStore(db);
  const audit = createAuditLog(db);
  return {
    findings: (filter) => findings.list(filter),
    audit: (limit, before) => audit.recent(limit, before),
  };
}
