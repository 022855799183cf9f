import type { CallingSettings, Cover, CoverNote, CoverStatus } from '@cgm/core';
import { normalizeSip } from '@cgm/core';
import type { Queryable } from './database.js';
import { jsonParam } from './sqlTypes.js';

/** A cover as stored (migration 010): the validated cover, where it stands, and what its start and end did. */
export interface CoverRecord {
  readonly id: string;
  /** Canonical `sip:` URI of the person whose settings the cover changes. */
  readonly ownerSip: string;
  readonly status: CoverStatus;
  /** The cover in canonical spellings (validateCover's), with its period as given. */
  readonly cover: Cover;
  readonly startsAt: Date;
  readonly endsAt: Date;
  readonly needsApproval: boolean;
  /** The request approvers decide; null when the approval policy asks nobody. */
  readonly approvalRequestId: string | null;
  /** An extension waiting for an approver, and the end it asks for. */
  readonly extendRequestId: string | null;
  readonly extendEndsAt: Date | null;
  /** The change requests that apply the start and the end through the outbox. */
  readonly startRequestId: string | null;
  readonly endRequestId: string | null;
  readonly startAttempts: number;
  readonly endAttempts: number;
  /** The owner's settings just before and just after the start was applied: what the end takes back. */
  readonly atStart: CallingSettings | null;
  readonly afterStart: CallingSettings | null;
  readonly startedAt: Date | null;
  /** How long after its due time the start (or end) was begun: a server down at the due time catches up late. */
  readonly startLateMs: number | null;
  readonly endedAt: Date | null;
  readonly endLateMs: number | null;
  /** Why the end is held (status stays active): taking back the cover's part would break a Teams rule. */
  readonly heldReason: string | null;
  readonly failure: string | null;
  /** What the start and end found and did, for the owner (core's CoverNote). */
  readonly notes: readonly CoverNote[];
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export type NewCover = Pick<CoverRecord, 'id' | 'ownerSip' | 'status' | 'cover' | 'startsAt' | 'endsAt' | 'needsApproval' | 'approvalRequestId' | 'createdAt'>;

/** The fields a transition may set. */
export type CoverUpdate = Partial<Omit<CoverRecord, 'id' | 'ownerSip' | 'startsAt' | 'needsApproval' | 'approvalRequestId' | 'createdAt' | 'updatedAt'>>;

export interface CoverStore {
  create(cover: NewCover): Promise<CoverRecord>;
  get(id: string): Promise<CoverRecord | undefined>;
  /** Read the cover and lock its row until the transaction ends: every change of a cover's state goes through this. */
  lock(id: string): Promise<CoverRecord | undefined>;
  /** The owner's covers, newest first. */
  listByOwner(ownerSip: string, limit: number): Promise<CoverRecord[]>;
  /** The owner's covers that will, or do, change their settings (pending, scheduled, active). */
  liveByOwner(ownerSip: string): Promise<CoverRecord[]>;
  /** The covers whose approval request or extension request is one of `requestIds`. */
  byRequests(requestIds: readonly string[]): Promise<CoverRecord[]>;
  /** Covers, and extensions, waiting for an approver: oldest first. */
  awaitingApproval(limit: number): Promise<CoverRecord[]>;
  /** Pending covers and extensions whose request an approver (or expiry) has decided: the runner settles them. */
  awaitingDecisionSettled(limit: number): Promise<CoverRecord[]>;
  /** Set `update` at `now` if, and only if, the cover's status is one of `from`; the updated cover or undefined. */
  transition(id: string, from: readonly CoverStatus[], update: CoverUpdate, now: Date): Promise<CoverRecord | undefined>;
}

const FIELDS: readonly (readonly [keyof CoverRecord, string])[] = [
  ['id', 'id'], ['ownerSip', 'owner_sip'], ['status', 'status'], ['cover', 'cover'], ['startsAt', 'starts_at'], ['endsAt', 'ends_at'],
  ['needsApproval', 'needs_approval'], ['approvalRequestId', 'approval_request_id'], ['extendRequestId', 'extend_request_id'],
  ['extendEndsAt', 'extend_ends_at'], ['startRequestId', 'start_request_id'], ['endRequestId', 'end_request_id'],
  ['startAttempts', 'start_attempts'], ['endAttempts', 'end_attempts'], ['atStart', 'at_start'], ['afterStart', 'after_start'],
  ['startedAt', 'started_at'], ['startLateMs', 'start_late_ms'], ['endedAt', 'ended_at'], ['endLateMs', 'end_late_ms'],
  ['heldReason', 'held_reason'], ['failure', 'failure'], ['notes', 'notes'], ['createdAt', 'created_at'], ['updatedAt', 'updated_at'],
];
const COLUMN = new Map(FIELDS);
const COLUMNS = FIELDS.map(([field, column]) => (field === column ? column : `${column} AS "${field}"`)).join(', ');
const JSON_FIELDS: ReadonlySet<keyof CoverRecord> = new Set(['cover', 'atStart', 'afterStart', 'notes']);
const LIVE: readonly CoverStatus[] = ['pending', 'scheduled', 'active'];

/** The SQL implementation of CoverStore over a database or an open transaction. */
export function createCoverStore(q: Queryable): CoverStore {
  const one = async (sql: string, params: readonly unknown[]) => (await q.query<CoverRecord>(sql, params))[0];
  return {
    async create(cover) {
      const row = await one(
        `INSERT INTO covers (id, owner_sip, status, cover, starts_at, ends_at, needs_approval, approval_request_id, created_at, updated_at)
         VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7, $8, $9, $9) RETURNING ${COLUMNS}`,
        [cover.id, normalizeSip(cover.ownerSip), cover.status, jsonParam(cover.cover), cover.startsAt, cover.endsAt, cover.needsApproval, cover.approvalRequestId, cover.createdAt],
      );
      if (!row) throw new Error('INSERT … RETURNING returned no row');
      return row;
    },
    get: (id) => one(`SELECT ${COLUMNS} FROM covers WHERE id = $1`, [id]),
    lock: (id) => one(`SELECT ${COLUMNS} FROM covers WHERE id = $1 FOR UPDATE`, [id]),
    listByOwner: (ownerSip, limit) =>
      q.query<CoverRecord>(`SELECT ${COLUMNS} FROM covers WHERE owner_sip = $1 ORDER BY created_at DESC, id LIMIT $2`, [normalizeSip(ownerSip), limit]),
    liveByOwner: (ownerSip) =>
      q.query<CoverRecord>(`SELECT ${COLUMNS} FROM covers WHERE owner_sip = $1 AND status = ANY($2::text[]) ORDER BY starts_at, id`, [normalizeSip(ownerSip), [...LIVE]]),
    byRequests: (requestIds) =>
      q.query<CoverRecord>(
        `SELECT ${COLUMNS} FROM covers WHERE approval_request_id = ANY($1::uuid[]) OR extend_request_id = ANY($1::uuid[]) ORDER BY created_at, id`,
        [[...requestIds]],
      ),
    awaitingApproval: (limit) =>
      q.query<CoverRecord>(`SELECT ${COLUMNS} FROM covers WHERE status = 'pending' OR extend_request_id IS NOT NULL ORDER BY created_at, id LIMIT $1`, [limit]),
    awaitingDecisionSettled: (limit) =>
      q.query<CoverRecord>(
        `SELECT ${COLUMNS} FROM covers c
          WHERE (c.status = 'pending' AND EXISTS (SELECT 1 FROM change_requests r WHERE r.id = c.approval_request_id AND r.status <> 'pending'))
             OR (c.extend_request_id IS NOT NULL AND EXISTS (SELECT 1 FROM change_requests r WHERE r.id = c.extend_request_id AND r.status <> 'pending'))
          ORDER BY c.created_at, c.id LIMIT $1`,
        [limit],
      ),
    async transition(id, from, update, now) {
      const params: unknown[] = [id, [...from], now];
      const assignments = Object.entries(update)
        .filter(([, value]) => value !== undefined)
        .map(([field, value]) => {
          const column = COLUMN.get(field as keyof CoverRecord);
          if (!column) throw new Error(`covers has no field ${field}`);
          const json = JSON_FIELDS.has(field as keyof CoverRecord);
          return `${column} = $${params.push(json && value !== null ? jsonParam(value) : value)}${json ? '::jsonb' : ''}`;
        });
      return one(`UPDATE covers SET ${['updated_at = $3', ...assignments].join(', ')} WHERE id = $1 AND status = ANY($2::text[]) RETURNING ${COLUMNS}`, params);
    },
  };
}
