import type { AuditRecord, FindingFilter, StoredFinding } from './records.js';

/** The storage the approvers' reports read; store/reportQueries.ts implements it over findings and the audit log. */
export interface ReportPort {
  /** Worst first, then by code, subject and key. */
  findings(filter: FindingFilter): Promise<StoredFinding[]>;
  /** The newest `limit` audit entries, newest first, before the entry with id `before` when given. */
  audit(limit: number, before?: number): Promise<AuditRecord[]>;
}

/** Tenant health's list and the audit trail, as the approvers' pages read them. */
export interface ReportService {
  findings(filter: FindingFilter): Promise<StoredFinding[]>;
  audit(limit: number, before?: number): Promise<AuditRecord[]>;
}

export function createReportService(port: ReportPort): ReportService {
  return {
    findings: (filter) => port.findings(filter),
    audit: (limit, before) => port.audit(limit, before),
  };
}
