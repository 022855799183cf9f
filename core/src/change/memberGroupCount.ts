import type { TenantLookup } from '../model/lookup.js';
import { canonicalMemberRef, userSip } from './memberRef.js';

/**
 * How many call groups a member (a canonical lower-case `sip:` URI) is already in,
 * that is how many owners list them in CallGroupTargets. The server passes one backed
 * by its reverse index; without it validation scans the tenant.
 */
export type GroupsOf = (memberSip: string) => number;

/**
 * Counts, for each of `memberSips`, the owners other than `ownerSip` whose call group
 * targets include them. Membership lives on the owner (teams-calling-facts.md §1), so
 * there is no reverse index in a snapshot: this reads every user's settings once.
 *
 * Cost: one pass over `lookup.users()`, resolving each target once: O(users × targets
 * per owner) lookups, independent of how many members are asked about. Use a
 * `GroupsOf` backed by an index when validating often against a large tenant.
 */
export function countGroupsByScan(
  lookup: TenantLookup,
  memberSips: ReadonlySet<string>,
  ownerSip: string,
): Map<string, number> {
  const counts = new Map<string, number>();
  if (memberSips.size === 0) return counts;
  for (const owner of lookup.users()) {
    if (userSip(owner) === ownerSip) continue;
    const targets = lookup.settingsOf(owner).CallGroupTargets;
    if (targets.length === 0) continue;
    // An owner who lists a member twice still holds them in one group.
    const seen = new Set<string>();
    for (const target of targets) {
      const sip = canonicalMemberRef(target, lookup);
      if (!memberSips.has(sip) || seen.has(sip)) continue;
      seen.add(sip);
      counts.set(sip, (counts.get(sip) ?? 0) + 1);
    }
  }
  return counts;
}

/** A `GroupsOf` for the given members, from one scan of the tenant. */
export function groupsOfByScan(lookup: TenantLookup, memberSips: ReadonlySet<string>, ownerSip: string): GroupsOf {
  const counts = countGroupsByScan(lookup, memberSips, ownerSip);
  return (memberSip) => counts.get(memberSip) ?? 0;
}
