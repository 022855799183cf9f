import { normalizeSip } from '@cgm/core';
import type { User } from '@cgm/core';
import type { Queryable } from './database.js';

/**
 * The people picker's search: a prefix of any word of the display name, of the UPN or of
 * the SIP address finds a user, case-insensitively; several words must all match
 * ("ale wil" finds Alex Wilber). The words are stored per user in tenant_user_search at import.
 */

/** The most entries one search returns (the picker shows a short list). */
export const MAX_DIRECTORY_RESULTS = 25;

/** A user the picker can offer, with what eligibility checks need besides the user record. */
export interface DirectoryEntry {
  readonly user: User;
  /** Canonical lower-case `sip:` URI. */
  readonly sip: string;
  /** How many call groups the user is already in (Teams allows 25). */
  readonly groupCount: number;
}

const WORD_SEPARATORS = /[\s,;()[\]"<>/]+/;
const WORD_JOINERS = /[-.'_]+/;

/** The lower-case words a user is found by: display name words (and the parts of hyphenated names), UPN, SIP address. */
export function directoryWords(user: User): string[] {
  const words = new Set<string>();
  for (const word of user.DisplayName.toLowerCase().split(WORD_SEPARATORS)) {
    if (word === '') continue;
    words.add(word);
    for (const part of word.split(WORD_JOINERS)) if (part !== '') words.add(part);
  }
  words.add(user.UserPrincipalName.trim().toLowerCase());
  words.add(normalizeSip(user.SipAddress).slice(4));
  return [...words];
}

/** The tenant_user_search text of a user: the words between spaces, so `% word` marks a word start. */
export function searchText(user: User): string {
  return ` ${directoryWords(user).join(' ')} `;
}

/** The query's words as lower-case prefixes; a leading `sip:` is ignored. */
export function queryWords(query: string): string[] {
  return query
    .toLowerCase()
    .split(WORD_SEPARATORS)
    .map((word) => word.replace(/^sip:/, ''))
    .filter((word) => word !== '');
}

// LIKE's wildcards typed by a user are plain characters; `% word%` matches a word that starts with it.
const wordStartPattern = (word: string): string => `% ${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

// The narrow search table is scanned and the top matches sorted there; only they are joined to users.
const SEARCH_SQL = `
  SELECT u.data, u.sip, (SELECT count(*) FROM call_group_members g WHERE g.member_sip = u.sip) AS group_count
    FROM (SELECT object_key, sort_key FROM tenant_user_search
           WHERE words LIKE ALL($1::text[])
           ORDER BY sort_key, object_key
           LIMIT $2) AS hit
    JOIN tenant_users u ON u.object_key = hit.object_key
   ORDER BY hit.sort_key, hit.object_key`;

/** Up to `limit` (at most 25) users matching every word of `query`, by display name. */
export async function searchDirectory(q: Queryable, query: string, limit = MAX_DIRECTORY_RESULTS): Promise<DirectoryEntry[]> {
  const words = queryWords(query);
  const capped = Math.min(Math.max(Math.trunc(limit), 0), MAX_DIRECTORY_RESULTS);
  if (words.length === 0 || capped === 0) return [];
  const rows = await q.query<{ data: User; sip: string; group_count: number }>(SEARCH_SQL, [words.map(wordStartPattern), capped]);
  return rows.map((row) => ({ user: row.data, sip: row.sip, groupCount: row.group_count }));
}
