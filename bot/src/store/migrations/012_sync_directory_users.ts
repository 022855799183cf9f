/**
 * The bulk directory read (Get-CsOnlineUser) returns every user each time, and comparing it with
 * the stored directory costs a read of every stored user: seconds at 100,000 users, every 15
 * minutes. `directory_users` is a hash of the users as last applied, so a read that matches it
 * changes nothing and skips the comparison. Anything else that writes the stored users (an
 * applied change, a snapshot import) clears it first, so a stale hash can only cost a comparison.
 */
export const syncDirectoryUsersSchema = `
ALTER TABLE sync_progress ADD COLUMN directory_users text;
`;
