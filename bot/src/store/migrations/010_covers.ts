/**
 * Covers ("cover while I'm away"): a change to one owner's settings with a start and an end.
 *
 * - `covers`: the cover as validated (canonical spellings), where it stands, and what its start
 *   and end did. `at_start` and `after_start` are the owner's settings just before and just
 *   after the start was applied: the end takes back exactly what differs between them
 *   (core's coverEndDesired). The start and end are applied as change requests of their own
 *   (`start_request_id`, `end_request_id`), through the apply outbox and its version check.
 *   `approval_request_id` is the request approvers decide (null when the policy asks nobody);
 *   `extend_request_id` / `extend_ends_at` an extension waiting for an approver.
 * - `cover_jobs`: one due job per cover and kind (start, end, the owner's "ends tomorrow"
 *   notice), claimed with a lease and the claimer's instance key exactly as apply_outbox is,
 *   so two instances never run one job at once and a dead instance's job is taken over.
 *   `due_at` stays the instant the job was due, so a late run knows how late it was.
 */
export const coversSchema = `
CREATE TABLE covers (
  id                  uuid PRIMARY KEY,
  owner_sip           text NOT NULL,
  status              text NOT NULL CHECK (status IN ('pending','scheduled','active','ended','cancelled','rejected','failed')),
  cover               jsonb NOT NULL,
  starts_at           timestamptz NOT NULL,
  ends_at             timestamptz NOT NULL,
  needs_approval      boolean NOT NULL,
  approval_request_id uuid REFERENCES change_requests (id),
  extend_request_id   uuid REFERENCES change_requests (id),
  extend_ends_at      timestamptz,
  start_request_id    uuid REFERENCES change_requests (id),
  end_request_id      uuid REFERENCES change_requests (id),
  start_attempts      integer NOT NULL DEFAULT 0,
  end_attempts        integer NOT NULL DEFAULT 0,
  at_start            jsonb,
  after_start         jsonb,
  started_at          timestamptz,
  start_late_ms       bigint,
  ended_at            timestamptz,
  end_late_ms         bigint,
  held_reason         text,
  failure             text,
  notes               jsonb NOT NULL DEFAULT '[]',
  created_at          timestamptz NOT NULL,
  updated_at          timestamptz NOT NULL
);
CREATE INDEX covers_owner ON covers (owner_sip, created_at DESC);
CREATE INDEX covers_awaiting_decision ON covers (approval_request_id) WHERE status = 'pending';
CREATE INDEX covers_extending ON covers (extend_request_id) WHERE extend_request_id IS NOT NULL;

CREATE TABLE cover_jobs (
  cover_id        uuid NOT NULL REFERENCES covers (id),
  kind            text NOT NULL CHECK (kind IN ('start', 'end', 'endingSoon')),
  due_at          timestamptz NOT NULL,
  next_attempt_at timestamptz NOT NULL,
  attempts        integer NOT NULL DEFAULT 0,
  lease_until     timestamptz,
  lease_holder    bigint,
  last_error      text,
  done            boolean NOT NULL DEFAULT false,
  PRIMARY KEY (cover_id, kind)
);
CREATE INDEX cover_jobs_due ON cover_jobs (next_attempt_at) WHERE NOT done;
`;
