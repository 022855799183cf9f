import { describe, expect, it } from 'vitest';
import { createTenantLookup } from '../model/lookup.js';
import { namedUser, sipOf as sip, testSettings, testTenant } from '../testing/testTenant.js';
import { applySettingsWrite } from './writeEffect.js';
import { planMemberRemoval } from './memberRemoval.js';

const owner = namedUser('alex');
const lookupWith = (targets: readonly string[], forwarding = false) =>
  createTenantLookup(
    testTenant({
      users: [owner, namedUser('quentin', { AccountEnabled: false }), namedUser('ivy', { HasTeamsPhoneLicense: false }), namedUser('brian')],
      callingSettings: [
        testSettings(owner, { CallGroupTargets: targets, ...(forwarding ? { IsForwardingEnabled: true, ForwardingType: 'Simultaneous', ForwardingTargetType: 'Group' } : {}) }),
      ],
    }),
  );

const after = (lookup: ReturnType<typeof lookupWith>, member: string) => {
  const plan = planMemberRemoval(lookup, owner, member);
  if (!('writes' in plan)) throw new Error(`expected writes: ${plan.advice}`);
  return { plan, settings: plan.writes.reduce((current, write) => applySettingsWrite(current, write), lookup.settingsOf(owner)) };
};

describe('an owner removing one member', () => {
  it('keeps everyone else in their order, however the member was written', () => {
    const { plan, settings } = after(lookupWith([sip('brian'), 'Quentin@contoso.com', sip('ivy')]), sip('quentin'));
    expect(settings.CallGroupTargets).toEqual([sip('brian'), sip('ivy')]);
    expect(plan.summary).toMatch(/^Removes .* from the call group\.$/);
  });

  it('removes an unlicensed member too, which an admin’s fix would rather license', () => {
    expect(after(lookupWith([sip('ivy'), sip('brian')]), sip('ivy')).settings.CallGroupTargets).toEqual([sip('brian')]);
  });

  it('turns off forwarding to a group it leaves empty, as Teams requires', () => {
    const { plan, settings } = after(lookupWith([sip('quentin')], true), sip('quentin'));
    expect(settings.CallGroupTargets).toEqual([]);
    expect(settings.IsForwardingEnabled).toBe(false);
    expect(plan.summary).toMatch(/turns off forwarding/);
  });

  it('gives advice, not writes, when the member is no longer there', () => {
    expect(planMemberRemoval(lookupWith([sip('brian')]), owner, sip('quentin'))).toMatchObject({ summary: 'Nothing to change.' });
  });
});
