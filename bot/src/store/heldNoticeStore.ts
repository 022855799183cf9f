import type { HeldNotice, HeldNoticePort } from '../services/heldNotices.js';
import type { Queryable } from './database.js';
import { jsonParam } from './sqlTypes.js';

const COLUMNS = `id, recipient_sip AS "recipientSip", notice_key AS "noticeKey", kind, mode, subject_id AS "subjectId",
  card_kind AS "cardKind", line, tab, payload, queued_at AS "queuedAt", release_at AS "releaseAt"`;

// One statement, so one transaction even on an autocommit connection. The people are picked
// first (those with a due notice nobody holds); then every due notice of theirs is locked,
// skipping rows another claimer has locked, and leased. A row a concurrent claimer leased
// meanwhile is re-checked against its new lease and dropped, as the apply outbox does.
const CLAIM_SQL = `
  WITH people AS (
    SELECT DISTINCT recipient_sip FROM held_notices
     WHERE released_at IS NULL AND release_at <= $1 AND (lease_until IS NULL OR lease_until <= $1)
     ORDER BY recipient_sip
     LIMIT $3),
  claimed AS (
    UPDATE held_notices SET lease_until = $2
     WHERE id IN (
       SELECT id FROM held_notices
        WHERE recipient_sip IN (SELECT recipient_sip FROM people)
          AND released_at IS NULL AND release_at <= $1 AND (lease_until IS NULL OR lease_until <= $1)
        FOR UPDATE SKIP LOCKED)
    RETURNING ${COLUMNS})
  SELECT * FROM claimed ORDER BY "recipientSip", "releaseAt", id`;

/** The held-notice queue over SQL, on a database or an open transaction. */
export function createHeldNoticeStore(q: Queryable): HeldNoticePort {
  return {
    async enqueue(notice, now) {
      const rows = await q.query(
        `INSERT INTO held_notices (recipient_sip, notice_key, kind, mode, subject_id, card_kind, line, tab, payload, queued_at, release_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (recipient_sip, notice_key) DO NOTHING RETURNING id`,
        [notice.recipientSip, notice.noticeKey, notice.kind, notice.mode, notice.subjectId, notice.cardKind, notice.line, notice.tab, jsonParam(notice.payload), now, notice.releaseAt],
      );
      return rows.length > 0;
    },
    claimDue: (now, leaseMs, people) => q.query<HeldNotice>(CLAIM_SQL, [now, new Date(now.getTime() + leaseMs), people]),
    async released(ids, now) {
      if (ids.length === 0) return;
      await q.query('UPDATE held_notices SET released_at = $2, lease_until = NULL WHERE id = ANY($1::bigint[])', [[...ids], now]);
    },
    async postpone(ids, at) {
      if (ids.length === 0) return;
      await q.query('UPDATE held_notices SET release_at = $2, lease_until = NULL WHERE id = ANY($1::bigint[]) AND released_at IS NULL', [[...ids], at]);
    },
  };
}
