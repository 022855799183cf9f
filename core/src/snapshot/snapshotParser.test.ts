import { describe, expect, it } from 'vitest';
import { AUTO_ATTENDANT_APP_ID, defaultCallingPolicy, defaultCallingSettings } from '../model/tenant.js';
import type { Tenant } from '../model/tenant.js';
import example from './fixtures/snapshot-example.json' with { type: 'json' };
import { parseSnapshot, parseSnapshotText } from './snapshotParser.js';
import { formatProblem, MAX_SNAPSHOT_PROBLEMS } from './snapshotProblems.js';

type Doc = Record<string, unknown> & { users: Record<string, unknown>[] };

/** The smallest valid document, plus whatever a test adds. */
function doc(extra: Record<string, unknown> = {}): Doc {
  return {
    format: 'cgm.tenant-snapshot',
    version: 1,
    tenantId: 'tenant-1',
    capturedAt: '2026-11-01T08:30:00Z',
    users: [{ Identity: 'id-1', UserPrincipalName: 'alex@contoso.com', SipAddress: 'sip:alex@contoso.com' }],
    ...extra,
  };
}

function tenantOf(value: unknown): Tenant {
  const result = parseSnapshot(value);
  if (!result.ok) throw new Error(`expected a valid snapshot, got ${result.problems.map(formatProblem).join('; ')}`);
  return result.value;
}

function problemsOf(value: unknown): string[] {
  const result = parseSnapshot(value);
  if (result.ok) throw new Error('expected the snapshot to be rejected');
  return result.problems.map(formatProblem);
}

const settings = (extra: Record<string, unknown>) => doc({ callingSettings: [{ SipUri: 'sip:alex@contoso.com', ...extra }] });

