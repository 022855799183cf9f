import { findingKey } from '@cgm/core';
import type { Finding } from '@cgm/core';
import type { Queryable } from './database.js';
import type { FindingFilter, ReconcileResult, StoredFinding } from '../services/records.js';
export type { FindingFilter, ReconcileResult, StoredFinding } from '../services/records.js';
import { jsonParam } from './sqlTypes.js';

export interface FindingStore {
  /** After a full scan: `findings` is everything open now; any other open finding is resolved. */
  reconcile(findings: readonly Finding[], now: Date): Promise<ReconcileResult>;
  /** After a partial re-check (one user's change): `seen` are open now, `gone` are resolved; nothing else moves. */
  reconcileUnits(seen: readonly Finding[], gone: readonly Finding[], now: Date): Promise<ReconcileResult>;
  /** Worst first, then by code, subject and key. */
  list(filter: FindingFilter): Promise<StoredFinding[]>;
  /** One finding by key, open or resolved. */
  get(key: string): Promise<StoredFinding | undefined>;
  /** Open findings nobody was told about yet and not snoozed at `now`, worst first (the digest). */
  dueForNotification(now: Date): Promise<StoredFinding[]>;
  markNotified(keys: readonly string[], now: Date): Promise<void>;
  /** Keep a finding out of digests until `until` (null clears the snooze); false for an unknown key. */
  snooze(key: string, until: Date | null): Promise<boolean>;
}

const COLUMNS = `key, data AS finding, first_seen AS "firstSeen", last_seen AS "lastSeen", resolved_at AS "resolvedAt",
  notified_at AS "notifiedAt", snoozed_until AS "snoozedUntil"`;

const ORDER = `ORDER BY CASE severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, code, subject, key`;

// `prior` reads the rows as they were before this statement (all parts of one statement share a
// snapshot), so the result can tell new and reopened findings from ones that were open already.
// first_seen stays; a reopened finding is due for notification again.
const UPSERT_SQL = `
  WITH seen AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(key text, code text, severity text, subject text, data jsonb)),
  prior AS (SELECT f.key, f.resolved_at FROM findings f JOIN seen USING (key)),
  upserted AS (
    INSERT INTO findings (key, code, severity, subject, data, first_seen, last_seen)
    SELECT key, code, severity, subject, data, $2, $2 FROM seen
    ON CONFLICT (key) DO UPDATE SET
      code = excluded.code, severity = excluded.severity, subject = excluded.subject, data = excluded.data,
      last_seen = excluded.last_seen, resolved_at = NULL,
      notified_at = CASE WHEN findings.resolved_at IS NULL THEN findings.notified_at END
    RETURNING key)
  SELECT s.data FROM seen s LEFT JOIN prior p USING (key) WHERE p.key IS NULL OR p.resolved_at IS NOT NULL ORDER BY s.key`;

/** One row per key (a duplicate in the input would make ON CONFLICT touch a row twice). */
function seenRows(findings: readonly Finding[]): object[] {
  const byKey = new Map(findings.map((finding) => [findingKey(finding), finding] as const));
  return [...byKey].map(([key, finding]) => ({ key, code: finding.code, severity: finding.severity, subject: finding.subject, data: finding }));
}

async function upsertSeen(q: Queryable, findings: readonly Finding[], now: Date): Promise<Finding[]> {
  if (findings.length === 0) return [];
  const rows = await q.query<{ data: Finding }>(UPSERT_SQL, [jsonParam(seenRows(findings)), now]);
  return rows.map((row) => row.data);
}

async function resolveWhere(q: Queryable, condition: string, keys: readonly string[], now: Date): Promise<Finding[]> {
  const rows = await q.query<{ data: Finding }>(
    `WITH resolved AS (UPDATE findings SET resolved_at = $2 WHERE resolved_at IS NULL AND ${condition} RETURNING key, data)
     SELECT data FROM resolved ORDER BY key`,
    [[...keys], now],
  );
  return rows.map((row) => row.data);
}

/** The SQL implementation of FindingStore over a database or an open transaction; run reconciles in a transaction. */
export function createFindingStore(q: Queryable): FindingStore {
  return {
    async reconcile(findings, now) {
      const added = await upsertSeen(q, findings, now);
      const resolved = await resolveWhere(q, 'NOT (key = ANY($1::text[]))', findings.map(findingKey), now);
      return { added, resolved };
    },
    async reconcileUnits(seen, gone, now) {
      const added = await upsertSeen(q, seen, now);
      const stillSeen = new Set(seen.map(findingKey));
      const goneKeys = gone.map(findingKey).filter((key) => !stillSeen.has(key));
      const resolved = goneKeys.length === 0 ? [] : await resolveWhere(q, 'key = ANY($1::text[])', goneKeys, now);
      return { added, resolved };
    },
    async get(key) {
      const [row] = await q.query<StoredFinding>(`SELECT ${COLUMNS} FROM findings WHERE key = $1`, [key]);
      return row;
    },
    list(filter) {
      const params: unknown[] = [];
      const conditions = [
        ...(filter.openOnly ? ['resolved_at IS NULL'] : []),
        ...(['code', 'severity', 'subject'] as const).flatMap((field) =>
          filter[field] === undefined ? [] : [`${field} = $${params.push(filter[field])}`],
        ),
      ];
      const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
      return q.query<StoredFinding>(`SELECT ${COLUMNS} FROM findings ${where} ${ORDER}`, params);
    },
    dueForNotification: (now) =>
      q.query<StoredFinding>(
        `SELECT ${COLUMNS} FROM findings
          WHERE resolved_at IS NULL AND notified_at IS NULL AND (snoozed_until IS NULL OR snoozed_until <= $1) ${ORDER}`,
        [now],
      ),
    async markNotified(keys, now) {
      await q.query('UPDATE findings SET notified_at = $2 WHERE key = ANY($1::text[])', [[...keys], now]);
    },
    async snooze(key, until) {
      return (await q.query('UPDATE findings SET snoozed_until = $2 WHERE key = $1 RETURNING key', [key, until])).length > 0;
    },
  };
}
