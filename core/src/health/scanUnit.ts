import type { Finding } from '../model/finding.js';
import type { User } from '../model/tenant.js';
import { policyKey, userRefKey } from '../model/identity.js';
import { ownerCallGroupFindings } from './callGroupHealth.js';
import { memberCallGroupFindings } from './callGroupMemberHealth.js';
import { delegationFindings } from './delegationHealth.js';
import type { HealthContext } from './healthContext.js';
import { emergencyNumberFindings, sharedPolicyFindings } from './sharedCallingHealth.js';
import { sharedUserFindings } from './sharedCallingUserHealth.js';

/**
 * The scan is computed per unit, so an incremental index can re-check only the units an
 * edit touches; the full scan is every unit. Each finding belongs to exactly one unit:
 *
 * - `owner:<object id>`: the owner-side call group checks, CG15 and delegation (subject the user);
 * - `member:<object id>`: CG06 and CG12 (subject the member);
 * - `scuser:<object id>`: SC20-SC24 (subject the Shared Calling user);
 * - `policy:<policy key>`: SC01-SC05, SC08-SC13 (subject the Shared Calling policy);
 * - `number:<+digits>`: SC06, SC07, SC14 (subject the emergency number).
 */
export type ScanUnitKind = 'owner' | 'member' | 'scuser' | 'policy' | 'number';

/** A unit id such as `owner:8a1f0c52-…` or `number:+14155550199`. */
export type ScanUnit = `${ScanUnitKind}:${string}`;

/** The key users are known by in unit ids: their object id, lower-cased. */
export function userUnitKey(user: User): string {
  return userRefKey(user.Identity);
}

/** Appends the owner-unit findings of `user`: call groups they own, their delays, their delegation. */
export function ownerUnitFindings(ctx: HealthContext, user: User, out: Finding[]): void {
  const settings = ctx.settingsOf(user);
  ownerCallGroupFindings(ctx, user, settings, out);
  delegationFindings(ctx, user, settings, out);
}

/** Appends the member-unit findings of `user`: the groups they are in. */
export function memberUnitFindings(ctx: HealthContext, user: User, out: Finding[]): void {
  memberCallGroupFindings(ctx, user, ctx.settingsOf(user), out);
}

/** Appends every finding of one user's three units, reading their settings once. */
export function userFindings(ctx: HealthContext, user: User, out: Finding[]): void {
  const settings = ctx.settingsOf(user);
  ownerCallGroupFindings(ctx, user, settings, out);
  delegationFindings(ctx, user, settings, out);
  memberCallGroupFindings(ctx, user, settings, out);
  sharedUserFindings(ctx, user, out);
}

/** Every unit of the tenant: three per user, one per Shared Calling policy, one per emergency number. */
export function* unitsOf(ctx: HealthContext): Generator<ScanUnit> {
  for (const user of ctx.users()) {
    const key = userUnitKey(user);
    yield `owner:${key}`;
    yield `member:${key}`;
    yield `scuser:${key}`;
  }
  for (const policy of ctx.distinctSharedPolicies()) yield `policy:${policyKey(policy.Identity)}`;
  for (const number of ctx.emergencyNumbers()) yield `number:${number}`;
}

/** Appends the findings of one unit to `out`; a unit whose subject no longer exists has none. */
export function scanUnit(ctx: HealthContext, unit: ScanUnit, out: Finding[]): void {
  const colon = unit.indexOf(':');
  const kind = unit.slice(0, colon) as ScanUnitKind;
  const key = unit.slice(colon + 1);
  if (kind === 'policy') {
    const policy = ctx.sharedPolicyByKey(key);
    if (policy) sharedPolicyFindings(ctx, policy, out);
    return;
  }
  if (kind === 'number') {
    emergencyNumberFindings(ctx, key, out);
    return;
  }
  const user = ctx.userById(key);
  if (!user) return;
  if (kind === 'owner') ownerUnitFindings(ctx, user, out);
  else if (kind === 'member') memberUnitFindings(ctx, user, out);
  else sharedUserFindings(ctx, user, out);
}
