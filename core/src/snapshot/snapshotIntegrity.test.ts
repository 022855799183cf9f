import { describe, expect, it } from 'vitest';
import { parseSnapshot } from './snapshotParser.js';
import { formatProblem } from './snapshotProblems.js';
import { findDuplicates } from './snapshotIntegrity.js';

const user = (i: number, extra: Record<string, unknown> = {}) => ({
  Identity: `id-${i}`,
  UserPrincipalName: `user${i}@contoso.com`,
  SipAddress: `sip:user${i}@contoso.com`,
  ...extra,
});

const doc = (extra: Record<string, unknown>) => ({
  format: 'cgm.tenant-snapshot',
  version: 1,
  tenantId: 't',
  capturedAt: '2026-11-01T08:30:00Z',
  users: [user(0), user(1), user(2)],
  ...extra,
});

function problemsOf(value: unknown): string[] {
  const result = parseSnapshot(value);
  return result.ok ? [] : result.problems.map(formatProblem);
}

const number = (telephoneNumber: string) => ({ TelephoneNumber: telephoneNumber, NumberType: 'DirectRouting', IsoCountryCode: 'US' });

describe('snapshot integrity', () => {
  it('accepts users whose identities all differ', () => {
    expect(problemsOf(doc({}))).toEqual([]);
  });

  it('rejects a second user with the same Identity, case-insensitively, naming the first', () => {
    expect(problemsOf(doc({ users: [user(0), user(1), user(2, { Identity: 'ID-1' })] }))).toEqual(['users[2].Identity: same as users[1]']);
  });

  it('rejects a second user with the same UPN', () => {
    expect(problemsOf(doc({ users: [user(0), user(1, { UserPrincipalName: 'User0@Contoso.com' })] }))).toEqual(['users[1].UserPrincipalName: same as users[0]']);
  });

  it('rejects a second user with the same SIP address written differently (case, sip: prefix)', () => {
    expect(problemsOf(doc({ users: [user(0), user(1), user(2, { SipAddress: 'USER0@contoso.com' })] }))).toEqual(['users[2].SipAddress: same as users[0]']);
  });

  it('names the first holder for every later duplicate', () => {
    const users = [user(0), user(1, { Identity: 'id-0' }), user(2, { Identity: 'id-0' })];
    expect(problemsOf(doc({ users }))).toEqual(['users[1].Identity: same as users[0]', 'users[2].Identity: same as users[0]']);
  });

  it('rejects two calling settings for the same user', () => {
    const callingSettings = [{ SipUri: 'sip:user1@contoso.com' }, { SipUri: 'user1@CONTOSO.com' }];
    expect(problemsOf(doc({ callingSettings }))).toEqual(['callingSettings[1].SipUri: same as callingSettings[0]']);
  });

  it('rejects two policies of one list that are the same policy after Tag: and case', () => {
    const callingPolicies = [{ Identity: 'Tag:Sales' }, { Identity: 'Global' }, { Identity: 'sales' }];
    expect(problemsOf(doc({ callingPolicies }))).toEqual(['callingPolicies[2].Identity: same as callingPolicies[0]']);
  });

  it('treats Global and Tag:Global as the same policy', () => {
    expect(problemsOf(doc({ voiceRoutingPolicies: [{ Identity: 'Global' }, { Identity: 'Tag:Global' }] }))).toEqual(['voiceRoutingPolicies[1].Identity: same as voiceRoutingPolicies[0]']);
  });

  it('allows the same policy name in two different lists', () => {
    expect(problemsOf(doc({ voiceRoutingPolicies: [{ Identity: 'Tag:US' }], emergencyCallRoutingPolicies: [{ Identity: 'Tag:US' }] }))).toEqual([]);
  });

  it('rejects duplicate emergency and shared calling policies', () => {
    const shared = { ResourceAccount: 'ra@contoso.com' };
    const value = doc({
      emergencyCallRoutingPolicies: [{ Identity: 'Tag:E' }, { Identity: 'Tag:e' }],
      sharedCallingPolicies: [{ Identity: 'Tag:S', ...shared }, { Identity: 'S', ...shared }],
    });
    expect(problemsOf(value)).toEqual(['emergencyCallRoutingPolicies[1].Identity: same as emergencyCallRoutingPolicies[0]', 'sharedCallingPolicies[1].Identity: same as sharedCallingPolicies[0]']);
  });

  it('rejects two resource accounts with the same ObjectId or UPN', () => {
    const resourceAccounts = [
      { ObjectId: 'ra-1', UserPrincipalName: 'a@contoso.com' },
      { ObjectId: 'RA-1', UserPrincipalName: 'b@contoso.com' },
      { ObjectId: 'ra-3', UserPrincipalName: 'A@contoso.com' },
    ];
    expect(problemsOf(doc({ resourceAccounts }))).toEqual(['resourceAccounts[1].ObjectId: same as resourceAccounts[0]', 'resourceAccounts[2].UserPrincipalName: same as resourceAccounts[0]']);
  });

  it('rejects the same phone number listed twice, with or without tel:', () => {
    expect(problemsOf(doc({ phoneNumbers: [number('+14255550100'), number('+14255550101'), number('tel:+14255550100')] }))).toEqual(['phoneNumbers[2].TelephoneNumber: same as phoneNumbers[0]']);
  });

  it('keeps numbers that differ only by extension apart', () => {
    expect(problemsOf(doc({ phoneNumbers: [number('+14255550100'), number('+14255550100;ext=1')] }))).toEqual([]);
  });

  it('skips entries that are not objects and values that are not strings (the schema reports those)', () => {
    expect(findDuplicates({ users: [null, 'x', { Identity: 5 }, { Identity: ' ' }, { Identity: ' ' }] })).toEqual([]);
  });

  it('finds nothing in a document that is not an object', () => {
    expect(findDuplicates([{ Identity: 'a' }, { Identity: 'a' }])).toEqual([]);
  });

  it('reports no duplicate between values the schema rejects anyway', () => {
    expect(problemsOf(doc({ users: [user(0, { SipAddress: 'bad' }), user(1, { SipAddress: 'BAD' })] }))).toEqual(['users[0].SipAddress: not a SIP URI', 'users[1].SipAddress: not a SIP URI']);
  });

  it('skips lists that are not arrays', () => {
    expect(findDuplicates({ users: { Identity: 'a' }, phoneNumbers: 'none' })).toEqual([]);
  });
});
