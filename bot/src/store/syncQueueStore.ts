import type { ClaimReason, ClaimedUser, PassState, SyncQueue, TierSizes } from '../services/sync/syncPorts.js';
import type { Queryable } from './database.js';

/**
 * The read queue and the pass checkpoint (migration 009). Claims are single statements with
 * FOR UPDATE SKIP LOCKED, like the apply outbox's: concurrent claimers in any instance never
 * receive the same user, and a row another claimer committed meanwhile is re-checked against
 * its new lease and dropped.
 */

// The pass is read once, as a parameter (an InitPlan), so `read_pass < pass` bounds the index scan
// instead of filtering every row after it: a claim costs the users it hands out, not the queue.
const claimSql = (where: string, order: string) => `
  WITH p AS (SELECT pass, pass <= baseline_pass AS baseline FROM sync_progress),
  picked AS (
    SELECT s.sip FROM sync_users s
     WHERE ${where} AND (s.lease_until IS NULL OR s.lease_until <= $1)
     ORDER BY ${order} LIMIT $3
     FOR UPDATE OF s SKIP LOCKED)
  UPDATE sync_users s SET lease_until = $2, lease_holder = $4
    FROM picked, p WHERE s.sip = picked.sip
  RETURNING s.sip, s.identity, p.pass, p.baseline`;

const URGENT_AND_DUE: readonly (readonly [ClaimReason, string])[] = [
  ['urgent', claimSql('s.urgent > 0', 's.urgent DESC, s.urgent_at')],
  ['due', claimSql('s.due_at <= $1', 's.due_at')],
];
// The rolling pass reads the users outside the hot tier first (sync_users_cold); once they are all
// read, the hot users their tier has not reached in this pass, so the pass never waits for the
// tier's schedule. A hot read counts for the pass either way.
const PASS = '(SELECT pass FROM p)';
const EVERYONE_LEFT = ['pass', claimSql(`s.read_pass < ${PASS}`, 's.read_pass, s.sip')] as const;
const CLAIMS = [...URGENT_AND_DUE, ['pass', claimSql(`s.read_pass < ${PASS} AND s.due_at IS NULL`, 's.read_pass, s.sip')] as const, EVERYONE_LEFT];
const CLAIMS_EVERYONE = [...URGENT_AND_DUE, EVERYONE_LEFT];

const CLAIM_ONE_SQL = `
  WITH p AS (SELECT pass, pass <= baseline_pass AS baseline FROM sync_progress)
  UPDATE sync_users s SET lease_until = $3, lease_holder = $4
    FROM p WHERE s.sip = $1 AND (s.lease_until IS NULL OR s.lease_until <= $2)
  RETURNING s.sip, s.identity, p.pass, p.baseline`;

/**
 * Where a relationship shows in what is stored: an owner or member of a call group, a membership
 * entry or delegates in the user's settings, or a Shared Calling policy. Being a delegate of
 * someone else is learnt when that person is read (jump marks them related). Each source is a
 * table, its sip column and a condition on its row `r`; both forms below are built from this list.
 */
const RELATIONSHIP_SOURCES: readonly (readonly [table: string, sipColumn: string, condition: string])[] = [
  ['call_group_members', 'owner_sip', 'true'],
  ['call_group_members', 'member_sip', 'true'],
  ['tenant_settings', 'sip', "json_array_length(r.data->'GroupMembershipDetails') > 0 OR json_array_length(r.data->'Delegates') > 0"],
  ['tenant_users', 'sip', "r.data->>'TeamsSharedCallingRoutingPolicy' IS NOT NULL"],
];

/** Whether the user at `sip` (a column of any outer table, or a parameter) is in a relationship: one probe per source. */
const relatedSql = (sip: string) =>
  `coalesce(${RELATIONSHIP_SOURCES.map(([table, column, condition]) => `EXISTS (SELECT 1 FROM ${table} r WHERE r.${column} = ${sip} AND (${condition}))`).join('\n  OR ')}, false)`;

