import type { Queryable } from './database.js';
import type { StoredFinding } from '../services/records.js';
import { jsonParam } from './sqlTypes.js';

/**
 * The findings that may concern one person, and their "Keep for now" snoozes (migration 007).
 * Which of these findings concern them, and how, is core's findingRecipients: this only narrows
 * the table to the rows that name them, in one statement over indexed columns.
 */
export interface ProblemStore {
  /**
   * Open findings about `personSip` (the subject), naming them in `related` (a member of a
   * switched-off group, a delegate), or about an owner whose group they are in (CG10: the
   * finding does not list the members).
   */
  openConcerning(personSip: string): Promise<StoredFinding[]>;
  /** The members of an owner's call group, as the reverse index resolved them. */
  membersOf(ownerSip: string): Promise<string[]>;
  /** The person's snoozes still running at `now`, by problem id. */
  snoozes(personSip: string, now: Date): Promise<Map<string, Date>>;
  /** Hide one problem from its person until `until` (a later Keep moves it). */
  snooze(personSip: string, problemId: string, findingKey: string, until: Date): Promise<void>;
  /**
   * Inside a transaction: wait until no other transaction (in any instance) is acting for this
   * person on this finding; released at commit. Two clicks at once then take turns.
   */
  lockActing(personSip: string, findingKey: string): Promise<void>;
  /** The person's request for this finding still on its way (pending, or approved and not applied), if any. */
  requestOnItsWay(personSip: string, findingKey: string): Promise<{ readonly id: string; readonly status: string } | undefined>;
}

const COLUMNS = `key, data AS finding, first_seen AS "firstSeen", last_seen AS "lastSeen", resolved_at AS "resolvedAt",
  notified_at AS "notifiedAt", snoozed_until AS "snoozedUntil"`;

export function createProblemStore(q: Queryable): ProblemStore {
  return {
    openConcerning: (personSip) =>
      q.query<StoredFinding>(
        // Three indexed lookups rather than one OR, which no index answers (a scan of every finding).
        `SELECT ${COLUMNS} FROM findings
          WHERE key = ANY (ARRAY(
            SELECT key FROM findings WHERE subject = $1 AND resolved_at IS NULL
            UNION ALL SELECT key FROM findings WHERE data -> 'related' @> $2::jsonb AND resolved_at IS NULL
            UNION ALL SELECT f.key FROM call_group_members m JOIN findings f ON f.subject = m.owner_sip
              WHERE m.member_sip = $1 AND f.code = 'CG10' AND f.resolved_at IS NULL))
          ORDER BY CASE severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, code, subject, key`,
        [personSip, jsonParam([personSip])],
      ),
    async membersOf(ownerSip) {
      const rows = await q.query<{ member: string }>('SELECT member_sip AS member FROM call_group_members WHERE owner_sip = $1 ORDER BY position', [ownerSip]);
      return rows.map((row) => row.member);
    },
    async snoozes(personSip, now) {
      const rows = await q.query<{ id: string; until: Date }>(
        'SELECT problem_id AS id, snoozed_until AS until FROM problem_snoozes WHERE person_sip = $1 AND snoozed_until > $2',
        [personSip, now],
      );
      return new Map(rows.map((row) => [row.id, row.until]));
    },
    async snooze(personSip, problemId, findingKey, until) {
      await q.query(
        `INSERT INTO problem_snoozes (person_sip, problem_id, finding_key, snoozed_until) VALUES ($1, $2, $3, $4)
         ON CONFLICT (person_sip, problem_id) DO UPDATE SET snoozed_until = excluded.snoozed_until, finding_key = excluded.finding_key`,
        [personSip, problemId, findingKey, until],
      );
    },
    async lockActing(personSip, findingKey) {
      await q.query("SELECT pg_advisory_xact_lock(hashtextextended('cgm-problem:' || $1 || E'\\n' || $2, 0))", [personSip, findingKey]);
    },
    async requestOnItsWay(personSip, findingKey) {
      const [row] = await q.query<{ id: string; status: string }>(
        "SELECT id, status FROM change_requests WHERE requester_sip = $1 AND finding_key = $2 AND status IN ('pending', 'approved') ORDER BY created_at DESC LIMIT 1",
        [personSip, findingKey],
      );
      return row;
    },
  };
}
