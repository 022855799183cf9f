import { describe, expect, it } from 'vitest';
import type { CallingSettings, User } from '../model/tenant.js';
import type { Result } from '../model/result.js';
import { objectIdOf, sipOf, testLookup, testPolicy, testSettings, testUser, testUsers } from '../testing/testTenant.js';
import type { CallGroupChange } from './types.js';
import { validateChange, type ValidatedChange } from './validateChange.js';

const owner = testUser('lidia');

interface Setup {
  readonly users?: readonly User[];
  readonly settings?: readonly CallingSettings[];
  readonly owner?: User;
  readonly groupsOf?: (memberSip: string) => number;
}

/** Validates `lidia`'s call group change in a tenant of lidia, the given users and member1…member30. */
function validate(order: CallGroupChange['order'], targets: readonly string[], setup: Setup = {}): Result<ValidatedChange> {
  const user = setup.owner ?? owner;
  const lookup = testLookup({
    users: [user, ...(setup.users ?? []), ...testUsers(30)],
    callingSettings: setup.settings ?? [],
    callingPolicies: [testPolicy('Tag:NoGroups', { AllowCallGroups: false })],
  });
  return validateChange({ lookup, user, change: { kind: 'callGroup', order, targets }, groupsOf: setup.groupsOf });
}

const codes = (result: Result<ValidatedChange>) => (result.ok ? [] : result.problems.map((problem) => [problem.code, problem.path]));
const members = (count: number) => testUsers(count).map((member) => member.SipAddress);

describe('call group size', () => {
  it('accepts 25 members', () => {
    expect(codes(validate('Simultaneous', members(25)))).toEqual([]);
  });

  it('rejects 26 members', () => {
    expect(codes(validate('Simultaneous', members(26)))).toEqual([['too-many-members', 'targets']]);
  });

  it('accepts InOrder with five members', () => {
    expect(codes(validate('InOrder', members(5)))).toEqual([]);
  });

  it('rejects InOrder with six members', () => {
    const result = validate('InOrder', members(6));
    expect(result).toEqual({
      ok: false,
      problems: [{
        code: 'in-order-over-five',
        path: 'order',
        message: 'Ringing in order works only with 5 or fewer members; this list has 6. Choose to ring everyone at once, or remove 1.',
      }],
    });
  });

  it('accepts six members ringing simultaneously', () => {
    expect(codes(validate('Simultaneous', members(6)))).toEqual([]);
  });

  it('returns every problem at once: 26 members in order with an unknown one', () => {
    const targets = [...members(25), 'ghost@contoso.com'];
    expect(codes(validate('InOrder', targets))).toEqual([
      ['too-many-members', 'targets'],
      ['in-order-over-five', 'order'],
      ['member-not-found', 'targets[25]'],
    ]);
  });

  it('accepts a list of exactly 32,768 characters and rejects 32,769', () => {
    // 25 members: 24 separators plus the URIs; every URI is "sip:" + alias + "@contoso.com".
    const withLength = (alias: string, length: number) => testUser(alias.padEnd(length - 16, 'x'));
    const long = (last: number) => [...Array.from({ length: 24 }, (_, index) => withLength(`long${index}`, 1310)), withLength('longlast', last)];
    const exact = long(32_768 - 24 - 24 * 1310);
    expect(codes(validate('Simultaneous', exact.map((user) => user.SipAddress), { users: exact }))).toEqual([]);
    const over = long(32_769 - 24 - 24 * 1310);
    expect(codes(validate('Simultaneous', over.map((user) => user.SipAddress), { users: over }))).toEqual([['group-text-too-long', 'targets']]);
  });
});

