import { describe, expect, it } from 'vitest';
import { delegate, objectIdOf, sipOf, testPolicy, testSettings, testUser, testUsers, upnOf } from '../testing/testTenant.js';
import { codesOf, scanParts, summary } from './scanTestSupport.js';

const manager = testUser('manager');
const noDelegation = [testPolicy('Global', { AllowDelegation: false })];
const toDelegates = { IsUnansweredEnabled: true, UnansweredTargetType: 'MyDelegates' } as const;

describe('delegation health', () => {
  it('reports nothing for delegates who may receive calls', () => {
    expect(scanParts({ users: [manager, ...testUsers(2)], callingSettings: [testSettings('manager', { ...toDelegates, Delegates: [delegate(sipOf('member1')), delegate(upnOf('member2'))] })] })).toEqual([]);
  });

  it('reports delegates left behind by a policy without delegation, resolving every spelling (DL01)', () => {
    const ids = [objectIdOf('member1'), 'MEMBER2@contoso.com', 'sip:ghost@contoso.com'];
    const findings = scanParts({ users: [manager, ...testUsers(2)], callingSettings: [testSettings('manager', { Delegates: ids.map((id) => delegate(id)) })], callingPolicies: noDelegation });
    expect(summary(findings)).toEqual([['DL01', sipOf('manager'), [sipOf('member1'), sipOf('member2'), 'sip:ghost@contoso.com']]]);
  });

  it('reports forwarding to delegates under a policy without delegation, but not a disabled rule (DL01)', () => {
    expect(codesOf(scanParts({ users: [manager], callingSettings: [testSettings('manager', toDelegates)], callingPolicies: noDelegation }))).toEqual(['DL01', 'DL02']);
    expect(scanParts({ users: [manager], callingSettings: [testSettings('manager', { ...toDelegates, IsUnansweredEnabled: false })], callingPolicies: noDelegation })).toEqual([]);
  });

  it('reports forwarding to delegates none of whom may receive calls (DL02)', () => {
    const findings = scanParts({ users: [manager, ...testUsers(1)], callingSettings: [testSettings('manager', { ...toDelegates, Delegates: [delegate(sipOf('member1'), { ReceiveCalls: false })] })] });
    expect(summary(findings)).toEqual([['DL02', sipOf('manager'), []]]);
  });

  it('accepts 25 delegates and rejects 26 (DL03)', () => {
    const delegates = (count: number) => testUsers(count).map((u) => delegate(u.SipAddress));
    expect(scanParts({ users: [manager, ...testUsers(26)], callingSettings: [testSettings('manager', { Delegates: delegates(25) })] })).toEqual([]);
    expect(codesOf(scanParts({ users: [manager, ...testUsers(26)], callingSettings: [testSettings('manager', { Delegates: delegates(26) })] }))).toEqual(['DL03']);
  });
});
