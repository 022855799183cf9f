import type { PreferenceChange, PreferencePort, StoredPreferences } from '../services/preferenceService.js';
import type { Queryable } from './database.js';
import { jsonParam } from './sqlTypes.js';

/** Each person's notification preferences (migration 006), keyed by canonical sip. */
export type PreferenceStore = PreferencePort;

interface Row {
  readonly notices: StoredPreferences['notices'];
  readonly dailyHour: number | null;
  readonly timeZone: string | null;
  readonly quietStart: string | null;
  readonly quietEnd: string | null;
}

const COLUMNS = 'p.notices, p.daily_hour AS "dailyHour", p.time_zone AS "timeZone", p.quiet_start AS "quietStart", p.quiet_end AS "quietEnd"';

// One statement merges a partial change: the kinds named overwrite theirs (jsonb ||), a value
// not given keeps the stored one, and $6 says whether quiet hours were given (null clears
// them). Two updates at once each land whole, with no read-modify-write race between them.
const MERGE_SQL = `
  INSERT INTO notice_preferences AS p (user_sip, notices, daily_hour, time_zone, quiet_start, quiet_end, updated_at)
  VALUES ($1, $2::jsonb, $3, $4, $7, $8, $5)
  ON CONFLICT (user_sip) DO UPDATE SET
    notices = p.notices || excluded.notices,
    daily_hour = COALESCE(excluded.daily_hour, p.daily_hour),
    time_zone = COALESCE(excluded.time_zone, p.time_zone),
    quiet_start = CASE WHEN $6::boolean THEN excluded.quiet_start ELSE p.quiet_start END,
    quiet_end = CASE WHEN $6::boolean THEN excluded.quiet_end ELSE p.quiet_end END,
    updated_at = excluded.updated_at
  RETURNING ${COLUMNS}`;

function stored(row: Row): StoredPreferences {
  const quietHours = row.quietStart !== null && row.quietEnd !== null ? { start: row.quietStart, end: row.quietEnd } : null;
  return { notices: row.notices, dailyHour: row.dailyHour, timeZone: row.timeZone, quietHours };
}

/** The SQL implementation of the preference port over a database or an open transaction. */
export function createPreferenceStore(q: Queryable): PreferenceStore {
  return {
    async read(sip) {
      const [row] = await q.query<Row>(`SELECT ${COLUMNS} FROM notice_preferences p WHERE p.user_sip = $1`, [sip]);
      return row && stored(row);
    },
    async readMany(sips) {
      const rows = await q.query<Row & { sip: string }>(`SELECT p.user_sip AS sip, ${COLUMNS} FROM notice_preferences p WHERE p.user_sip = ANY($1::text[])`, [[...sips]]);
      return new Map(rows.map((row) => [row.sip, stored(row)]));
    },
    async merge(sip, change: PreferenceChange, at) {
      const quiet = change.quietHours;
      const [row] = await q.query<Row>(MERGE_SQL, [
        sip,
        jsonParam(change.notices),
        change.dailyHour ?? null,
        change.timeZone ?? null,
        at,
        quiet !== undefined,
        quiet?.start ?? null,
        quiet?.end ?? null,
      ]);
      if (!row) throw new Error(`saving the preferences of ${sip} returned no row`);
      return stored(row);
    },
  };
}
