/**
 * Applying in version order, and resuming a dead worker's job at once.
 *
 * - `change_requests.base_versions`: the versions of the subject's settings groups (the
 *   tenant_settings `*_version` columns, by group name) the request was planned against. The
 *   apply worker writes only while the groups it changes are still at these versions, so a
 *   request that another applied change overtook is superseded instead of undoing it. Null
 *   for requests made before this migration (they keep the check against Teams' values).
 * - `apply_outbox.lease_holder`: the advisory-lock key of the worker instance that claimed the
 *   job. Each instance holds its key for its whole life, so another instance can tell a dead
 *   holder (its key is free) from a live one and take the job over without waiting out the lease.
 * - `apply_outbox.started`: the job passed its version check and may write to Teams; a resumed
 *   job does not check again, and other jobs for the same settings wait until it is done.
 */
export const applyOrderSchema = `
ALTER TABLE change_requests ADD COLUMN base_versions jsonb;
ALTER TABLE apply_outbox ADD COLUMN lease_holder bigint;
ALTER TABLE apply_outbox ADD COLUMN started boolean NOT NULL DEFAULT false;
CREATE INDEX apply_outbox_started ON apply_outbox (request_id) WHERE started AND NOT done;
CREATE INDEX change_requests_subject_applied ON change_requests (subject_sip, applied_at DESC) WHERE status = 'applied';
`;
