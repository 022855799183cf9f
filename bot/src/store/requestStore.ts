import { normalizeSip } from '@cgm/core';
import type { CallingSettings } from '@cgm/core';
import type { Queryable } from './database.js';
import type { SettingsVersions } from './settingsGroups.js';
import { TEXT_PARSERS, TYPE_OIDS, jsonParam } from './sqlTypes.js';

/** Where a change request stands. Transitions are conditional updates, so two instances never both decide or apply. */
export type RequestStatus = 'pending' | 'approved' | 'rejected' | 'cancelled' | 'expired' | 'superseded' | 'applied' | 'failed';

/**
 * A change request as stored. The JSON payloads are typed by the service that owns them
 * (core's SettingsChange, planned writes and ChangeNotes); the store only keeps them.
 */
export interface ChangeRequest<TChange = unknown, TWrite = unknown, TNotes = unknown> {
  readonly id: string;
  /** Canonical `sip:` URIs. */
  readonly requesterSip: string;
  readonly subjectSip: string;
  /** callGroup | answering | membershipNotification | notificationOverride | cleanup | cover */
  readonly kind: string;
  /** The settings group within which a newer request of the same requester for the same subject supersedes an older one. */
  readonly settingsGroup: string;
  readonly change: TChange;
  readonly beforeSettings: CallingSettings;
  readonly desired: CallingSettings;
  readonly writes: readonly TWrite[];
  readonly notes: TNotes;
  readonly status: RequestStatus;
  readonly needsApproval: boolean;
  readonly createdAt: Date;
  readonly expiresAt: Date | null;
  readonly decidedAt: Date | null;
  readonly decidedBy: string | null;
  readonly decisionReason: string | null;
  readonly appliedAt: Date | null;
  readonly failure: string | null;
  readonly findingKey: string | null;
  /**
   * The versions of the subject's settings groups (tenant_settings, by group name) the request
   * was planned against: it is applied only while the groups it changes are still there. Null
   * for requests stored before versions were recorded; always present on a stored row (optional
   * only so that a request built in memory, as card previews do, may leave it out).
   */
  readonly baseVersions?: SettingsVersions | null;
}

type DecisionField = 'decidedAt' | 'decidedBy' | 'decisionReason' | 'appliedAt' | 'failure' | 'expiresAt';

/** A new request: everything but the decision, which transitions fill in. */
export type NewChangeRequest<TChange = unknown, TWrite = unknown, TNotes = unknown> = Omit<
  ChangeRequest<TChange, TWrite, TNotes>,
  DecisionField | 'findingKey' | 'baseVersions'
> & { readonly expiresAt?: Date | null; readonly findingKey?: string | null; readonly baseVersions?: SettingsVersions | null };

/** A conditional transition: only from one of `from`, setting the decision fields given. */
export interface Transition {
  readonly from: readonly RequestStatus[];
  readonly to: RequestStatus;
  readonly set?: Partial<Pick<ChangeRequest, DecisionField>>;
}

export interface RequestStore<TChange = unknown, TWrite = unknown, TNotes = unknown> {
  create(request: NewChangeRequest<TChange, TWrite, TNotes>): Promise<ChangeRequest<TChange, TWrite, TNotes>>;
  get(id: string): Promise<ChangeRequest<TChange, TWrite, TNotes> | undefined>;
  /** Pending requests that wait for an approver, oldest first. */
  listPendingForApproval(limit: number): Promise<ChangeRequest<TChange, TWrite, TNotes>[]>;
  /** The people with an approved request not applied yet: a sync leaves their settings alone meanwhile. */
  subjectsInFlight(): Promise<Set<string>>;
  /** A requester's requests, newest first. */
  listByRequester(requesterSip: string, limit: number): Promise<ChangeRequest<TChange, TWrite, TNotes>[]>;
  /**
   * Move a request to `to` if, and only if, it is in one of `from` right now; the updated
   * request, or undefined when it was not (someone else decided first, it expired, it is unknown).
   */
  transition(id: string, transition: Transition): Promise<ChangeRequest<TChange, TWrite, TNotes> | undefined>;
  /** Pending requests for one subject and settings group, oldest first (a new request supersedes them). */
  pendingForSubjectGroup(subjectSip: string, settingsGroup: string): Promise<ChangeRequest<TChange, TWrite, TNotes>[]>;
  /**
   * Mark every pending request of one requester for one subject and settings group superseded,
   * in one conditional UPDATE (the requester's newer request replaces them); the superseded
   * requests, oldest first. Other people's requests for the same settings stay pending: each is
   * decided on its own, and the apply worker's version check settles any conflict between them.
   */
  supersedePending(
    subjectSip: string,
    settingsGroup: string,
    requesterSip: string,
    set: { readonly decidedAt: Date; readonly decidedBy: string },
  ): Promise<ChangeRequest<TChange, TWrite, TNotes>[]>;
  /** A subject's applied requests that recorded base versions, most recently applied first. */
  appliedForSubject(subjectSip: string, limit: number): Promise<ChangeRequest<TChange, TWrite, TNotes>[]>;
  /** Expire every pending request whose expires_at is at or before `now`; the expired requests. */
  expireOlderThan(now: Date): Promise<ChangeRequest<TChange, TWrite, TNotes>[]>;
}

