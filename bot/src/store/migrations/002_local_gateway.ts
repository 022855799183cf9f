/**
 * Tables of the `local` gateway: the embedded stand-in for Microsoft Teams' own store of
 * calling settings. They are separate from the synced copy (tenant_*), exactly as Teams
 * is separate from our database: sync reads them through the gateway, and a test can
 * edit them directly to play a user who changes their group in the Teams client (drift).
 * The schema is a migration like any other (the store runs every migration); the local
 * gateway's own module (gateway/local) reads and writes the tables.
 */
export const localGatewaySchema = `
CREATE TABLE local_teams_users (
  object_id  text PRIMARY KEY,
  upn        text NOT NULL UNIQUE,
  sip        text NOT NULL UNIQUE,
  data       jsonb NOT NULL
);
CREATE TABLE local_teams_settings (
  sip   text PRIMARY KEY,
  data  jsonb NOT NULL
);
-- One row: tenant id, capture time, policies, resource accounts and numbers (small lists).
CREATE TABLE local_teams_directory (
  id    boolean PRIMARY KEY DEFAULT true CHECK (id),
  data  jsonb NOT NULL
);
`;
