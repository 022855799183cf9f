import type { CallingSettings } from '@cgm/core';
import { userRefKey } from '@cgm/core';

/**
 * How sync spends the tenant's read budget (Teams has no bulk read of calling settings, so every
 * user costs one Get-CsUserCallingSettings). Two tiers:
 *
 * - hot: users in a relationship (call group owners and members, delegates and delegators, Shared
 *   Calling users), users with a recent request and users whose directory entry just changed,
 *   where direct edits happen. Each is re-read every `hotPeriodSeconds`.
 * - everyone else, read once per rolling pass. A hot read counts for the pass too.
 *
 * With N users, H of them hot, C = N − H and a budget of B reads per second, the hot tier gets a
 * share s of B and the rolling pass the rest: hotPeriod = H ÷ (s·B), and the pass, which then
 * only needs the C cold users (and any hot one its tier has not reached yet), takes C ÷ ((1 − s)·B),
 * never less than N ÷ B. The share is the largest that keeps a full
 * pass within `passStretch` times its floor N ÷ B: s = 1 − C ÷ (passStretch·N), at most
 * `maxHotShare`; and a hot user is not re-read more often than every `minHotPeriodSeconds`.
 */
export interface TierOptions {
  /** The tenant's read budget B, reads per second (SYNC_READS_PER_SECOND). */
  readonly readsPerSecond: number;
  /**
   * How much longer than N ÷ B a full pass may take so the hot tier is read often (default 1.05: queue
   * jumps and newly related users cost a few percent more, and a pass must stay within 1.15 × N ÷ B).
   */
  readonly passStretch?: number;
  readonly maxHotShare?: number;
  readonly minHotPeriodSeconds?: number;
}

export interface TierPlan {
  readonly users: number;
  readonly hotUsers: number;
  readonly readsPerSecond: number;
  /** The share s of the budget the hot tier spends. */
  readonly hotShare: number;
  /** How often each hot user is re-read. */
  readonly hotPeriodSeconds: number;
  /** How long one rolling pass over everyone takes at this budget. */
  readonly passSeconds: number;
  /** The floor N ÷ B: every user read once at the full budget. */
  readonly floorSeconds: number;
}

export function tierPlan(sizes: { readonly users: number; readonly hot: number }, options: TierOptions): TierPlan {
  const budget = options.readsPerSecond;
  if (!(budget > 0)) throw new RangeError(`readsPerSecond must be above 0, got ${budget}`);
  const users = Math.max(0, sizes.users);
  const hot = Math.min(users, Math.max(0, sizes.hot));
  const cold = users - hot;
  const floorSeconds = users / budget;
  const stretch = options.passStretch ?? 1.05;
  const minPeriod = options.minHotPeriodSeconds ?? 60;
  let share = users === 0 || hot === 0 ? 0 : Math.min(options.maxHotShare ?? 0.9, Math.max(0, 1 - cold / (stretch * users)));
  // A small hot tier needs less than its share: never re-read a user more often than minPeriod.
  if (hot > 0 && hot / (share * budget) < minPeriod) share = hot / (minPeriod * budget);
  const hotPeriodSeconds = hot === 0 ? minPeriod : hot / (share * budget);
  // The rolling pass reads the hot users their tier has not reached yet, so a pass never waits for a
  // hot period: it is the cold users at the rolling share, and never under the floor.
  const passSeconds = Math.max(floorSeconds, cold === 0 ? 0 : cold / ((1 - share) * budget));
  return { users, hotUsers: hot, readsPerSecond: budget, hotShare: share, hotPeriodSeconds, passSeconds, floorSeconds };
}

/** Whether a user's own settings put them in a relationship. */
export function settingsRelate(settings: CallingSettings): boolean {
  return settings.CallGroupTargets.length > 0 || settings.GroupMembershipDetails.length > 0 || settings.Delegates.length > 0;
}

/**
 * The other side of what a read revealed: owners named by a membership entry we did not have,
 * members added to or removed from the group (Teams changed their entries), delegates added or
 * removed. Each may have changed too, so they are read at once.
 */
export function revealedRefs(before: CallingSettings | undefined, after: CallingSettings): string[] {
  const diff = (was: readonly string[], now: readonly string[]) => {
    const a = new Set(was.map(userRefKey));
    const b = new Set(now.map(userRefKey));
    return [...b].filter((ref) => !a.has(ref)).concat([...a].filter((ref) => !b.has(ref)));
  };
  const owners = (s: CallingSettings | undefined) => s?.GroupMembershipDetails.map((d) => d.CallGroupOwnerId) ?? [];
  const delegates = (s: CallingSettings | undefined) => s?.Delegates.map((d) => d.Id) ?? [];
  const refs = [
    ...diff(owners(before), owners(after)),
    ...diff(before?.CallGroupTargets ?? [], after.CallGroupTargets),
    ...diff(delegates(before), delegates(after)),
  ];
  return [...new Set(refs)];
}
