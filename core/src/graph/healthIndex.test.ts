import { describe, expect, it } from 'vitest';
import { createTenantLookup } from '../model/lookup.js';
import { scanTenant } from '../health/healthScan.js';
import { membership, objectIdOf, phoneNumber, sharedPolicy, sipOf, testSettings, testTenant, testUser, testUsers } from '../testing/testTenant.js';
import { summary } from '../health/scanTestSupport.js';
import { HealthIndex } from './healthIndex.js';
import { TenantGraph } from './tenantGraph.js';

/** Bob whose UPN collides with Ann's bare SIP address: Ann, listed first, wins the key. */
const ann = testUser('ann');
const bobWithAnnsUpn = testUser('bob', { UserPrincipalName: 'ann@contoso.com' });

function indexOf(parts: Parameters<typeof testTenant>[0]): HealthIndex {
  return HealthIndex.build(TenantGraph.fromTenant(testTenant(parts)));
}

describe('HealthIndex', () => {
  it('reports a new finding and its resolution as the edit makes and undoes it', () => {
    const index = indexOf({ users: [testUser('owner'), ...testUsers(2)], callingSettings: [testSettings('owner', { CallGroupTargets: [sipOf('member1')] })] });
    const disabled = index.apply({ kind: 'upsertUser', user: testUser('member1', { AccountEnabled: false }) });
    expect(disabled.added.map((f) => [f.code, f.subject, f.related])).toEqual([['CG08', sipOf('owner'), [sipOf('member1')]]]);
    const enabled = index.apply({ kind: 'upsertUser', user: testUser('member1') });
    expect(enabled.resolved.map((f) => f.code)).toEqual(['CG08']);
    expect(index.findings()).toEqual([]);
  });

  it('reports a finding whose message changes as updated, not as added and resolved', () => {
    const members = testUsers(7).map((member) => sipOf(member.DisplayName.toLowerCase()));
    const index = indexOf({ users: [testUser('owner'), ...testUsers(7)], callingSettings: [testSettings('owner', { CallGroupOrder: 'InOrder', CallGroupTargets: members.slice(0, 6) })] });
    const delta = index.apply({ kind: 'setCallingSettings', settings: testSettings('owner', { CallGroupOrder: 'InOrder', CallGroupTargets: members }) });
    expect(delta.added).toEqual([]);
    expect(delta.resolved).toEqual([]);
    expect(delta.updated.map((f) => [f.code, f.message])).toEqual([['CG03', expect.stringContaining('7 members')]]);
  });

  it("re-checks CG13 of an owner when a member's override changes", () => {
    const index = indexOf({ users: [testUser('owner'), testUser('member')], callingSettings: [testSettings('owner', { CallGroupTargets: [sipOf('member')] })] });
    const delta = index.apply({ kind: 'setCallingSettings', settings: testSettings('member', { GroupNotificationOverride: 'Mute' }) });
    expect(delta.added.map((f) => [f.code, f.subject])).toEqual([['CG13', sipOf('owner')]]);
  });

  it('hands a colliding key to the next user when the first leaves, clearing their stale detail (CG12)', () => {
    const index = indexOf({
      users: [ann, bobWithAnnsUpn, testUser('cat')],
      callingSettings: [testSettings('cat', { CallGroupTargets: ['ann@contoso.com'] }), testSettings('bob', { GroupMembershipDetails: [membership(sipOf('cat'))] })],
    });
    expect(index.findings().map((f) => [f.code, f.subject])).toEqual([['CG12', sipOf('bob')]]);
    const delta = index.apply({ kind: 'removeUser', ref: sipOf('ann') });
    expect(delta.resolved.map((f) => [f.code, f.subject])).toEqual([['CG12', sipOf('bob')]]);
  });

  it("re-checks the owner a member's detail comes to name when a colliding user leaves (CG13)", () => {
    const index = indexOf({
      users: [ann, bobWithAnnsUpn, testUser('dan')],
      callingSettings: [testSettings('bob', { CallGroupTargets: [sipOf('dan')] }), testSettings('dan', { GroupMembershipDetails: [membership('ann@contoso.com', 'Mute')] })],
    });
    const delta = index.apply({ kind: 'removeUser', ref: objectIdOf('ann') });
    expect(delta.added.map((f) => [f.code, f.subject])).toContainEqual(['CG13', sipOf('bob')]);
    expect(index.findings()).toEqual(scanTenant(createTenantLookup(index.graph.toTenant())));
  });

  it("follows an emergency number's assignee once the number joins a policy (SC07)", () => {
    const index = indexOf({ users: [ann], phoneNumbers: [phoneNumber('+14155550199', { AssignedPstnTargetId: ann.Identity })] });
    const listed = index.apply({ kind: 'upsertSharedCallingPolicy', policy: sharedPolicy('Site1', 'gone@contoso.com', ['+14155550199']) });
    expect(summary(listed.added, 'SC07')).toEqual([['SC07', '+14155550199', [sipOf('ann')]]]);
    const left = index.apply({ kind: 'removeUser', ref: sipOf('ann') });
    expect(summary(left.resolved)).toEqual([['SC07', '+14155550199', [sipOf('ann')]]]);
  });

  it('re-checks a number of units proportional to the change, not to the tenant', () => {
    const members = testUsers(200);
    const index = indexOf({
      users: [testUser('owner'), ...members],
      callingSettings: [testSettings('owner', { CallGroupTargets: [sipOf('member1'), sipOf('member2')] })],
    });
    const delta = index.apply({ kind: 'setCallingSettings', settings: testSettings('owner', { CallGroupTargets: [sipOf('member2'), sipOf('member3')] }) });
    // The owner's two units plus the members leaving and joining.
    expect(delta.unitsChecked).toBe(5);
  });
});

describe('TenantGraph', () => {
  it('resolves targets written in any spelling to the same member', () => {
    const graph = TenantGraph.fromTenant(testTenant({ users: [testUser('owner'), testUser('member')], callingSettings: [testSettings('owner', { CallGroupTargets: ['MEMBER@contoso.com', objectIdOf('member'), 'SIP:Member@Contoso.com'] })] }));
    expect(graph.ownersOf(testUser('member')).map((owner) => owner.DisplayName)).toEqual(['Owner']);
    const member = graph.userByRef('member@contoso.com');
    const owner = graph.userByRef(objectIdOf('owner'));
    expect(member && owner && graph.isTargetOf(member, owner)).toBe(true);
    expect(member && graph.ownerCountOf(member)).toBe(1);
  });

  it('lets the first listed user win a key two users share, as the snapshot lookup does', () => {
    const graph = TenantGraph.fromTenant(testTenant({ users: [ann, bobWithAnnsUpn] }));
    expect(graph.userByRef('ann@contoso.com')?.DisplayName).toBe('Ann');
    graph.removeUser(sipOf('ann'));
    expect(graph.userByRef('ann@contoso.com')?.DisplayName).toBe('Bob');
  });

  it('drops the settings of a user who leaves, so a returning account starts from defaults', () => {
    const graph = TenantGraph.fromTenant(testTenant({ users: [testUser('owner')], callingSettings: [testSettings('owner', { CallGroupTargets: ['ghost@contoso.com'] })] }));
    graph.removeUser('owner@contoso.com');
    graph.upsertUser(testUser('owner'));
    expect(graph.settingsOf(testUser('owner')).CallGroupTargets).toEqual([]);
  });
});
