/**
 * Call Group Manager: initial schema. The same SQL runs on PGlite (embedded) and PostgreSQL.
 * `migrate()` applies every missing migration in one transaction under an advisory lock and
 * records them in schema_migrations, so two instances starting together apply each one once.
 */
export const initialSchema = `
-- The synced tenant -------------------------------------------------------------------------

-- Users as Get-CsOnlineUser describes them. \`data\` is the core \`User\` object; the columns
-- beside it are the keys we search and join on, kept in lower case as identity matching requires.
-- \`ordinal\` keeps snapshot order: core's lookup resolves an ambiguous reference to the first user.
-- \`data\` is json, not jsonb: no query looks inside it, and json is stored without conversion,
-- which makes a 100,000-user import markedly faster (PGlite especially).
CREATE TABLE tenant_users (
  object_key    text PRIMARY KEY,              -- object id, lower case
  upn           text NOT NULL UNIQUE,          -- lower case
  sip           text NOT NULL UNIQUE,          -- lower case, with sip:
  display_name  text NOT NULL,
  ordinal       integer NOT NULL,
  data          json NOT NULL
);

-- The people picker's search: per user, a space-separated list of the words they are found by
-- (display name words, UPN, SIP address), lower case, between spaces. A prefix search is then
-- \`words LIKE '% ali%'\`. Deliberately without an index: a scan of this narrow table is a few
-- milliseconds at 100,000 users, while a per-word index would double the import time.
CREATE TABLE tenant_user_search (
  object_key  text NOT NULL,
  sort_key    text NOT NULL,                   -- lower-case display name, the result order
  words       text NOT NULL
);

-- Calling settings per user (Get-CsUserCallingSettings), with a version per settings group so a
-- change request can say which version it was based on and drift can say what moved.
-- \`data\` is json, kept as the text sent: an import skips rows whose text did not change and
-- parses only the others, and queries read a few properties with json operators.
CREATE TABLE tenant_settings (
  sip                   text PRIMARY KEY,      -- lower case, with sip:
  ordinal               integer NOT NULL,
  data                  json NOT NULL,
  call_group_version    integer NOT NULL DEFAULT 1,
  forwarding_version    integer NOT NULL DEFAULT 1,
  unanswered_version    integer NOT NULL DEFAULT 1,
  membership_version    integer NOT NULL DEFAULT 1,
  notification_version  integer NOT NULL DEFAULT 1,
  synced_at             timestamptz NOT NULL DEFAULT now()   -- when these settings last changed (read from Teams or written)
);

-- The reverse index Teams does not keep: who is in whose group. Rebuilt from an owner's
-- CallGroupTargets whenever their settings are stored, so "groups I'm in" is one indexed query.
CREATE TABLE call_group_members (
  owner_sip   text NOT NULL,
  member_sip  text NOT NULL,                   -- the resolved member's sip; else the target as a sip URI (SIP-like) or lower-cased as written
  position    integer NOT NULL,                -- 0-based place in CallGroupTargets (first occurrence)
  PRIMARY KEY (owner_sip, member_sip)
);
CREATE INDEX call_group_members_member ON call_group_members (member_sip);

-- Policies of every kind ('calling', 'voiceRouting', 'emergencyRouting', 'sharedCalling'),
-- keyed by the comparison key of their name (lower case, without Tag:).
CREATE TABLE tenant_policies (
  kind     text NOT NULL,
  key      text NOT NULL,
  ordinal  integer NOT NULL,
  data     jsonb NOT NULL,
  PRIMARY KEY (kind, key)
);

CREATE TABLE tenant_resource_accounts (
  object_id  text PRIMARY KEY,
  upn        text NOT NULL UNIQUE,             -- lower case
  ordinal    integer NOT NULL,
  data       jsonb NOT NULL
);

CREATE TABLE tenant_phone_numbers (
  number   text PRIMARY KEY,                   -- +digits[;ext=n]
  ordinal  integer NOT NULL,
  data     jsonb NOT NULL
);

-- One row: which tenant the local copy is, and when it was captured or last synced.
CREATE TABLE tenant_meta (
  id           boolean PRIMARY KEY DEFAULT true CHECK (id),
  tenant_id    text NOT NULL,
  captured_at  text NOT NULL,                  -- ISO-8601 exactly as the snapshot wrote it
  synced_at    timestamptz
);

-- Change requests and their application --------------------------------------------------

CREATE TABLE change_requests (
  id              uuid PRIMARY KEY,
  requester_sip   text NOT NULL,               -- who asked
  subject_sip     text NOT NULL,               -- whose settings change (the requester, or a user a clean-up fixes)
  kind            text NOT NULL,               -- callGroup | answering | membershipNotification | notificationOverride | cleanup
  settings_group  text NOT NULL,               -- the settings group a newer request supersedes within
  change          jsonb NOT NULL,              -- the change as proposed
  before_settings jsonb NOT NULL,              -- the subject's settings when proposed
  desired         jsonb NOT NULL,              -- the settings after the change
  writes          jsonb NOT NULL,              -- the ordered writes from core's plan
  notes           jsonb NOT NULL DEFAULT '{}', -- what core says about it (members added, notified, limits)
  status          text NOT NULL CHECK (status IN ('pending','approved','rejected','cancelled','expired','superseded','applied','failed')),
  needs_approval  boolean NOT NULL,
  created_at      timestamptz NOT NULL,
  expires_at      timestamptz,
  decided_at      timestamptz,
  decided_by      text,
  decision_reason text,
  applied_at      timestamptz,
  failure         text,
  finding_key     text                         -- set for clean-up requests created from a finding
);
CREATE INDEX change_requests_pending ON change_requests (created_at) WHERE status = 'pending';
CREATE INDEX change_requests_requester ON change_requests (requester_sip, created_at DESC);
CREATE INDEX change_requests_subject_group ON change_requests (subject_sip, settings_group) WHERE status = 'pending';

-- The outbox: one row per approved request; \`next_step\` says which write of \`writes\` comes next,
-- so a worker that dies between two steps resumes at the right one. Workers claim rows with
-- FOR UPDATE SKIP LOCKED and a lease, so two instances never apply the same request at once.
CREATE TABLE apply_outbox (
  request_id      uuid PRIMARY KEY REFERENCES change_requests (id),
  next_step       integer NOT NULL DEFAULT 0,
  attempts        integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL,
  lease_until     timestamptz,
  last_error      text,
  done            boolean NOT NULL DEFAULT false
);
CREATE INDEX apply_outbox_due ON apply_outbox (next_attempt_at) WHERE NOT done;

-- The audit log is append-only: no code path updates or deletes it, and the database refuses to.
CREATE TABLE audit_log (
  id          bigserial PRIMARY KEY,
  at          timestamptz NOT NULL,
  actor       text NOT NULL,                   -- a user's sip, or 'system'
  action      text NOT NULL,                   -- request.proposed, request.approved, apply.step, drift.detected, ...
  request_id  uuid,
  subject     text,
  details     jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_request ON audit_log (request_id);
CREATE INDEX audit_log_at ON audit_log (at DESC, id DESC);

CREATE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only';
END;
$$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only();
-- Row triggers do not fire on TRUNCATE, which would otherwise empty the log in one statement.
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_is_append_only();

-- Health and drift -------------------------------------------------------------------------

CREATE TABLE findings (
  key          text PRIMARY KEY,               -- code|subject|related, see core findingKey
  code         text NOT NULL,
  severity     text NOT NULL,
  subject      text NOT NULL,
  data         jsonb NOT NULL,                 -- the finding as core reports it
  first_seen   timestamptz NOT NULL,
  last_seen    timestamptz NOT NULL,
  resolved_at  timestamptz,
  notified_at  timestamptz,
  snoozed_until timestamptz
);
CREATE INDEX findings_open ON findings (severity, code) WHERE resolved_at IS NULL;
CREATE INDEX findings_subject ON findings (subject);

-- A change seen in Teams that no applied request explains (someone edited in the Teams client).
CREATE TABLE drift_records (
  id              uuid PRIMARY KEY,
  subject_sip     text NOT NULL,
  settings_group  text NOT NULL,
  before_settings jsonb NOT NULL,
  after_settings  jsonb NOT NULL,
  detected_at     timestamptz NOT NULL,
  status          text NOT NULL CHECK (status IN ('open','accepted','reverted')),
  resolved_by     text,
  resolved_at     timestamptz
);
CREATE INDEX drift_records_open ON drift_records (detected_at) WHERE status = 'open';
CREATE INDEX drift_records_subject ON drift_records (subject_sip, detected_at DESC);

-- Bot: where to send cards, and which card messages to update -------------------------------

CREATE TABLE conversation_refs (
  id            text PRIMARY KEY,              -- conversation id
  kind          text NOT NULL CHECK (kind IN ('personal','channel')),
  user_sip      text,                          -- for personal chats
  reference     jsonb NOT NULL,
  updated_at    timestamptz NOT NULL
);
CREATE INDEX conversation_refs_user ON conversation_refs (user_sip);

CREATE TABLE card_messages (
  request_id       text NOT NULL,              -- a request, finding or drift id the card is about
  conversation_id  text NOT NULL,
  activity_id      text NOT NULL,
  card_kind        text NOT NULL,
  sent_at          timestamptz NOT NULL,
  PRIMARY KEY (request_id, conversation_id, card_kind)
);

-- Application settings (approval policy, approvers, the approvers' channel).
CREATE TABLE app_settings (
  key    text PRIMARY KEY,
  value  jsonb NOT NULL
);
`;
