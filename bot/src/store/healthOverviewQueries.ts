import type { Severity } from '@cgm/core';
import type { HealthOverviewPort } from '../services/healthOverviewService.js';
import type { Queryable } from './database.js';
import { createDriftStore } from './driftStore.js';
import { createFindingStore } from './findingStore.js';
import type { StoredFinding } from './findingStore.js';

const COUNTS_SQL = 'SELECT severity, count(*)::int AS n FROM findings WHERE resolved_at IS NULL GROUP BY severity';

// findingStore's order (worst first, then code, subject, key), cut at $1 in the database; a finding
// is being fixed while a pending or approved request names it.
const WORST_SQL = `
  SELECT f.key, f.data AS finding, f.first_seen AS "firstSeen", f.last_seen AS "lastSeen", f.resolved_at AS "resolvedAt",
         f.notified_at AS "notifiedAt", f.snoozed_until AS "snoozedUntil",
         EXISTS (SELECT 1 FROM change_requests r WHERE r.finding_key = f.key AND r.status IN ('approved', 'pending')) AS "fixRequested"
    FROM findings f
   WHERE f.resolved_at IS NULL
   ORDER BY CASE f.severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, f.code, f.subject, f.key
   LIMIT $1`;

const FINDING_SQL = `SELECT key, data AS finding, first_seen AS "firstSeen", last_seen AS "lastSeen", resolved_at AS "resolvedAt",
  notified_at AS "notifiedAt", snoozed_until AS "snoozedUntil" FROM findings`;

/** The health overview's port over SQL. */
export function createHealthOverviewPort(q: Queryable): HealthOverviewPort {
  const findings = createFindingStore(q);
  return {
    async summary(limit) {
      const [countRows, worstRows] = await Promise.all([
        q.query<{ severity: Severity; n: number }>(COUNTS_SQL),
        q.query<StoredFinding & { fixRequested: boolean }>(WORST_SQL, [limit]),
      ]);
      const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
      for (const row of countRows) counts[row.severity] = row.n;
      return { counts, worst: worstRows.map(({ fixRequested, ...stored }) => ({ stored, fixRequested })) };
    },
    openFindings: (code) => findings.list({ code, openOnly: true }),
    snooze: (key, until) => findings.snooze(key, until),
    dueForNotification: (now) => findings.dueForNotification(now),
    markNotified: (keys, now) => findings.markNotified(keys, now),
    drift: (id) => createDriftStore(q).get(id),
    findings: (keys) => q.query<StoredFinding>(`${FINDING_SQL} WHERE key = ANY($1::text[]) ORDER BY key`, [[...keys]]),
    openSince: (since) => q.query<StoredFinding>(`${FINDING_SQL} WHERE resolved_at IS NULL AND first_seen >= $1 ORDER BY first_seen, key`, [since]),
  };
}