describe('parseSnapshot: valid files', () => {
  it('reads the documented example with its three users and every list', () => {
    const tenant = tenantOf(example);
    expect(tenant.tenantId).toBe('5f1c2a44-7d3e-4c1b-9a2e-0c6d7e8f9a10');
    expect(tenant.users.map((user) => user.DisplayName)).toEqual(['Lidia Holloway', 'Joni Sherman', 'Store 12 floor']);
    expect(tenant.callingSettings[1]?.GroupMembershipDetails).toEqual([{ CallGroupOwnerId: 'sip:lidia.holloway@fabrikam.com', NotificationSetting: 'Banner' }]);
    expect(tenant.sharedCallingPolicies[0]?.EmergencyNumbers).toEqual(['+14155550199']);
    expect(tenant.phoneNumbers).toHaveLength(3);
  });

  it('returns no format or version on the tenant', () => {
    expect(Object.keys(tenantOf(doc()))).not.toContain('format');
    expect(Object.keys(tenantOf(doc()))).not.toContain('version');
  });

  it('fills every user default, DisplayName from the UPN', () => {
    expect(tenantOf(doc()).users[0]).toEqual({
      Identity: 'id-1',
      UserPrincipalName: 'alex@contoso.com',
      SipAddress: 'sip:alex@contoso.com',
      DisplayName: 'alex@contoso.com',
      Department: null,
      AccountEnabled: true,
      TeamsUpgradeEffectiveMode: 'TeamsOnly',
      EnterpriseVoiceEnabled: false,
      HasTeamsPhoneLicense: false,
      LineUri: null,
      TeamsCallingPolicy: null,
      OnlineVoiceRoutingPolicy: null,
      TeamsEmergencyCallRoutingPolicy: null,
      TeamsSharedCallingRoutingPolicy: null,
    });
  });

  it('treats a null DisplayName as missing', () => {
    const value = doc();
    value.users[0] = { ...value.users[0], DisplayName: null };
    expect(tenantOf(value).users[0]?.DisplayName).toBe('alex@contoso.com');
  });

  it('gives missing lists as empty lists', () => {
    const tenant = tenantOf(doc());
    expect([tenant.callingSettings, tenant.callingPolicies, tenant.voiceRoutingPolicies, tenant.emergencyCallRoutingPolicies, tenant.sharedCallingPolicies, tenant.resourceAccounts, tenant.phoneNumbers]).toEqual([[], [], [], [], [], [], []]);
  });

  it('fills calling settings with the same defaults Teams reports for an untouched user', () => {
    expect(tenantOf(settings({})).callingSettings[0]).toEqual(defaultCallingSettings('sip:alex@contoso.com'));
  });

  it('reads null IsForwardingEnabled and IsUnansweredEnabled ("bool or empty") as false', () => {
    const parsed = tenantOf(settings({ IsForwardingEnabled: null, IsUnansweredEnabled: null })).callingSettings[0];
    expect([parsed?.IsForwardingEnabled, parsed?.IsUnansweredEnabled]).toEqual([false, false]);
  });

  it('reads an empty ForwardingType, target type or notification override as null', () => {
    const parsed = tenantOf(settings({ ForwardingType: '', ForwardingTargetType: '', UnansweredTargetType: null, GroupNotificationOverride: '' })).callingSettings[0];
    expect([parsed?.ForwardingType, parsed?.ForwardingTargetType, parsed?.UnansweredTargetType, parsed?.GroupNotificationOverride]).toEqual([null, null, null, null]);
  });

  it('gives a membership without NotificationSetting Ring, and delegates without the 2025 permissions false', () => {
    const parsed = tenantOf(
      settings({
        GroupMembershipDetails: [{ CallGroupOwnerId: 'sip:owner@contoso.com' }],
        Delegates: [{ Id: 'sip:d@contoso.com', MakeCalls: true, ManageSettings: false, ReceiveCalls: true }],
      }),
    ).callingSettings[0];
    expect(parsed?.GroupMembershipDetails[0]?.NotificationSetting).toBe('Ring');
    expect(parsed?.Delegates[0]).toEqual({ Id: 'sip:d@contoso.com', MakeCalls: true, ManageSettings: false, ReceiveCalls: true, PickUpHeldCalls: false, JoinActiveCalls: false });
  });

  it('fills a calling policy given only its Identity with every Allow* true', () => {
    expect(tenantOf(doc({ callingPolicies: [{ Identity: 'Tag:Sales' }] })).callingPolicies[0]).toEqual(defaultCallingPolicy('Tag:Sales'));
  });

  it('fills resource account defaults: DisplayName from the UPN, the auto attendant application id', () => {
    expect(tenantOf(doc({ resourceAccounts: [{ ObjectId: 'ra-1', UserPrincipalName: 'ra@contoso.com' }] })).resourceAccounts[0]).toEqual({
      ObjectId: 'ra-1',
      UserPrincipalName: 'ra@contoso.com',
      DisplayName: 'ra@contoso.com',
      PhoneNumber: null,
      ApplicationId: AUTO_ATTENDANT_APP_ID,
      AssociatedAutoAttendants: [],
      HasPayAsYouGoCallingPlan: false,
      CommunicationCreditsFunded: false,
    });
  });

  it('fills policy list defaults: no usages, no emergency numbers, no description', () => {
    const tenant = tenantOf(doc({ voiceRoutingPolicies: [{ Identity: 'Global' }], sharedCallingPolicies: [{ Identity: 'Tag:S', ResourceAccount: 'ra@contoso.com' }] }));
    expect(tenant.voiceRoutingPolicies[0]).toEqual({ Identity: 'Global', OnlinePstnUsages: [] });
    expect(tenant.sharedCallingPolicies[0]).toEqual({ Identity: 'Tag:S', ResourceAccount: 'ra@contoso.com', EmergencyNumbers: [], Description: null });
  });

  it('normalises a phone number: tel: dropped, country in upper case, Usage Subscriber', () => {
    expect(tenantOf(doc({ phoneNumbers: [{ TelephoneNumber: 'tel:+14255550100;EXT=12', NumberType: 'DirectRouting', IsoCountryCode: 'us' }] })).phoneNumbers[0]).toEqual({
      TelephoneNumber: '+14255550100;ext=12',
      NumberType: 'DirectRouting',
      IsoCountryCode: 'US',
      Usage: 'Subscriber',
      AssignedPstnTargetId: null,
      LocationId: null,
    });
  });

  it('reads an empty LineUri as no number', () => {
    const value = doc();
    value.users[0] = { ...value.users[0], LineUri: '' };
    expect(tenantOf(value).users[0]?.LineUri).toBeNull();
  });

  it('ignores unknown properties at every level', () => {
    const value = doc({ exportedBy: 'script 1.2', callingSettings: [{ SipUri: 'sip:alex@contoso.com', BusyOnBusyOption: 'RingUser', Delegators: [] }] });
    value.users[0] = { ...value.users[0], ObjectClass: 'User', City: 'Seattle' };
    const tenant = tenantOf(value);
    expect(tenant).not.toHaveProperty('exportedBy');
    expect(tenant.users[0]).not.toHaveProperty('City');
    expect(tenant.callingSettings[0]).not.toHaveProperty('BusyOnBusyOption');
  });

  it('accepts enum values in any case and normalises them to the cmdlet spelling', () => {
    const value = settings({ CallGroupOrder: 'inorder', ForwardingType: 'SIMULTANEOUS', ForwardingTargetType: 'group', GroupNotificationOverride: 'mute' });
    value.users[0] = { ...value.users[0], TeamsUpgradeEffectiveMode: 'teamsonly' };
    const tenant = tenantOf(value);
    const parsed = tenant.callingSettings[0];
    expect([parsed?.CallGroupOrder, parsed?.ForwardingType, parsed?.ForwardingTargetType, parsed?.GroupNotificationOverride]).toEqual(['InOrder', 'Simultaneous', 'Group', 'Mute']);
    expect(tenant.users[0]?.TeamsUpgradeEffectiveMode).toBe('TeamsOnly');
  });

  it('keeps a well-formed but unsupported delay for the health scan (CG15)', () => {
    expect(tenantOf(settings({ UnansweredDelay: '00:00:25' })).callingSettings[0]?.UnansweredDelay).toBe('00:00:25');
  });

  it('keeps calling settings whose SipUri matches no user', () => {
    expect(tenantOf(doc({ callingSettings: [{ SipUri: 'sip:left@contoso.com' }] })).callingSettings).toHaveLength(1);
  });

  it('accepts a capturedAt with an offset and seven fractional digits (PowerShell round-trip format)', () => {
    expect(tenantOf(doc({ capturedAt: '2026-11-01T08:30:00.1234567+01:00' })).capturedAt).toBe('2026-11-01T08:30:00.1234567+01:00');
  });

  it('does not modify the value it reads', () => {
    const value = settings({ CallGroupOrder: 'inorder' });
    const before: unknown = JSON.parse(JSON.stringify(value));
    tenantOf(value);
    expect(value).toEqual(before);
  });
});

