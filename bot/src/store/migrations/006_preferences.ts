/**
 * Each person's notification preferences, by their canonical sip. Only what the person chose
 * is stored (the kinds they set, the hour when they set one): everything else reads the
 * defaults in core's contract, so a better default later reaches everyone who never chose.
 * Quiet hours are both times or neither.
 */
export const preferencesSchema = `
CREATE TABLE notice_preferences (
  user_sip     text PRIMARY KEY,
  notices      jsonb NOT NULL DEFAULT '{}'::jsonb,
  daily_hour   smallint CHECK (daily_hour BETWEEN 0 AND 23),
  time_zone    text,
  quiet_start  text,
  quiet_end    text,
  updated_at   timestamptz NOT NULL,
  CHECK ((quiet_start IS NULL) = (quiet_end IS NULL))
);
`;
