import type { TenantLookup } from '../model/lookup.js';
import type { ResourceAccount, SharedCallingPolicy, User } from '../model/tenant.js';

/**
 * What the health rules read: the tenant through `TenantLookup`, plus the reverse
 * relations a snapshot does not hold (membership lives on the owner, so "who has me
 * in their group" needs every owner's settings; teams-calling-facts.md §1).
 *
 * Two implementations: `createRelationIndex` builds the relations in one pass over
 * any lookup (the full scan), and the incremental `TenantGraph` keeps them up to date
 * edit by edit. Both resolve identities with the snapshot's matching rules.
 */
export interface HealthContext extends TenantLookup {
  /** The user's SIP address as a lower-case `sip:` URI, computed once per user. */
  sipOf(user: User): string;
  /** A user by object id (lower-cased), for scan units keyed by id. */
  userById(id: string): User | undefined;
  /** The distinct owners with at least one call group target that resolves to `member`. */
  ownersOf(member: User): readonly User[];
  /** How many distinct owners have `member` among their targets. */
  ownerCountOf(member: User): number;
  /** True when at least one of `owner`'s call group targets resolves to `member`. */
  isTargetOf(member: User, owner: User): boolean;
  /** The Shared Calling policy with this comparison key (`policyKey`), one per key. */
  sharedPolicyByKey(key: string): SharedCallingPolicy | undefined;
  /** Every Shared Calling policy, one per comparison key. */
  distinctSharedPolicies(): Iterable<SharedCallingPolicy>;
  /** Every number (normalised, `+digits`) that is an emergency number of some policy. */
  emergencyNumbers(): Iterable<string>;
  /** The distinct policies listing `number` (normalised) among their emergency numbers. */
  policiesListing(number: string): readonly SharedCallingPolicy[];
  /** Users whose LineUri is `number` (normalised). */
  usersWithLine(number: string): readonly User[];
  /** Resource accounts whose PhoneNumber is `number` (normalised). */
  accountsWithNumber(number: string): readonly ResourceAccount[];
}

/** True when the lookup already carries the relations (the incremental graph does). */
export function isHealthContext(lookup: TenantLookup): lookup is HealthContext {
  const candidate = lookup as Partial<HealthContext>;
  return typeof candidate.ownersOf === 'function' && typeof candidate.policiesListing === 'function';
}
