import { describe, expect, it } from 'vitest';
import { defaultCallingSettings } from '@cgm/core';
import { revealedRefs, tierPlan } from './tiers.js';

describe('tierPlan: the tiers and their periods come from the budget and the tier sizes', () => {
  it('a 100,000-user tenant with 5,000 hot users at 10 reads/s: the hot share keeps the pass within passStretch times its floor (1.05 by default)', () => {
    expect(tierPlan({ users: 100_000, hot: 5_000 }, { readsPerSecond: 10 }).passSeconds).toBeCloseTo(10_500, 6);
    const plan = tierPlan({ users: 100_000, hot: 5_000 }, { readsPerSecond: 10, passStretch: 1.1 });
    expect(plan.floorSeconds).toBe(10_000);
    // s = 1 − C ÷ (1.1·N) = 1 − 95,000 ÷ 110,000
    expect(plan.hotShare).toBeCloseTo(1 - 95_000 / 110_000, 10);
    expect(plan.hotPeriodSeconds).toBeCloseTo(5_000 / (plan.hotShare * 10), 6);
    expect(plan.passSeconds).toBeCloseTo(11_000, 6);
    expect(plan.hotPeriodSeconds).toBeLessThan(plan.passSeconds);
  });

  it('the periods scale with the budget: twice the reads, half the time', () => {
    const slow = tierPlan({ users: 50_000, hot: 2_000 }, { readsPerSecond: 5 });
    const fast = tierPlan({ users: 50_000, hot: 2_000 }, { readsPerSecond: 10 });
    expect(fast.hotPeriodSeconds * 2).toBeCloseTo(slow.hotPeriodSeconds, 6);
    expect(fast.passSeconds * 2).toBeCloseTo(slow.passSeconds, 6);
  });

  it('a small hot tier is not re-read more often than the minimum period, and leaves the rest of the budget to the pass', () => {
    const plan = tierPlan({ users: 100_000, hot: 10 }, { readsPerSecond: 10, minHotPeriodSeconds: 60 });
    expect(plan.hotPeriodSeconds).toBeCloseTo(60, 6);
    expect(plan.hotShare).toBeCloseTo(10 / 600, 10);
    expect(plan.passSeconds).toBeCloseTo(99_990 / ((1 - 10 / 600) * 10), 6);
  });

  it('no hot users: the pass has the whole budget and takes exactly its floor', () => {
    const plan = tierPlan({ users: 1_000, hot: 0 }, { readsPerSecond: 10 });
    expect(plan).toMatchObject({ hotShare: 0, passSeconds: 100, floorSeconds: 100 });
  });

  it('everyone hot: the share is capped, and the pass, which the rolling share helps finish, takes its floor', () => {
    const plan = tierPlan({ users: 1_000, hot: 1_000 }, { readsPerSecond: 10, maxHotShare: 0.9 });
    expect(plan.hotShare).toBe(0.9);
    expect(plan.hotPeriodSeconds).toBeCloseTo(1_000 / 9, 6);
    expect(plan.passSeconds).toBe(plan.floorSeconds);
  });

  it('an empty tenant and sizes out of range are taken as they can be; a budget of zero or less is refused, naming it', () => {
    expect(tierPlan({ users: 0, hot: 0 }, { readsPerSecond: 10 })).toMatchObject({ users: 0, hotUsers: 0, passSeconds: 0, floorSeconds: 0 });
    expect(tierPlan({ users: 10, hot: 50 }, { readsPerSecond: 10 }).hotUsers).toBe(10);
    expect(() => tierPlan({ users: 10, hot: 1 }, { readsPerSecond: 0 })).toThrow(/readsPerSecond/);
    expect(() => tierPlan({ users: 10, hot: 1 }, { readsPerSecond: Number.NaN })).toThrow(/readsPerSecond/);
  });
});

describe('revealedRefs: the other side of what a read shows for the first time', () => {
  const sip = 'sip:member@contoso.com';
  const before = { ...defaultCallingSettings(sip), GroupMembershipDetails: [{ CallGroupOwnerId: 'sip:known@contoso.com', NotificationSetting: 'Ring' as const }] };

  it('a membership entry naming an owner we did not have', () => {
    const after = { ...before, GroupMembershipDetails: [...before.GroupMembershipDetails, { CallGroupOwnerId: 'SIP:New.Owner@contoso.com', NotificationSetting: 'Ring' as const }] };
    expect(revealedRefs(before, after)).toEqual(['sip:new.owner@contoso.com']);
  });

  it('members added to or removed from a group, and delegates added', () => {
    const owner = { ...defaultCallingSettings('sip:owner@contoso.com'), CallGroupTargets: ['a@contoso.com', 'b@contoso.com'] };
    const changed = { ...owner, CallGroupTargets: ['b@contoso.com', 'c@contoso.com'], Delegates: [{ Id: 'd@contoso.com', MakeCalls: true, ManageSettings: false, ReceiveCalls: true, PickUpHeldCalls: false, JoinActiveCalls: false }] };
    expect(revealedRefs(owner, changed).sort()).toEqual(['a@contoso.com', 'c@contoso.com', 'd@contoso.com']);
  });

  it('nothing new, nothing revealed; a first read reveals everyone it names', () => {
    expect(revealedRefs(before, { ...before })).toEqual([]);
    expect(revealedRefs(undefined, before)).toEqual(['sip:known@contoso.com']);
  });
});
