import { describe, expect, it } from 'vitest';
import { membership, objectIdOf, sipOf, testSettings, testUser, testUsers, upnOf } from '../testing/testTenant.js';
import { scanParts, summary } from './scanTestSupport.js';

const member = testUser('member');

/** `count` owners, each with `member` as their only target, written as `spelling(i)`. */
function ownersOfMember(count: number, spelling: (index: number) => string = () => sipOf('member')) {
  const owners = testUsers(count, 'owner');
  return scanParts({
    users: [member, ...owners],
    callingSettings: owners.map((_, i) => testSettings(`owner${i + 1}`, { CallGroupTargets: [spelling(i)] })),
  });
}

describe('call group health, member side', () => {
  it('accepts a member of 25 groups and rejects a member of 26 (CG06)', () => {
    expect(ownersOfMember(25)).toEqual([]);
    const findings = ownersOfMember(26);
    expect(summary(findings).map(([code, subject, related]) => [code, subject, related.length])).toEqual([['CG06', sipOf('member'), 26]]);
    const related = findings[0]?.related ?? [];
    expect(related).toEqual([...related].sort());
  });

  it('counts owners after resolving every spelling of the member (CG06)', () => {
    const spellings = [sipOf('member'), 'SIP:MEMBER@CONTOSO.COM', 'member@contoso.com', upnOf('member'), objectIdOf('member')];
    expect(summary(ownersOfMember(26, (i) => spellings[i % spellings.length] ?? ''), 'CG06')).toHaveLength(1);
  });

  it('counts an owner who lists the member twice as one group (CG06)', () => {
    const owners = testUsers(25, 'owner');
    const findings = scanParts({
      users: [member, ...owners],
      callingSettings: owners.map((_, i) => testSettings(`owner${i + 1}`, { CallGroupTargets: [sipOf('member'), upnOf('member')] })),
    });
    expect(summary(findings, 'CG06')).toEqual([]);
  });

  it('reports a membership detail naming an owner whose group no longer includes the member (CG12)', () => {
    const findings = scanParts({
      users: [member, testUser('owner')],
      callingSettings: [testSettings('owner', { CallGroupTargets: [] }), testSettings('member', { GroupMembershipDetails: [membership(upnOf('owner'))] })],
    });
    expect(summary(findings)).toEqual([['CG12', sipOf('member'), [sipOf('owner')]]]);
    expect(findings[0]?.message).toBe("Member's membership settings still name Owner's call group, which no longer includes them.");
  });

  it('reports a membership detail naming an owner who no longer exists, as written and lower-cased (CG12)', () => {
    const findings = scanParts({ users: [member], callingSettings: [testSettings('member', { GroupMembershipDetails: [membership('Gone@Contoso.com', 'Mute')] })] });
    expect(summary(findings)).toEqual([['CG12', sipOf('member'), ['gone@contoso.com']]]);
  });

  it('accepts details naming the owner by object id, UPN, or SIP in any case', () => {
    for (const ownerRef of [objectIdOf('owner'), upnOf('owner'), 'SIP:OWNER@contoso.com', 'owner@CONTOSO.com']) {
      const findings = scanParts({
        users: [member, testUser('owner')],
        callingSettings: [testSettings('owner', { CallGroupTargets: [objectIdOf('member')] }), testSettings('member', { GroupMembershipDetails: [membership(ownerRef, 'Banner')] })],
      });
      expect(findings).toEqual([]);
    }
  });
});
