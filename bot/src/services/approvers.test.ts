import { describe, expect, it } from 'vitest';
import { alex, megan } from '../store/testTenant.js';
import type { ApproverGroupMembers } from './approvers.js';
import { GROUP_CACHE_MS, createApproverService, noGroupMembers } from './approvers.js';

const GROUP = '5D2F0C9E-7A41-4B8E-9F3A-2C6E1B7D4A90';

function clockAt(start: number) {
  let now = start;
  return { now: () => new Date(now), advance: (ms: number) => void (now += ms) };
}

describe('the approver rule', () => {
  const members = (ids: readonly string[]): ApproverGroupMembers & { reads: number } => {
    const port = { reads: 0, members: async () => ((port.reads += 1), ids) };
    return port;
  };

  it.each([
    { rule: 'the UPN list, in any case', policy: { upns: [megan.UserPrincipalName.toUpperCase()] }, user: megan, groups: undefined, inGroup: [], approves: true },
    { rule: 'the token’s groups claim, in any case', policy: { upns: [], groupId: GROUP }, user: alex, groups: [GROUP.toLowerCase()], inGroup: [], approves: true },
    { rule: 'the group’s members when there is no claim (a card click)', policy: { upns: [], groupId: GROUP }, user: alex, groups: undefined, inGroup: [alex.Identity.toUpperCase()], approves: true },
    { rule: 'the group’s members when the claim leaves the group out', policy: { upns: [], groupId: GROUP }, user: alex, groups: ['another-group'], inGroup: [alex.Identity], approves: true },
    { rule: 'neither', policy: { upns: [megan.UserPrincipalName], groupId: GROUP }, user: alex, groups: [], inGroup: [megan.Identity], approves: false },
    { rule: 'a group claim when no group is configured', policy: { upns: [] }, user: alex, groups: [GROUP], inGroup: [alex.Identity], approves: false },
  ])('follows $rule', async ({ policy, user, groups, inGroup, approves }) => {
    const service = createApproverService({ policy, groupMembers: members(inGroup), clock: clockAt(0) });
    expect(await service.isApprover(user, groups === undefined ? {} : { groups })).toBe(approves);
  });

  it('reads the group once per cache period, and again after it', async () => {
    const port = members([alex.Identity]);
    const clock = clockAt(0);
    const service = createApproverService({ policy: { upns: [], groupId: GROUP }, groupMembers: port, clock });
    await service.isApprover(alex);
    await service.isApprover(megan);
    expect(port.reads).toBe(1);
    clock.advance(GROUP_CACHE_MS);
    await service.isApprover(alex);
    expect(port.reads).toBe(2);
  });

  it('refuses while the group cannot be read, and asks again at once instead of caching the failure', async () => {
    let fail = true;
    const port: ApproverGroupMembers = { members: async () => (fail ? Promise.reject(new Error('Graph is down')) : [alex.Identity]) };
    const service = createApproverService({ policy: { upns: [], groupId: GROUP }, groupMembers: port, clock: clockAt(0) });
    expect(await service.isApprover(alex)).toBe(false);
    fail = false;
    expect(await service.isApprover(alex)).toBe(true);
  });

  it('names every approver for the cards: the UPN list and the group’s members', async () => {
    const service = createApproverService({ policy: { upns: [megan.UserPrincipalName.toUpperCase()], groupId: GROUP }, groupMembers: members([alex.Identity]), clock: clockAt(0) });
    expect(await service.approverRefs()).toEqual([megan.UserPrincipalName.toLowerCase(), alex.Identity.toLowerCase()]);
    const listOnly = createApproverService({ policy: { upns: [] }, groupMembers: noGroupMembers, clock: clockAt(0) });
    expect(await listOnly.approverRefs()).toEqual([]);
  });
});
