/**
 * The bulk directory read (Get-CsOnlineUser) returns every user each time, and comparing it with
 * the stored directory costs a read of every stored user: seconds at 100,000 users, every 15
 * minutes. `directory_users` is a hash of the users as last applied, so a read that matches it
 * changes nothing and skips the comparison. Whatever writes the stored users (an applied change,
 * a snapshot import) clears it and counts `directory_version` up; a read records its hashes only
 * if the version is still the one it compared against (plus its own apply), so an import landing
 * in between leaves them cleared: a stale hash can only cost a comparison, never skip one.
 */
export const syncDirectoryUsersSchema = `
ALTER TABLE sync_progress ADD COLUMN directory_users text;
ALTER TABLE sync_progress ADD COLUMN directory_version integer NOT NULL DEFAULT 0;
`;