describe('call group members', () => {
  const joni = testUser('joni', { UserPrincipalName: 'joni.upn@contoso.com', SipAddress: 'sip:Joni.Sherman@Contoso.com' });

  it.each([
    ['its SIP URI in another case', 'SIP:JONI.SHERMAN@contoso.COM'],
    ['its SIP address without sip:', 'joni.sherman@contoso.com'],
    ['its UPN', 'Joni.UPN@contoso.com'],
    ['its object id', objectIdOf('joni').toUpperCase()],
  ])('resolves a member given by %s to the canonical sip URI', (_name, target) => {
    const result = validate('Simultaneous', [target], { users: [joni] });
    expect(result.ok && result.value.desired.CallGroupTargets).toEqual(['sip:joni.sherman@contoso.com']);
  });

  it('rejects the same person twice under different spellings, at the later entries', () => {
    const targets = ['joni.upn@contoso.com', 'sip:joni.sherman@contoso.com', sipOf('member1'), objectIdOf('joni')];
    const result = validate('Simultaneous', targets, { users: [joni] });
    expect(codes(result)).toEqual([['duplicate-member', 'targets[1]'], ['duplicate-member', 'targets[3]']]);
    expect(result.ok ? '' : result.problems[0]?.message).toBe('"sip:joni.sherman@contoso.com" is the same person as member 1 in the list; each person can be listed once.');
  });

  it('rejects the owner as a member of their own group', () => {
    expect(codes(validate('Simultaneous', [sipOf('member1'), 'LIDIA@contoso.com']))).toEqual([['self-member', 'targets[1]']]);
  });

  it('rejects a member who is not in the tenant', () => {
    const result = validate('Simultaneous', ['gone@contoso.com']);
    expect(result).toEqual({
      ok: false,
      problems: [{ code: 'member-not-found', path: 'targets[0]', message: 'No one in your organisation matches "gone@contoso.com". Check the spelling, or remove them if they have left.' }],
    });
  });

  it.each([['+14255550100'], ['tel:+14255550100;ext=12'], ['1234']])('rejects the phone number %s as an external member', (target) => {
    expect(codes(validate('Simultaneous', [target]))).toEqual([['external-member', 'targets[0]']]);
  });

  it('rejects a disabled member', () => {
    const off = testUser('off', { AccountEnabled: false, DisplayName: 'Off Duty' });
    const result = validate('Simultaneous', [sipOf('member1'), 'off@contoso.com'], { users: [off] });
    expect(result).toEqual({
      ok: false,
      problems: [{ code: 'member-disabled', path: 'targets[1]', message: 'Off Duty (sip:off@contoso.com) has a disabled account, so they cannot answer calls for your group.' }],
    });
  });

  it('rejects an unlicensed member', () => {
    const bare = testUser('bare', { HasTeamsPhoneLicense: false });
    expect(codes(validate('Simultaneous', ['bare@contoso.com'], { users: [bare] }))).toEqual([['member-unlicensed', 'targets[0]']]);
  });

  it('rejects a member who is not in Teams Only mode', () => {
    const islands = testUser('islands', { TeamsUpgradeEffectiveMode: 'Islands' });
    expect(codes(validate('Simultaneous', ['islands@contoso.com'], { users: [islands] }))).toEqual([['member-not-teams-only', 'targets[0]']]);
  });

  it('reports every eligibility problem of one member', () => {
    const worst = testUser('worst', { AccountEnabled: false, HasTeamsPhoneLicense: false, TeamsUpgradeEffectiveMode: 'SfBOnly' });
    expect(codes(validate('Simultaneous', ['worst@contoso.com'], { users: [worst] }))).toEqual([
      ['member-disabled', 'targets[0]'],
      ['member-unlicensed', 'targets[0]'],
      ['member-not-teams-only', 'targets[0]'],
    ]);
  });
});

describe('groups per member', () => {
  const busy = testUser('busy');
  /** `count` other owners who each have busy in their group. */
  const ownersOfBusy = (count: number) => {
    const owners = Array.from({ length: count }, (_, index) => testUser(`owner${index}`));
    const settings = owners.map((other, index) =>
      testSettings(other.UserPrincipalName.split('@')[0] ?? '', { CallGroupTargets: [index % 2 === 0 ? 'busy@contoso.com' : busy.Identity] }));
    return { users: [busy, ...owners], settings };
  };

  it('lets a member already in 24 other groups join', () => {
    expect(codes(validate('Simultaneous', ['busy@contoso.com'], ownersOfBusy(24)))).toEqual([]);
  });

  it('rejects a member already in 25 other groups', () => {
    const result = validate('Simultaneous', [sipOf('member1'), 'busy@contoso.com'], ownersOfBusy(25));
    expect(result).toEqual({
      ok: false,
      problems: [{
        code: 'member-in-too-many-groups',
        path: 'targets[1]',
        message: 'Busy (sip:busy@contoso.com) is already in 25 call groups, the most Teams allows (25), so they cannot join yours.',
      }],
    });
  });

  it('does not count an owner who lists the member twice as two groups', () => {
    const setup = ownersOfBusy(24);
    const twice = testUser('twice');
    const settings = [...setup.settings, testSettings('twice', { CallGroupTargets: ['busy@contoso.com', 'SIP:Busy@contoso.com'] })];
    expect(codes(validate('Simultaneous', ['busy@contoso.com'], { users: [...setup.users, twice], settings }))).toEqual([
      ['member-in-too-many-groups', 'targets[0]'],
    ]);
    const fewer = { users: [...setup.users.slice(0, -1), twice], settings: [...setup.settings.slice(0, -1), settings.at(-1) as CallingSettings] };
    expect(codes(validate('Simultaneous', ['busy@contoso.com'], fewer))).toEqual([]);
  });

  it('does not block a member who is already in this group', () => {
    const setup = ownersOfBusy(25);
    const settings = [...setup.settings, testSettings('lidia', { CallGroupTargets: ['sip:busy@contoso.com'] })];
    expect(codes(validate('Simultaneous', ['busy@contoso.com', sipOf('member1')], { ...setup, settings }))).toEqual([]);
  });

  it('asks the given groupsOf instead of scanning the tenant', () => {
    const asked: string[] = [];
    const groupsOf = (sip: string) => {
      asked.push(sip);
      return sip === sipOf('member2') ? 25 : 0;
    };
    expect(codes(validate('Simultaneous', [sipOf('member1'), 'MEMBER2@contoso.com'], { groupsOf }))).toEqual([['member-in-too-many-groups', 'targets[1]']]);
    expect(asked).toEqual([sipOf('member1'), sipOf('member2')]);
  });
});