describe('parseSnapshot: header', () => {
  it('rejects a value that is not an object', () => {
    expect(problemsOf([])).toEqual(['$: expected an object']);
    expect(problemsOf(null)).toEqual(['$: expected an object']);
  });

  it('rejects another format by name and reports nothing else', () => {
    expect(problemsOf({ ...doc(), format: 'teams-export', users: 'x' })).toEqual(['format: expected cgm.tenant-snapshot']);
  });

  it('rejects a missing format and version', () => {
    expect(problemsOf({ users: [] })).toEqual(['format: required', 'version: required']);
  });

  it('rejects another version and says which versions are supported', () => {
    expect(problemsOf({ ...doc(), version: 2 })).toEqual(['version: unsupported version 2; this build reads version 1']);
  });

  it('rejects a version written as a string', () => {
    expect(problemsOf({ ...doc(), version: '1' })).toEqual(['version: expected a number']);
  });
});

describe('parseSnapshot: malformed values', () => {
  const withUser = (extra: Record<string, unknown>) => {
    const value = doc();
    value.users[0] = { ...value.users[0], ...extra };
    return value;
  };

  it.each([
    ['missing tenantId', doc({ tenantId: undefined }), 'tenantId: required'],
    ['blank tenantId', doc({ tenantId: '  ' }), 'tenantId: must not be empty'],
    ['capturedAt without a time', doc({ capturedAt: '2026-11-01' }), 'capturedAt: not an ISO-8601 date-time with a time zone'],
    ['users not an array', doc({ users: {} }), 'users: expected an array'],
    ['missing users', doc({ users: undefined }), 'users: required'],
    ['a user that is not an object', doc({ users: ['alex'] }), 'users[0]: expected an object'],
    ['missing SipAddress', withUser({ SipAddress: undefined }), 'users[0].SipAddress: required'],
    ['bad SipAddress', withUser({ SipAddress: 'sip:alex' }), 'users[0].SipAddress: not a SIP URI'],
    ['AccountEnabled as text', withUser({ AccountEnabled: 'yes' }), 'users[0].AccountEnabled: expected a boolean'],
    ['null AccountEnabled', withUser({ AccountEnabled: null }), 'users[0].AccountEnabled: expected a boolean'],
    ['bad upgrade mode', withUser({ TeamsUpgradeEffectiveMode: 'Teams' }), 'users[0].TeamsUpgradeEffectiveMode: expected one of TeamsOnly, Islands, SfBOnly, SfBWithTeamsCollab, SfBWithTeamsCollabAndMeetings'],
    ['bad LineUri', withUser({ LineUri: 'tel:14255550100' }), 'users[0].LineUri: not a phone number'],
    ['bad SipUri', settings({ SipUri: 'alex at contoso' }), 'callingSettings[0].SipUri: not a SIP URI'],
    ['bad CallGroupOrder', settings({ CallGroupOrder: 'Sequential' }), 'callingSettings[0].CallGroupOrder: expected one of Simultaneous, InOrder'],
    ['bad delay syntax', settings({ UnansweredDelay: '20' }), 'callingSettings[0].UnansweredDelay: not a hh:mm:ss delay'],
    ['delay with 60 seconds', settings({ UnansweredDelay: '00:00:60' }), 'callingSettings[0].UnansweredDelay: not a hh:mm:ss delay'],
    ['a blank call group target', settings({ CallGroupTargets: ['sip:a@contoso.com', 'sip:b@contoso.com', ''] }), 'callingSettings[0].CallGroupTargets[2]: must not be empty'],
    ['a call group target that is a number', settings({ CallGroupTargets: [42] }), 'callingSettings[0].CallGroupTargets[0]: expected a string'],
    ['bad notification setting', settings({ GroupMembershipDetails: [{ CallGroupOwnerId: 'o', NotificationSetting: 'Loud' }] }), 'callingSettings[0].GroupMembershipDetails[0].NotificationSetting: expected one of Ring, Banner, Mute'],
    ['delegate without ReceiveCalls', settings({ Delegates: [{ Id: 'd', MakeCalls: true, ManageSettings: true }] }), 'callingSettings[0].Delegates[0].ReceiveCalls: required'],
    ['policy Allow* as text', doc({ callingPolicies: [{ Identity: 'Global', AllowCallGroups: 'false' }] }), 'callingPolicies[0].AllowCallGroups: expected a boolean'],
    ['policy without Identity', doc({ callingPolicies: [{}] }), 'callingPolicies[0].Identity: required'],
    ['bad emergency number', doc({ sharedCallingPolicies: [{ Identity: 'S', ResourceAccount: 'ra', EmergencyNumbers: ['911 call'] }] }), 'sharedCallingPolicies[0].EmergencyNumbers[0]: not a phone number'],
    ['bad resource account number', doc({ resourceAccounts: [{ ObjectId: 'ra', UserPrincipalName: 'ra@c.com', PhoneNumber: 'main line' }] }), 'resourceAccounts[0].PhoneNumber: not a phone number'],
    ['short TelephoneNumber', doc({ phoneNumbers: [{ TelephoneNumber: '1234', NumberType: 'CallingPlan', IsoCountryCode: 'US' }] }), 'phoneNumbers[0].TelephoneNumber: not an E.164 number (+digits)'],
    ['three-letter country', doc({ phoneNumbers: [{ TelephoneNumber: '+14255550100', NumberType: 'CallingPlan', IsoCountryCode: 'USA' }] }), 'phoneNumbers[0].IsoCountryCode: not a two-letter country code'],
    ['missing NumberType', doc({ phoneNumbers: [{ TelephoneNumber: '+14255550100', IsoCountryCode: 'US' }] }), 'phoneNumbers[0].NumberType: required'],
  ])('rejects %s with its path', (_name, value, expected) => {
    expect(problemsOf(value)).toEqual([expected]);
  });

  it('reports every problem of a file together, shape and duplicates', () => {
    const value = doc({ capturedAt: 'yesterday', callingSettings: [{ SipUri: 'nope', CallGroupOrder: 'random' }] });
    value.users = [
      { Identity: 'id-1', UserPrincipalName: 'alex@contoso.com', SipAddress: 'bad' },
      { Identity: 'id-2', UserPrincipalName: 'ALEX@contoso.com', SipAddress: 'sip:b@contoso.com', HasTeamsPhoneLicense: 1 },
    ];
    expect(problemsOf(value)).toEqual([
      'capturedAt: not an ISO-8601 date-time with a time zone',
      'users[0].SipAddress: not a SIP URI',
      'users[1].HasTeamsPhoneLicense: expected a boolean',
      'callingSettings[0].SipUri: not a SIP URI',
      'callingSettings[0].CallGroupOrder: expected one of Simultaneous, InOrder',
      'users[1].UserPrincipalName: same as users[0]',
    ]);
  });

  it(`lists ${MAX_SNAPSHOT_PROBLEMS} problems and says how many more there were`, () => {
    const value = doc({ users: Array.from({ length: 150 }, (_, i) => ({ Identity: `id-${i}`, UserPrincipalName: `u${i}@c.com`, SipAddress: 'bad' })) });
    const problems = problemsOf(value);
    expect(problems).toHaveLength(MAX_SNAPSHOT_PROBLEMS + 1);
    expect(problems[MAX_SNAPSHOT_PROBLEMS - 1]).toBe('users[99].SipAddress: not a SIP URI');
    expect(problems[MAX_SNAPSHOT_PROBLEMS]).toBe('$: 50 more problems not shown');
  });

  it('gives each problem a stable code', () => {
    const result = parseSnapshot(settings({ SipUri: undefined, CallGroupOrder: 'x', UnansweredDelay: 5 }));
    expect(result.ok ? [] : result.problems.map((problem) => problem.code)).toEqual(['required', 'wrong-type', 'not-allowed']);
  });
});

describe('parseSnapshotText', () => {
  it('reads the example file text', () => {
    expect(parseSnapshotText(JSON.stringify(example)).ok).toBe(true);
  });

  it('reads text that starts with a byte order mark (Windows PowerShell Out-File)', () => {
    expect(parseSnapshotText(`\uFEFF${JSON.stringify(doc())}`).ok).toBe(true);
  });

  it('reports invalid JSON as one problem at $ with the parser message', () => {
    const result = parseSnapshotText('{"format": "cgm.tenant-snapshot",}');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]?.code).toBe('invalid-json');
    expect(formatProblem(result.problems[0] ?? { code: '', path: '', message: '' })).toMatch(/^\$: invalid JSON: .+/);
  });

  it('reports empty text as invalid JSON', () => {
    const result = parseSnapshotText('');
    expect(result.ok ? [] : result.problems.map(formatProblem)).toEqual(['$: invalid JSON: Unexpected end of JSON input']);
  });

  it('validates parsed text like a value', () => {
    const result = parseSnapshotText(JSON.stringify({ ...doc(), version: 3 }));
    expect(result.ok ? [] : result.problems.map(formatProblem)).toEqual(['version: unsupported version 3; this build reads version 1']);
  });
});
