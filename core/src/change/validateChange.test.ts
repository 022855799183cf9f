import { describe, expect, it } from 'vitest';
import type { CallingSettings } from '../model/tenant.js';
import { objectIdOf, sipOf, testLookup, testSettings, testUser } from '../testing/testTenant.js';
import { validateChange } from './validateChange.js';

const lidia = testUser('lidia', { DisplayName: 'Lidia Holloway' });
const joni = testUser('joni', { UserPrincipalName: 'joni.sherman@contoso.com' });
const alex = testUser('alex');

/** lidia owns a group with joni; joni's settings hold her entry for lidia's group. */
function tenant(joniSettings: Partial<CallingSettings> = {}) {
  return testLookup({
    users: [lidia, joni, alex],
    callingSettings: [
      testSettings('lidia', { CallGroupTargets: ['JONI.SHERMAN@contoso.com'] }),
      testSettings('joni', {
        GroupMembershipDetails: [{ CallGroupOwnerId: 'sip:lidia@contoso.com', NotificationSetting: 'Ring' }],
        ...joniSettings,
      }),
    ],
  });
}

describe('membership notification', () => {
  it.each([['SIP URI', 'SIP:LIDIA@contoso.com'], ['UPN', 'lidia@contoso.com'], ['object id', objectIdOf('lidia')]])(
    'changes a member’s notification for an owner given by %s',
    (_name, ownerId) => {
      const result = validateChange({ lookup: tenant(), user: joni, change: { kind: 'membershipNotification', ownerId, notification: 'Banner' } });
      expect(result).toEqual({
        ok: true,
        value: {
          desired: { ...tenant().settingsOf(joni), GroupMembershipDetails: [{ CallGroupOwnerId: 'sip:lidia@contoso.com', NotificationSetting: 'Banner' }] },
          notes: { kind: 'membershipNotification' },
        },
      });
    },
  );

  it('rejects a user who is not in that owner’s group', () => {
    const result = validateChange({ lookup: tenant(), user: joni, change: { kind: 'membershipNotification', ownerId: 'alex@contoso.com', notification: 'Mute' } });
    expect(result).toEqual({
      ok: false,
      problems: [{ code: 'not-a-member', path: 'ownerId', message: 'You are not a member of Alex (sip:alex@contoso.com)\'s call group, so there is no notification setting to change.' }],
    });
  });

  it('rejects an owner who is not in the tenant, even when a stale entry names them', () => {
    const lookup = tenant({ GroupMembershipDetails: [{ CallGroupOwnerId: 'sip:gone@contoso.com', NotificationSetting: 'Ring' }] });
    const result = validateChange({ lookup, user: joni, change: { kind: 'membershipNotification', ownerId: 'gone@contoso.com', notification: 'Mute' } });
    expect(result.ok ? [] : result.problems.map((problem) => problem.code)).toEqual(['not-a-member']);
  });

  it('rejects a member of the group whose entry Teams has not created yet', () => {
    const lookup = tenant({ GroupMembershipDetails: [] });
    const result = validateChange({ lookup, user: joni, change: { kind: 'membershipNotification', ownerId: sipOf('lidia'), notification: 'Mute' } });
    expect(result.ok ? [] : result.problems.map((problem) => [problem.code, problem.path])).toEqual([['membership-detail-missing', 'ownerId']]);
  });

  it('rejects naming yourself as the owner, even when your own group lists you', () => {
    const lookup = testLookup({
      users: [lidia, joni],
      callingSettings: [testSettings('lidia', {
        CallGroupTargets: ['lidia@contoso.com'],
        GroupMembershipDetails: [{ CallGroupOwnerId: 'lidia@contoso.com', NotificationSetting: 'Ring' }],
      })],
    });
    const result = validateChange({ lookup, user: lidia, change: { kind: 'membershipNotification', ownerId: sipOf('lidia'), notification: 'Mute' } });
    expect(result.ok ? [] : result.problems.map((problem) => problem.code)).toEqual(['not-a-member']);
  });
});

describe('notification override', () => {
  it.each([['Ring' as const], ['Banner' as const], ['Mute' as const], [null]])('accepts %s', (value) => {
    const result = validateChange({ lookup: tenant(), user: joni, change: { kind: 'notificationOverride', value } });
    expect(result.ok && result.value).toEqual({ desired: { ...tenant().settingsOf(joni), GroupNotificationOverride: value }, notes: { kind: 'notificationOverride' } });
  });
});

describe('validateChange', () => {
  it('writes the desired settings over the user’s current ones, not the defaults', () => {
    const lookup = tenant({ IsUnansweredEnabled: true, UnansweredTargetType: 'Voicemail', UnansweredDelay: '00:00:40' });
    const result = validateChange({ lookup, user: joni, change: { kind: 'notificationOverride', value: 'Mute' } });
    expect(result.ok && [result.value.desired.UnansweredDelay, result.value.desired.GroupMembershipDetails.length]).toEqual(['00:00:40', 1]);
  });

  it('validates a call group change against the group already stored for the owner', () => {
    const result = validateChange({ lookup: tenant(), user: lidia, change: { kind: 'callGroup', order: 'Simultaneous', targets: ['alex@contoso.com', 'joni.sherman@contoso.com'] } });
    expect(result.ok && result.value.notes).toEqual({
      kind: 'callGroup',
      added: [sipOf('alex')],
      removed: [],
      membersNotified: [sipOf('alex')],
      limits: { members: 2, maxMembers: 25, characters: sipOf('alex').length + 1 + sipOf('joni').length, maxCharacters: 32_768 },
    });
  });
});
