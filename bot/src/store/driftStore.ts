import { normalizeSip } from '@cgm/core';
import type { DriftRecord, DriftStatus } from '../services/records.js';
import type { Queryable } from './database.js';
export type { DriftRecord, DriftStatus } from '../services/records.js';
import { jsonParam } from './sqlTypes.js';

export type NewDriftRecord = Omit<DriftRecord, 'status' | 'resolvedBy' | 'resolvedAt'>;

export interface DriftStore {
  record(drift: NewDriftRecord): Promise<DriftRecord>;
  get(id: string): Promise<DriftRecord | undefined>;
  /** Open drift, oldest first. */
  listOpen(limit: number): Promise<DriftRecord[]>;
  /** A subject's drift records, newest first. */
  listForSubject(subjectSip: string, limit: number): Promise<DriftRecord[]>;
  /** Accept or revert an open record; undefined when it was not open any more (someone else resolved it first). */
  resolve(id: string, resolution: { readonly status: Exclude<DriftStatus, 'open'>; readonly by: string; readonly at: Date }): Promise<DriftRecord | undefined>;
}

const COLUMNS = `id, subject_sip AS "subjectSip", settings_group AS "settingsGroup", before_settings AS "beforeSettings",
  after_settings AS "afterSettings", detected_at AS "detectedAt", status, resolved_by AS "resolvedBy", resolved_at AS "resolvedAt"`;

/** The SQL implementation of DriftStore over a database or an open transaction. */
export function createDriftStore(q: Queryable): DriftStore {
  return {
    async record(drift) {
      const [row] = await q.query<DriftRecord>(
        `INSERT INTO drift_records (id, subject_sip, settings_group, before_settings, after_settings, detected_at, status)
         VALUES ($1, $2, $3, $4::jsonb, $5::jsonb, $6, 'open') RETURNING ${COLUMNS}`,
        [drift.id, normalizeSip(drift.subjectSip), drift.settingsGroup, jsonParam(drift.beforeSettings), jsonParam(drift.afterSettings), drift.detectedAt],
      );
      if (!row) throw new Error('INSERT … RETURNING returned no row');
      return row;
    },
    async get(id) {
      const [row] = await q.query<DriftRecord>(`SELECT ${COLUMNS} FROM drift_records WHERE id = $1`, [id]);
      return row;
    },
    listOpen: (limit) => q.query<DriftRecord>(`SELECT ${COLUMNS} FROM drift_records WHERE status = 'open' ORDER BY detected_at, id LIMIT $1`, [limit]),
    listForSubject: (subjectSip, limit) =>
      q.query<DriftRecord>(`SELECT ${COLUMNS} FROM drift_records WHERE subject_sip = $1 ORDER BY detected_at DESC, id LIMIT $2`, [
        normalizeSip(subjectSip),
        limit,
      ]),
    async resolve(id, resolution) {
      const [row] = await q.query<DriftRecord>(
        `UPDATE drift_records SET status = $2, resolved_by = $3, resolved_at = $4 WHERE id = $1 AND status = 'open' RETURNING ${COLUMNS}`,
        [id, resolution.status, resolution.by, resolution.at],
      );
      return row;
    },
  };
}
