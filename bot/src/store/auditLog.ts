import type { AuditEntry, AuditRecord } from '../services/records.js';
import type { Queryable } from './database.js';
export type { AuditEntry, AuditRecord } from '../services/records.js';
import { jsonParam } from './sqlTypes.js';

/**
 * The audit log. It only appends: the database itself refuses UPDATE, DELETE and TRUNCATE
 * on audit_log (a trigger), so not even a bug or a hand-typed query can rewrite history.
 */
export interface AuditLog {
  append(entry: AuditEntry): Promise<AuditRecord>;
  /** Everything about one request, oldest first. */
  forRequest(requestId: string): Promise<AuditRecord[]>;
  /** The newest `limit` entries, newest first; pass the last id seen as `before` for the next page. */
  recent(limit: number, before?: number): Promise<AuditRecord[]>;
}

const COLUMNS = 'id, at, actor, action, request_id AS "requestId", subject, details';

/** The SQL implementation of AuditLog over a database or an open transaction. */
export function createAuditLog(q: Queryable): AuditLog {
  return {
    async append(entry) {
      const [row] = await q.query<AuditRecord>(
        `INSERT INTO audit_log (at, actor, action, request_id, subject, details) VALUES ($1, $2, $3, $4, $5, $6::jsonb) RETURNING ${COLUMNS}`,
        [entry.at, entry.actor, entry.action, entry.requestId ?? null, entry.subject ?? null, jsonParam(entry.details ?? {})],
      );
      if (!row) throw new Error('INSERT … RETURNING returned no row');
      return row;
    },
    forRequest: (requestId) => q.query<AuditRecord>(`SELECT ${COLUMNS} FROM audit_log WHERE request_id = $1 ORDER BY id`, [requestId]),
    recent: (limit, before) =>
      q.query<AuditRecord>(`SELECT ${COLUMNS} FROM audit_log WHERE $2::bigint IS NULL OR id < $2 ORDER BY id DESC LIMIT $1`, [limit, before ?? null]),
  };
}
