/**
 * Notices a person's preferences hold back: until their quiet hours end (`hold`), or for their
 * next daily summary (`daily`). One row per person and notice, so a notice queued twice (two
 * instances told about the same finding, or the catch-up sweep) is queued once. A release job
 * claims due rows with a lease, as the apply outbox does, so two instances never release the
 * same row twice; a released row stays, marked, as the record that the notice was handled.
 */
export const heldNoticesSchema = `
CREATE TABLE held_notices (
  id             bigserial PRIMARY KEY,
  recipient_sip  text NOT NULL,
  notice_key     text NOT NULL,
  kind           text NOT NULL,
  mode           text NOT NULL CHECK (mode IN ('hold', 'daily')),
  subject_id     text NOT NULL,
  card_kind      text NOT NULL,
  line           text NOT NULL,
  tab            text NOT NULL,
  payload        jsonb NOT NULL,
  queued_at      timestamptz NOT NULL,
  release_at     timestamptz NOT NULL,
  lease_until    timestamptz,
  released_at    timestamptz,
  UNIQUE (recipient_sip, notice_key)
);
CREATE INDEX held_notices_due ON held_notices (release_at) WHERE released_at IS NULL;
`;
