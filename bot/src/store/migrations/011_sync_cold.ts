/**
 * The rolling pass claims the users outside the hot tier (`due_at IS NULL`) in checkpoint order.
 * With only sync_users_pass that claim steps over every hot user the pass has not reached yet,
 * tens of thousands in a large tenant; this index holds the cold users alone.
 */
export const syncColdSchema = `
CREATE INDEX sync_users_cold ON sync_users (read_pass, sip) WHERE due_at IS NULL;
`;
