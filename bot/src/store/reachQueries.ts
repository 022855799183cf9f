import type { Finding } from '@cgm/core';
import { normalizeSip } from '@cgm/core';
import type { ReachPort, UnreachedRow } from '../services/reachService.js';
import type { Queryable } from './database.js';
import { readGroupMembers } from './memberIndex.js';

const OPEN_FINDINGS_SQL = 'SELECT data FROM findings WHERE resolved_at IS NULL';

// One statement for any number of people: those with no personal chat, named from the directory
// when they are in it (a person the directory does not know is still listed, by sip).
const WITHOUT_CHAT_SQL = `
  SELECT s.sip, u.display_name AS "displayName", u.object_key AS "objectId"
    FROM unnest($1::text[]) AS s(sip)
    LEFT JOIN tenant_users u ON u.sip = s.sip
   WHERE NOT EXISTS (SELECT 1 FROM conversation_refs c WHERE c.user_sip = s.sip AND c.kind = 'personal')`;

/** The reach service's port over SQL. */
export function createReachPort(q: Queryable): ReachPort {
  return {
    async openFindings() {
      return (await q.query<{ data: Finding }>(OPEN_FINDINGS_SQL)).map((row) => row.data);
    },
    membersOf: (ownerSips) => readGroupMembers(q, ownerSips),
    withoutPersonalChat: (sips) => q.query<UnreachedRow>(WITHOUT_CHAT_SQL, [[...new Set(sips.map(normalizeSip))]]),
  };
}