/** Every field of a ChangeRequest and its column. */
const FIELDS: readonly (readonly [keyof ChangeRequest, string])[] = [
  ['id', 'id'], ['requesterSip', 'requester_sip'], ['subjectSip', 'subject_sip'], ['kind', 'kind'], ['settingsGroup', 'settings_group'],
  ['change', 'change'], ['beforeSettings', 'before_settings'], ['desired', 'desired'], ['writes', 'writes'], ['notes', 'notes'],
  ['status', 'status'], ['needsApproval', 'needs_approval'], ['createdAt', 'created_at'], ['expiresAt', 'expires_at'],
  ['decidedAt', 'decided_at'], ['decidedBy', 'decided_by'], ['decisionReason', 'decision_reason'], ['appliedAt', 'applied_at'],
  ['failure', 'failure'], ['findingKey', 'finding_key'], ['baseVersions', 'base_versions'],
];

const COLUMNS = FIELDS.map(([field, column]) => (field === column ? column : `${column} AS "${field}"`)).join(', ');

/** The timestamptz fields: a JS Date on a row, their text inside JSON (see requestsFromJson). */
const TIMESTAMP_FIELDS = ['createdAt', 'expiresAt', 'decidedAt', 'appliedAt'] as const satisfies readonly (keyof ChangeRequest)[];
const parseTimestamp = TEXT_PARSERS[TYPE_OIDS.timestamptz] as (text: string) => Date;

/**
 * A requester's newest requests as one json array, for a page that reads everything in one
 * statement (the tab's /api/me). `requester` and `limit` are SQL expressions (parameters);
 * decode the array with requestsFromJson. Timestamps travel as PostgreSQL's text and are
 * parsed by the same parser a row's column goes through, so both paths give equal Dates.
 */
export function requestsByRequesterJsonSql(requester: string, limit: string): string {
  const object = FIELDS.map(([field, column]) =>
    `'${field}', ${(TIMESTAMP_FIELDS as readonly string[]).includes(field) ? `${column}::text` : column}`,
  ).join(', ');
  return `(SELECT coalesce(json_agg(r.request ORDER BY r.created_at DESC, r.id), '[]'::json)
     FROM (SELECT created_at, id, json_build_object(${object}) AS request
             FROM change_requests WHERE requester_sip = ${requester}
            ORDER BY created_at DESC, id LIMIT ${limit}) AS r)`;
}

/** The requests of a requestsByRequesterJsonSql array, exactly as listByRequester returns them. */
export function requestsFromJson<TChange = unknown, TWrite = unknown, TNotes = unknown>(json: unknown): ChangeRequest<TChange, TWrite, TNotes>[] {
  return (json as Record<string, unknown>[]).map((request) => {
    for (const field of TIMESTAMP_FIELDS) {
      const value = request[field];
      if (typeof value === 'string') request[field] = parseTimestamp(value);
    }
    return request as unknown as ChangeRequest<TChange, TWrite, TNotes>;
  });
}

const DECISION_COLUMNS: Readonly<Record<DecisionField, string>> = {
  decidedAt: 'decided_at',
  decidedBy: 'decided_by',
  decisionReason: 'decision_reason',
  appliedAt: 'applied_at',
  failure: 'failure',
  expiresAt: 'expires_at',
};