/**
 * The sips in a relationship between `lo` and `hi` (columns of the outer query), along each
 * source's index: for a slice of a thousand users the planner would otherwise hash a whole
 * table per source, for every slice.
 */
const relatedInRangeSql = (lo: string, hi: string) =>
  RELATIONSHIP_SOURCES.map(([table, column, condition]) => `SELECT r.${column} AS sip FROM ${table} r WHERE r.${column} BETWEEN ${lo} AND ${hi} AND (${condition})`).join('\n  UNION ');

const ms = (param: string) => `${param}::double precision * interval '1 millisecond'`;

// A read ends the lease and moves the checkpoint; a queue jump asked for after the claim stays queued.
const COMPLETE_SQL = `
  UPDATE sync_users s SET read_pass = greatest(s.read_pass, d.pass), read_at = $1, lease_until = NULL, lease_holder = NULL,
         urgent = CASE WHEN s.urgent_at > d.claimed_at THEN s.urgent ELSE 0 END,
         urgent_at = CASE WHEN s.urgent_at > d.claimed_at THEN s.urgent_at END,
         related = s.related OR d.related,
         due_at = CASE WHEN s.related OR s.hot_until > $1 OR d.related THEN $1::timestamptz + ${ms('$2')} END
    FROM (SELECT u.sip, u.pass, u.claimed_at, ${relatedSql('u.sip')} AS related
            FROM unnest($3::text[], $4::integer[], $5::timestamptz[]) AS u(sip, pass, claimed_at)) d
   WHERE s.sip = d.sip`;

const CURRENT_SQL = `
  SELECT p.pass, p.pass_started_at AS "startedAt", p.pass_users AS users, p.last_pass_seconds AS "lastPassSeconds",
         p.directory_read_at AS "directoryReadAt", p.directory_due AS "directoryDue", p.directory_lists AS "directoryLists",
         p.directory_users AS "directoryUsers", p.directory_version AS "directoryVersion",
         p.pass <= p.baseline_pass AS baseline
    FROM sync_progress p`;
const STATE_SQL = `SELECT c.*, (SELECT count(*) FROM sync_users s WHERE s.read_pass >= c.pass)::integer AS read FROM (${CURRENT_SQL}) c`;

const NEXT_PASS_SQL = `
  UPDATE sync_progress SET pass = pass + 1, pass_started_at = $2, pass_users = (SELECT count(*) FROM sync_users),
         last_pass_seconds = CASE WHEN $3 THEN last_pass_seconds ELSE extract(epoch FROM ($2 - pass_started_at)) END
   WHERE pass = $1 AND ($3 OR (NOT EXISTS (SELECT 1 FROM sync_users WHERE read_pass < $1) AND pass_started_at <= $4
                               -- not before the first directory is in: until then nobody is queued yet
                               AND directory_lists IS NOT NULL))
  RETURNING pass`;

/**
 * Statements over the whole tenant run in slices of this many users, in sip order: the API shares
 * the database (PGlite has one connection), and its queries wait for one slice, not for everyone.
 */
const SLICE = 1_000;

// New users join the current pass (and the hot tier, spread over one period, when related), a
// slice of the stored directory at a time after the last sip ($1) the previous slice looked at.
// Whether they are related is looked up over the range of sips that are new, so a slice of users
// already queued (a directory change re-reconciles everyone) costs an index scan and nothing more.
const JOIN_SQL = `
  WITH slice AS MATERIALIZED (SELECT sip, upn FROM tenant_users WHERE sip > $1 ORDER BY sip LIMIT ${SLICE}),
  missing AS MATERIALIZED (SELECT sl.sip, sl.upn FROM slice sl WHERE NOT EXISTS (SELECT 1 FROM sync_users s WHERE s.sip = sl.sip)),
  span AS (SELECT min(sip) AS lo, max(sip) AS hi FROM missing),
  related AS (${relatedInRangeSql('(SELECT lo FROM span)', '(SELECT hi FROM span)')}),
  joined AS (
    INSERT INTO sync_users (sip, identity, related)
    SELECT mi.sip, mi.upn, mi.sip IN (SELECT sip FROM related) FROM missing mi
    ON CONFLICT (sip) DO NOTHING)
  SELECT sip FROM slice ORDER BY sip DESC LIMIT 1`;

