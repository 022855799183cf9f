import { defaultCallingSettings, normalizeSip, userRefKey } from '@cgm/core';
import type { CallingSettings, User } from '@cgm/core';
import type { Queryable } from './database.js';
import type { ChangeRequest } from './requestStore.js';
import { requestsByRequesterJsonSql, requestsFromJson } from './requestStore.js';
import type { SettingsGroup } from './settingsGroups.js';
import { INITIAL_VERSIONS, versionColumnsAs, versionsOf } from './settingsGroups.js';
import type { GroupMembership, MembershipRow, StoredSettings } from './tenantStore.js';
import { groupsContainingRowsSql, membershipOf } from './tenantStore.js';
import type { OrderedUser, ResolvedRef } from './userRefs.js';
import { firstUserNamedSql, resolveAmong, resolveUserRefs, sqlKeysMatch } from './userRefs.js';

/**
 * Everything the tab's first screen (GET /api/me) shows about the signed-in user, read in one
 * statement together with the user record sign-in needs: on PostgreSQL one round trip instead
 * of six, and on PGlite, which runs one query at a time in the server's thread, one query instead
 * of six. The parts are exactly what userByRef, settingsOf, groupsContaining, listByRequester and
 * resolveUserRefs return.
 */
export interface MyPage {
  /** As TenantStore.settingsOf. */
  readonly settings: StoredSettings;
  /** As TenantStore.groupsContaining. */
  readonly memberships: GroupMembership[];
  /** As RequestStore.listByRequester. */
  readonly requests: ChangeRequest[];
  /** The call group's targets resolved to users, keyed by userRefKey(target), as resolveUserRefs. */
  readonly targets: Map<string, ResolvedRef>;
}

type PageRow = Record<SettingsGroup, number | null> & {
  sip: string | null;
  user: User | null;
  settings: CallingSettings | null;
  target_users: { ordinal: number; user: User }[] | null;
  memberships: MembershipRow[] | null;
  requests: unknown;
};

// The user is resolved from a reference with userRefs' rules (firstUserNamedSql), so sign-in and
// the page are one statement. Targets are matched by their SQL-normalised spelling (every user
// they could name is read), then resolved in JavaScript with the same rules; see sqlKeysMatch for
// the spellings SQL cannot normalise exactly. A user's sip is also their member key (memberKey).
// Parameters: $1 the reference key, $2 the key as a SIP URI, $3 how many requests.
const MY_PAGE_SQL = `
  WITH me AS (
    ${firstUserNamedSql('$1', '$2')}
  ), page_settings AS (
    SELECT s.data, ${versionColumnsAs('s')} FROM tenant_settings s WHERE s.sip = (SELECT sip FROM me)
  ), target_keys AS (
    SELECT DISTINCT lower(btrim(t.target, ' ') COLLATE "C") COLLATE "default" AS key
      FROM page_settings s, json_array_elements_text(s.data->'CallGroupTargets') AS t(target)
  ), target_users AS (
    SELECT u.object_key FROM target_keys k JOIN tenant_users u ON u.object_key = k.key
    UNION
    SELECT u.object_key FROM target_keys k JOIN tenant_users u ON u.upn = k.key
    UNION
    SELECT u.object_key FROM target_keys k JOIN tenant_users u
        ON u.sip = CASE WHEN starts_with(k.key, 'sip:') THEN k.key ELSE 'sip:' || k.key END
  )
  SELECT me.sip, me.data AS user, s.data AS settings, s."callGroup", s.forwarding, s.unanswered, s.membership, s.notification,
         (SELECT json_agg(json_build_object('ordinal', u.ordinal, 'user', u.data))
            FROM target_users t JOIN tenant_users u ON u.object_key = t.object_key) AS target_users,
         (SELECT coalesce(json_agg(g ORDER BY g.sort_name, g.owner_sip), '[]'::json)
            FROM (${groupsContainingRowsSql('me.sip')}) AS g) AS memberships,
         ${requestsByRequesterJsonSql('me.sip', '$3')} AS requests
    FROM me LEFT JOIN page_settings s ON true`;

/**
 * Read the page of the user `ref` names (a SIP URI, UPN or object id, resolved as userByRef
 * resolves it): the user record, their settings, the groups they are in, their newest
 * `requestLimit` requests and their members. Undefined when `ref` names nobody.
 */
export async function readMyPage(q: Queryable, ref: string, requestLimit: number): Promise<{ readonly user: User; readonly page: MyPage } | undefined> {
  const refKey = userRefKey(ref);
  const [row] = await q.query<PageRow>(MY_PAGE_SQL, [refKey, normalizeSip(refKey), requestLimit]);
  if (!row?.user || !row.sip) return undefined;
  const { sip, user } = row;
  const memberships = (row.memberships ?? []).map(membershipOf);
  const requests = requestsFromJson(row.requests);
  if (!row.settings) {
    const settings = { sip, settings: defaultCallingSettings(sip), versions: INITIAL_VERSIONS, stored: false };
    return { user, page: { settings, memberships, requests, targets: new Map() } };
  }
  const settings: StoredSettings = { sip, settings: row.settings, versions: versionsOf(row as Record<SettingsGroup, number>), stored: true };
  const targetList = row.settings.CallGroupTargets;
  const targets = resolveAmong((row.target_users ?? []) as OrderedUser[], targetList.filter(sqlKeysMatch));
  const unusual = targetList.filter((target) => !sqlKeysMatch(target));
  if (unusual.length > 0) for (const [name, resolved] of await resolveUserRefs(q, unusual)) targets.set(name, resolved);
  return { user, page: { settings, memberships, requests, targets } };
}
