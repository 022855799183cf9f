/**
 * Sync that never starts over: where the continuous pass over the tenant stands, in the database,
 * so a restarted instance or another one continues it instead of reading everyone again.
 *
 * - `sync_progress` (one row): the pass number, when it started and how many users it covers.
 *   A pass ends when every user's `read_pass` reached it; the next one starts then, once.
 * - `sync_users` (one row per synced user): the read queue. `read_pass` is the last pass that
 *   read the user (the checkpoint), `due_at` the next re-read of a user in the hot tier (in a
 *   relationship, with a recent request, or whose directory entry changed: `hot_until`), and
 *   `urgent` a read that jumps the queue (2: someone asked to check this user, 1: another
 *   user's settings named them). Instances claim users with a lease (`lease_until`, by
 *   `lease_holder`) through FOR UPDATE SKIP LOCKED, so two never read the same user at once,
 *   and a dead instance's users are claimed again when its lease runs out.
 */
export const syncProgressSchema = `
CREATE TABLE sync_progress (
  id                 boolean PRIMARY KEY DEFAULT true CHECK (id),
  pass               integer NOT NULL DEFAULT 1,
  pass_started_at    timestamptz NOT NULL,
  pass_users         integer NOT NULL DEFAULT 0,
  last_pass_seconds  double precision,
  directory_read_at  timestamptz,
  directory_due      boolean NOT NULL DEFAULT true,
  directory_lists    text,                          -- a hash of the policies, resource accounts and numbers last read
  baseline_pass      integer NOT NULL DEFAULT 0     -- this pass and earlier ones read a tenant we had no copy of: no drift
);

CREATE TABLE sync_users (
  sip           text PRIMARY KEY,                 -- lower case, with sip:
  identity      text NOT NULL,                    -- what the gateway is asked for (the UPN)
  related       boolean NOT NULL DEFAULT false,   -- owner, member, delegate, delegator or Shared Calling user
  hot_until     timestamptz,                      -- a recent request or directory change keeps the user hot until then
  read_pass     integer NOT NULL DEFAULT 0,
  read_at       timestamptz,
  due_at        timestamptz,                      -- the hot tier's next re-read; null in the rolling pass only
  urgent        smallint NOT NULL DEFAULT 0,
  urgent_at     timestamptz,
  lease_until   timestamptz,
  lease_holder  text
);
CREATE INDEX sync_users_urgent ON sync_users (urgent DESC, urgent_at) WHERE urgent > 0;
CREATE INDEX sync_users_due ON sync_users (due_at) WHERE due_at IS NOT NULL;
CREATE INDEX sync_users_pass ON sync_users (read_pass, sip);
`;