/** The SQL implementation of RequestStore over a database or an open transaction. */
export function createRequestStore<TChange = unknown, TWrite = unknown, TNotes = unknown>(q: Queryable): RequestStore<TChange, TWrite, TNotes> {
  type Row = ChangeRequest<TChange, TWrite, TNotes>;
  return {
    async create(request) {
      const [row] = await q.query<Row>(
        `INSERT INTO change_requests (id, requester_sip, subject_sip, kind, settings_group, change, before_settings, desired,
           writes, notes, status, needs_approval, created_at, expires_at, finding_key, base_versions)
         VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8::jsonb, $9::jsonb, $10::jsonb, $11, $12, $13, $14, $15, $16::jsonb)
         RETURNING ${COLUMNS}`,
        [
          request.id, normalizeSip(request.requesterSip), normalizeSip(request.subjectSip), request.kind, request.settingsGroup,
          jsonParam(request.change), jsonParam(request.beforeSettings), jsonParam(request.desired), jsonParam(request.writes),
          jsonParam(request.notes), request.status, request.needsApproval, request.createdAt, request.expiresAt ?? null,
          request.findingKey ?? null, request.baseVersions ? jsonParam(request.baseVersions) : null,
        ],
      );
      if (!row) throw new Error('INSERT … RETURNING returned no row');
      return row;
    },
    async get(id) {
      const [row] = await q.query<Row>(`SELECT ${COLUMNS} FROM change_requests WHERE id = $1`, [id]);
      return row;
    },
    listPendingForApproval: (limit) =>
      q.query<Row>(`SELECT ${COLUMNS} FROM change_requests WHERE status = 'pending' AND needs_approval ORDER BY created_at, id LIMIT $1`, [limit]),
    async subjectsInFlight() {
      // An approved cover (kind cover, decided by an approver) stays approved and writes nothing; its start and end requests do.
      const rows = await q.query<{ subject_sip: string }>("SELECT DISTINCT subject_sip FROM change_requests WHERE status = 'approved' AND NOT (kind = 'cover' AND needs_approval)");
      return new Set(rows.map((row) => row.subject_sip));
    },
    listByRequester: (requesterSip, limit) =>
      q.query<Row>(`SELECT ${COLUMNS} FROM change_requests WHERE requester_sip = $1 ORDER BY created_at DESC, id LIMIT $2`, [
        normalizeSip(requesterSip),
        limit,
      ]),
    async transition(id, { from, to, set = {} }) {
      const params: unknown[] = [id, [...from], to];
      const assignments = Object.entries(DECISION_COLUMNS)
        .filter(([field]) => set[field as DecisionField] !== undefined)
        .map(([field, column]) => `${column} = $${params.push(set[field as DecisionField])}`);
      const [row] = await q.query<Row>(
        `UPDATE change_requests SET ${['status = $3', ...assignments].join(', ')}
          WHERE id = $1 AND status = ANY($2::text[]) RETURNING ${COLUMNS}`,
        params,
      );
      return row;
    },
    pendingForSubjectGroup: (subjectSip, settingsGroup) =>
      q.query<Row>(
        `SELECT ${COLUMNS} FROM change_requests WHERE subject_sip = $1 AND settings_group = $2 AND status = 'pending' ORDER BY created_at, id`,
        [normalizeSip(subjectSip), settingsGroup],
      ),
    supersedePending: (subjectSip, settingsGroup, requesterSip, { decidedAt, decidedBy }) =>
      q.query<Row>(
        `WITH superseded AS (
           UPDATE change_requests SET status = 'superseded', decided_at = $4, decided_by = $5
            WHERE subject_sip = $1 AND settings_group = $2 AND requester_sip = $3 AND status = 'pending' RETURNING ${COLUMNS})
         SELECT * FROM superseded ORDER BY "createdAt", id`,
        [normalizeSip(subjectSip), settingsGroup, normalizeSip(requesterSip), decidedAt, decidedBy],
      ),
    appliedForSubject: (subjectSip, limit) =>
      q.query<Row>(
        `SELECT ${COLUMNS} FROM change_requests
          WHERE subject_sip = $1 AND status = 'applied' AND base_versions IS NOT NULL ORDER BY applied_at DESC, id LIMIT $2`,
        [normalizeSip(subjectSip), limit],
      ),
    expireOlderThan: (now) =>
      q.query<Row>(
        `WITH expired AS (
           UPDATE change_requests SET status = 'expired', decided_at = $1
            WHERE status = 'pending' AND expires_at <= $1 RETURNING ${COLUMNS})
         SELECT * FROM expired ORDER BY "createdAt", id`,
        [now],
      ),
  };
}
