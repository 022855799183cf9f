/**
 * "Keep for now" on a personal problem: one row per person and problem (core's problemId, one
 * per finding and person), hidden from that person until `snoozed_until`. Per person, not per
 * finding: Alex keeping a disabled member for a week hides nothing from anyone else.
 *
 * The GIN index answers "which open findings name this person in `related`" (a member of a
 * switched-off group, a delegate) without reading every finding: GET /api/me/problems asks it
 * on every visit of three tab views. fastupdate off: a burst of new findings (a policy switched
 * off for a department) would otherwise sit in the index's pending list, which every lookup
 * reads through until a vacuum (30 ms at 10,000 findings against 1 ms).
 */
export const problemSnoozesSchema = `
CREATE TABLE problem_snoozes (
  person_sip     text NOT NULL,
  problem_id     text NOT NULL,
  finding_key    text NOT NULL,
  snoozed_until  timestamptz NOT NULL,
  PRIMARY KEY (person_sip, problem_id)
);
CREATE INDEX findings_open_related ON findings USING gin ((data -> 'related') jsonb_path_ops) WITH (fastupdate = off) WHERE resolved_at IS NULL;
`;