describe('the owner', () => {
  it('rejects members when the owner’s calling policy does not allow call groups', () => {
    const restricted = testUser('lidia', { TeamsCallingPolicy: 'NoGroups' });
    expect(codes(validate('Simultaneous', members(1), { owner: restricted }))).toEqual([['call-groups-not-allowed', '']]);
  });

  it('lets an owner whose policy forbids call groups remove every member', () => {
    const restricted = testUser('lidia', { TeamsCallingPolicy: 'Tag:NoGroups' });
    const settings = [testSettings('lidia', { CallGroupTargets: members(3) })];
    expect(codes(validate('Simultaneous', [], { owner: restricted, settings }))).toEqual([]);
  });

  it('rejects members for an owner without a license, saying why', () => {
    const unlicensed = testUser('lidia', { HasTeamsPhoneLicense: false, TeamsUpgradeEffectiveMode: 'Islands' });
    expect(validate('Simultaneous', members(1), { owner: unlicensed })).toEqual({
      ok: false,
      problems: [{
        code: 'owner-not-eligible',
        path: '',
        message: 'You cannot own a call group because you have no Teams Phone license and your account is in Islands mode, not Teams Only. A call group owner needs an enabled account in Teams Only mode with a Teams Phone license.',
      }],
    });
  });

  it('rejects members for a disabled owner', () => {
    expect(codes(validate('Simultaneous', members(1), { owner: testUser('lidia', { AccountEnabled: false }) }))).toEqual([['owner-not-eligible', '']]);
  });
});

describe('whole settings', () => {
  it('rejects removing every member while forwarding goes to the group', () => {
    const settings = [testSettings('lidia', { IsForwardingEnabled: true, ForwardingType: 'Simultaneous', ForwardingTargetType: 'Group', CallGroupTargets: members(2) })];
    expect(codes(validate('Simultaneous', [], { settings }))).toEqual([['group-forwarding-needs-members', 'targets']]);
  });

  it('rejects removing every member while a switched-off unanswered rule still names the group', () => {
    const settings = [testSettings('lidia', { IsUnansweredEnabled: false, UnansweredTargetType: 'Group', CallGroupTargets: members(2) })];
    expect(codes(validate('Simultaneous', [], { settings }))).toEqual([['group-forwarding-needs-members', 'targets']]);
  });

  it('lets the last member go when no rule names the group', () => {
    const settings = [testSettings('lidia', { IsUnansweredEnabled: true, UnansweredTargetType: 'Voicemail', CallGroupTargets: members(2) })];
    expect(codes(validate('Simultaneous', [], { settings }))).toEqual([]);
  });

  it('keeps one member while forwarding goes to the group', () => {
    const settings = [testSettings('lidia', { IsForwardingEnabled: true, ForwardingType: 'Simultaneous', ForwardingTargetType: 'Group', CallGroupTargets: members(2) })];
    expect(codes(validate('Simultaneous', members(1), { settings }))).toEqual([]);
  });
});

describe('change notes', () => {
  it('lists who joins, who leaves, who is notified and the meters', () => {
    const settings = [testSettings('lidia', { CallGroupTargets: ['member1@contoso.com', objectIdOf('member2'), 'SIP:MEMBER3@contoso.com'] })];
    const result = validate('InOrder', [sipOf('member3'), 'Member4@contoso.com', sipOf('member1')], { settings });
    expect(result.ok && result.value.notes).toEqual({
      kind: 'callGroup',
      added: [sipOf('member4')],
      removed: [sipOf('member2')],
      membersNotified: [sipOf('member4')],
      limits: { members: 3, maxMembers: 25, characters: 3 * sipOf('member1').length + 2, maxCharacters: 32_768 },
    });
    expect(result.ok && result.value.desired.CallGroupOrder).toBe('InOrder');
  });
});
