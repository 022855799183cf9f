import { describe, expect, it } from 'vitest';
import { membership, objectIdOf, sipOf, testPolicy, testSettings, testUser, testUsers, upnOf } from '../testing/testTenant.js';
import { codesOf, scanParts, summary } from './scanTestSupport.js';

const owner = testUser('owner');
const sips = (count: number, prefix = 'member') => Array.from({ length: count }, (_, i) => sipOf(`${prefix}${i + 1}`));

/** An owner with these targets (and settings), plus `memberCount` healthy members. */
function groupScan(targets: readonly string[], extra: Parameters<typeof testSettings>[1] = {}, memberCount = targets.length) {
  return scanParts({ users: [owner, ...testUsers(memberCount)], callingSettings: [testSettings('owner', { CallGroupTargets: targets, ...extra })] });
}

const groupForwarding = { IsForwardingEnabled: true, ForwardingType: 'Simultaneous', ForwardingTargetType: 'Group' } as const;

describe('call group health, owner side', () => {
  it('reports nothing for a healthy group of members who get rung', () => {
    expect(groupScan(sips(3), groupForwarding)).toEqual([]);
  });

  it('reports an orphaned group once the calling policy stops allowing call groups (CG01)', () => {
    const findings = scanParts({
      users: [owner, ...testUsers(3)],
      callingSettings: [testSettings('owner', { CallGroupTargets: sips(3) })],
      callingPolicies: [testPolicy('Global', { AllowCallGroups: false })],
    });
    expect(summary(findings)).toEqual([['CG01', sipOf('owner'), sips(3)]]);
    expect(findings[0]?.message).toMatchInlineSnapshot(`"Owner's calling policy (Global) no longer allows call groups, but their group still has 3 members, so calls may be routed wrongly."`);
  });

  it('reports CG01 for Group forwarding alone, and not for an owner with nothing left', () => {
    const policies = [testPolicy('Tag:NoGroups', { AllowCallGroups: false })];
    const onPolicy = { TeamsCallingPolicy: 'Tag:NoGroups' };
    const forwarding = scanParts({ users: [testUser('owner', onPolicy)], callingSettings: [testSettings('owner', groupForwarding)], callingPolicies: policies });
    expect(codesOf(forwarding)).toEqual(['CG01', 'CG02']);
    const nothing = scanParts({ users: [testUser('owner', onPolicy)], callingSettings: [testSettings('owner')], callingPolicies: policies });
    expect(nothing).toEqual([]);
  });

  it('ignores a disabled forwarding rule whose stale target type is Group (CG02)', () => {
    expect(groupScan([], { ...groupForwarding, IsForwardingEnabled: false })).toEqual([]);
    expect(summary(groupScan([], { IsUnansweredEnabled: true, UnansweredTargetType: 'Group' }))).toEqual([['CG02', sipOf('owner'), []]]);
  });

  it('accepts InOrder with five members and rejects InOrder with six (CG03)', () => {
    expect(groupScan(sips(5), { CallGroupOrder: 'InOrder' })).toEqual([]);
    expect(codesOf(groupScan(sips(6), { CallGroupOrder: 'InOrder' }))).toEqual(['CG03']);
    expect(groupScan(sips(6), { CallGroupOrder: 'Simultaneous' })).toEqual([]);
  });

  it('counts InOrder targets as written, duplicates included (CG03)', () => {
    const targets = [...sips(5), upnOf('member1')];
    expect(codesOf(groupScan(targets, { CallGroupOrder: 'InOrder' }, 5))).toEqual(['CG03', 'CG11']);
  });

  it('accepts 25 members and rejects 26 (CG04)', () => {
    expect(groupScan(sips(25))).toEqual([]);
    expect(summary(groupScan(sips(26)))).toEqual([['CG04', sipOf('owner'), []]]);
  });

  it('accepts a target list of 32,768 characters and rejects 32,769 (CG05)', () => {
    // 25 unresolved SIP-like targets: the count is over `sip:` URIs plus 24 separators.
    const padded = (total: number) => {
      const base = Array.from({ length: 25 }, (_, i) => `sip:${String(i).padStart(2, '0')}x@contoso.com`);
      const used = base.reduce((sum, uri) => sum + uri.length, 24);
      const last = base[24] ?? '';
      base[24] = last.replace('x@', `${'x'.repeat(total - used + 1)}@`);
      return base;
    };
    const withinLimit = scanParts({ users: [owner], callingSettings: [testSettings('owner', { CallGroupTargets: padded(32_768) })] });
    expect(codesOf(withinLimit).filter((code) => code !== 'CG07')).toEqual([]);
    const overLimit = scanParts({ users: [owner], callingSettings: [testSettings('owner', { CallGroupTargets: padded(32_769) })] });
    expect(codesOf(overLimit).filter((code) => code !== 'CG07')).toEqual(['CG05']);
  });

  it('counts CG05 characters over full sip: URIs even when targets are written without sip:', () => {
    // Written bare, 32,768 - 24 characters; stored with `sip:` on each of the 25 entries it is 100 more.
    const bare = Array.from({ length: 25 }, (_, i) => `${String(i).padStart(2, '0')}${'y'.repeat(1293)}@contoso.com`);
    const written = bare.reduce((sum, ref) => sum + ref.length, 24);
    expect(written).toBeLessThanOrEqual(32_768);
    expect(codesOf(scanParts({ users: [owner], callingSettings: [testSettings('owner', { CallGroupTargets: bare })] }))).toContain('CG05');
  });

  it('reports each target that matches no user, as written and lower-cased (CG07)', () => {
    const findings = groupScan([sipOf('member1'), 'Ghost@Contoso.com', 'SIP:ghost@contoso.com', 'Zed@contoso.com'], {}, 1);
    expect(summary(findings, 'CG07')).toEqual([
      ['CG07', sipOf('owner'), ['ghost@contoso.com']],
      ['CG07', sipOf('owner'), ['zed@contoso.com']],
    ]);
  });

  it('resolves targets written as lower or upper SIP, without sip:, as UPN or as object id', () => {
    // Six spellings of six different members, each of whom is disabled: every one must resolve to report CG08.
    const targets = ['sip:member1@contoso.com', 'SIP:MEMBER2@CONTOSO.COM', 'member3@contoso.com', upnOf('member4'), objectIdOf('member5'), objectIdOf('member6').toUpperCase()];
    const disabled = Array.from({ length: 6 }, (_, i) => testUser(`member${i + 1}`, { AccountEnabled: false }));
    const findings = scanParts({ users: [owner, ...disabled], callingSettings: [testSettings('owner', { CallGroupTargets: targets })] });
    expect(summary(findings, 'CG07')).toEqual([]);
    expect(summary(findings, 'CG08').map(([, , related]) => related)).toEqual(sips(6).map((sip) => [sip]));
  });

  it('reports a disabled member (CG08) and an unlicensed or non-Teams-Only member (CG09), one finding each', () => {
    const findings = scanParts({
      users: [owner, testUser('member1', { AccountEnabled: false }), testUser('member2', { HasTeamsPhoneLicense: false }), testUser('member3', { TeamsUpgradeEffectiveMode: 'Islands' })],
      callingSettings: [testSettings('owner', { CallGroupTargets: [...sips(3), upnOf('member1')] })],
    });
    expect(summary(findings, 'CG08', 'CG09')).toEqual([
      ['CG08', sipOf('owner'), [sipOf('member1')]],
      ['CG09', sipOf('owner'), [sipOf('member2')]],
      ['CG09', sipOf('owner'), [sipOf('member3')]],
    ]);
    expect(findings.find((f) => f.code === 'CG08')?.message).toBe("Member1 is in Owner's call group, but their account is disabled, so group calls cannot reach them.");
  });

  it('reports an ineligible owner with targets or Group forwarding, not one without (CG10)', () => {
    const unlicensed = testUser('owner', { HasTeamsPhoneLicense: false });
    expect(codesOf(scanParts({ users: [unlicensed, ...testUsers(1)], callingSettings: [testSettings('owner', { CallGroupTargets: sips(1) })] }))).toEqual(['CG10']);
    expect(scanParts({ users: [unlicensed], callingSettings: [testSettings('owner')] })).toEqual([]);
    expect(codesOf(scanParts({ users: [testUser('owner', { AccountEnabled: false })], callingSettings: [testSettings('owner', groupForwarding)] }))).toEqual(['CG02', 'CG10']);
  });

  it('resolves an owner written as object id, UPN or SIP without sip: as the same person as themselves (CG11)', () => {
    for (const self of [objectIdOf('owner'), upnOf('owner'), 'OWNER@contoso.com']) {
      expect(summary(groupScan([self, sipOf('member1')], {}, 1))).toEqual([['CG11', sipOf('owner'), [sipOf('owner')]]]);
    }
  });

  it('reports the owner as their own target and a member written twice in different spellings (CG11)', () => {
    expect(summary(groupScan([sipOf('owner'), sipOf('member1')], {}, 1), 'CG11')).toEqual([['CG11', sipOf('owner'), [sipOf('owner')]]]);
    const twice = groupScan([upnOf('member1'), 'SIP:Member1@contoso.com', sipOf('member2')], {}, 2);
    expect(summary(twice)).toEqual([['CG11', sipOf('owner'), [sipOf('member1')]]]);
    expect(groupScan(sips(2))).toEqual([]);
  });

  it('reports nobody-alerted when every member muted the group by override or by detail (CG13)', () => {
    const findings = scanParts({
      users: [owner, ...testUsers(2)],
      callingSettings: [
        testSettings('owner', { CallGroupTargets: sips(2) }),
        testSettings('member1', { GroupNotificationOverride: 'Mute', GroupMembershipDetails: [membership(sipOf('owner'), 'Ring')] }),
        testSettings('member2', { GroupMembershipDetails: [membership(objectIdOf('owner'), 'Mute')] }),
      ],
    });
    expect(summary(findings)).toEqual([['CG13', sipOf('owner'), []]]);
  });

  it('does not treat a Banner override as muting: only Mute overrides the per-group choice (CG13)', () => {
    const findings = scanParts({
      users: [owner, ...testUsers(1)],
      callingSettings: [testSettings('owner', { CallGroupTargets: sips(1) }), testSettings('member1', { GroupNotificationOverride: 'Banner', GroupMembershipDetails: [membership(sipOf('owner'), 'Ring')] })],
    });
    expect(findings).toEqual([]);
  });

  it('counts a member with no detail for this owner as alerted, even if they muted another group (CG13)', () => {
    const findings = scanParts({
      users: [owner, testUser('other'), ...testUsers(1)],
      callingSettings: [testSettings('owner', { CallGroupTargets: sips(1) }), testSettings('member1', { GroupMembershipDetails: [membership(sipOf('other'), 'Mute')] })],
    });
    expect(codesOf(findings)).toEqual(['CG12']);
  });

  it('reports Group forwarding bypassed by a Voicemail or Unanswered inbound treatment (CG14)', () => {
    const scan = (pstn: 'Voicemail' | 'UserOverride' | 'RegularIncoming', federated: 'Unanswered' | 'RegularIncoming') =>
      scanParts({
        users: [owner, ...testUsers(1)],
        callingSettings: [testSettings('owner', { CallGroupTargets: sips(1), ...groupForwarding })],
        callingPolicies: [testPolicy('Global', { InboundPstnCallRoutingTreatment: pstn, InboundFederatedCallRoutingTreatment: federated })],
      });
    expect(codesOf(scan('Voicemail', 'RegularIncoming'))).toEqual(['CG14']);
    expect(codesOf(scan('RegularIncoming', 'Unanswered'))).toEqual(['CG14']);
    expect(scan('UserOverride', 'RegularIncoming')).toEqual([]);
  });

  it('accepts unanswered delays of 5 to 60 seconds in the documented steps and rejects 25 (CG15)', () => {
    for (const delay of ['00:00:05', '00:00:10', '00:00:15', '00:00:20', '00:00:30', '00:00:40', '00:00:50', '00:01:00']) {
      expect(scanParts({ users: [owner], callingSettings: [testSettings('owner', { UnansweredDelay: delay })] })).toEqual([]);
    }
    for (const delay of ['00:00:25', '00:00:00', '00:02:00', 'soon']) {
      expect(codesOf(scanParts({ users: [owner], callingSettings: [testSettings('owner', { UnansweredDelay: delay })] }))).toEqual(['CG15']);
    }
  });
});