// Leavers go; a changed UPN is what the gateway is asked for from now on.
const RECONCILE_SQL = [
  'DELETE FROM sync_users s WHERE NOT EXISTS (SELECT 1 FROM tenant_users u WHERE u.sip = s.sip)',
  'UPDATE sync_users s SET identity = u.upn FROM tenant_users u WHERE u.sip = s.sip AND s.identity <> u.upn',
  'UPDATE sync_progress SET pass_users = (SELECT count(*) FROM sync_users)',
];

/**
 * Run a sliced statement until a slice comes back empty; each starts after the last sip the one
 * before touched (or looked at). Each slice skips what is already done (NOT EXISTS, due_at IS NULL), so should the
 * database's collation order sips differently from JavaScript, a slice is looked at again, never skipped.
 */
async function inSlices(slice: (after: string) => Promise<readonly { sip: string }[]>): Promise<void> {
  for (let after = ''; ; ) {
    const rows = await slice(after);
    // The greatest sip of this slice alone: compared with `after` in JavaScript's order, a slice
    // whose last sip the database sorts after it and JavaScript before would be walked forever.
    const [first, ...rest] = rows;
    if (!first) return;
    after = rest.reduce((last, row) => (row.sip > last ? row.sip : last), first.sip);
  }
}

/** The SQL implementation of the sync queue over the database (each call its own statement). */
export function createSyncQueueStore(q: Queryable): SyncQueue {
  const ensure = (now: Date) => q.query('INSERT INTO sync_progress (id, pass, pass_started_at) VALUES (true, 1, $1) ON CONFLICT (id) DO NOTHING', [now]);
  return {
    async state(now) {
      await ensure(now);
      const [row] = await q.query<PassState>(STATE_SQL);
      if (!row) throw new Error('sync_progress has no row after it was created');
      return row;
    },
    // Read between batches: one statement, the row created only when it is missing.
    async current(now) {
      const [found] = await q.query<Omit<PassState, 'read'>>(CURRENT_SQL);
      if (found) return found;
      await ensure(now);
      const [row] = await q.query<Omit<PassState, 'read'>>(CURRENT_SQL);
      if (!row) throw new Error('sync_progress has no row after it was created');
      return row;
    },
    async claim(now, leaseMs, limit, holder, everyone = false) {
      const claimed: ClaimedUser[] = [];
      const until = new Date(now.getTime() + leaseMs);
      for (const [reason, sql] of everyone ? CLAIMS_EVERYONE : CLAIMS) {
        if (claimed.length >= limit) break;
        const rows = await q.query<Omit<ClaimedUser, 'reason'>>(sql, [now, until, limit - claimed.length, holder]);
        claimed.push(...rows.map((row) => ({ ...row, reason })));
      }
      return claimed;
    },
    async claimOne(sip, now, leaseMs, holder) {
      const [row] = await q.query<Omit<ClaimedUser, 'reason'>>(CLAIM_ONE_SQL, [sip, now, new Date(now.getTime() + leaseMs), holder]);
      return row && { ...row, reason: 'urgent' };
    },
    async complete(done, now, hotPeriodMs) {
      if (done.length === 0) return;
      await q.query(COMPLETE_SQL, [now, hotPeriodMs, done.map((d) => d.sip), done.map((d) => d.pass), done.map((d) => d.claimedAt)]);
    },
    async release(sip, retryAt) {
      await q.query('UPDATE sync_users SET lease_until = $2, lease_holder = NULL WHERE sip = $1', [sip, retryAt]);
    },
    async jump(sips, level, now) {
      if (sips.length === 0) return 0;
      const rows = await q.query(
        `UPDATE sync_users SET urgent = greatest(urgent, $2), urgent_at = coalesce(urgent_at, $3), related = related OR $2 = 1
          WHERE sip = ANY($1::text[]) RETURNING sip`,
        [sips, level, now],
      );
      return rows.length;
    },
    async heat(sips, until, now) {
      if (sips.length === 0) return;
      await q.query('UPDATE sync_users SET hot_until = greatest(hot_until, $2), due_at = $3 WHERE sip = ANY($1::text[])', [sips, until, now]);
    },
    async nextPass(pass, now, force, minPassMs = 0) {
      const [row] = await q.query<{ pass: number }>(NEXT_PASS_SQL, [pass, now, force, new Date(now.getTime() - minPassMs)]);
      return row ? this.state(now) : undefined;
    },
    async reconcileUsers(now) {
      await ensure(now);
      await inSlices((after) => q.query<{ sip: string }>(JOIN_SQL, [after]));
      for (const sql of RECONCILE_SQL) await q.query(sql);
    },
    async spreadHot(now, hotPeriodMs) {
      await inSlices((after) =>
        q.query<{ sip: string }>(
          `UPDATE sync_users SET due_at = $1::timestamptz + random() * ${ms('$2')}
            WHERE sip IN (SELECT sip FROM sync_users WHERE sip > $3 AND related AND due_at IS NULL ORDER BY sip LIMIT ${SLICE})
           RETURNING sip`,
          [now, hotPeriodMs, after],
        ),
      );
    },
    async heatRecentRequests(now, windowMs) {
      await q.query(
        `UPDATE sync_users s SET hot_until = r.last + ${ms('$2')}, due_at = coalesce(s.due_at, $1)
           FROM (SELECT subject_sip, max(created_at) AS last FROM change_requests WHERE created_at > $1::timestamptz - ${ms('$2')} GROUP BY subject_sip) r
          WHERE s.sip = r.subject_sip AND (s.hot_until IS NULL OR s.hot_until < r.last + ${ms('$2')})`,
        [now, windowMs],
      );
    },
    async sizes(now) {
      const [row] = await q.query<TierSizes>(
        `SELECT count(*)::integer AS users, (count(*) FILTER (WHERE related OR hot_until > $1))::integer AS hot,
                (count(*) FILTER (WHERE urgent > 0))::integer AS urgent FROM sync_users`,
        [now],
      );
      return row ?? { users: 0, hot: 0, urgent: 0 };
    },
    async nextDueAt() {
      const [row] = await q.query<{ at: Date | null }>('SELECT min(due_at) AS at FROM sync_users');
      return row?.at ?? undefined;
    },
    async claimDirectory(now, periodMs) {
      await ensure(now);
      const rows = await q.query(
        `UPDATE sync_progress SET directory_read_at = $1, directory_due = false
          WHERE directory_due OR directory_read_at IS NULL OR directory_read_at <= $1::timestamptz - ${ms('$2')} RETURNING pass`,
        [now, periodMs],
      );
      return rows.length > 0;
    },
    async requestDirectory() {
      await q.query('UPDATE sync_progress SET directory_due = true');
    },
    async directoryRead(at, baseline, hashes) {
      // Recorded only over the version the read was compared against: a write in between keeps them
      // forgotten, and the directory due again, since no pass closes until a read records them.
      await q.query(
        `UPDATE sync_progress SET directory_read_at = $1, directory_due = directory_version <> $5,
                directory_lists = CASE WHEN directory_version = $5 THEN $3 END, directory_users = CASE WHEN directory_version = $5 THEN $4 END,
                baseline_pass = CASE WHEN $2 THEN pass ELSE baseline_pass END`,
        [at, baseline, hashes.lists, hashes.users, hashes.version],
      );
    },
  };
}
