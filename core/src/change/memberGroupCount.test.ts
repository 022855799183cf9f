import { describe, expect, it } from 'vitest';
import { countGroupsByScan } from './memberGroupCount.js';
import { objectIdOf, sipOf, testLookup, testSettings, testUser } from '../testing/testTenant.js';

describe('countGroupsByScan', () => {
  const users = ['lidia', 'joni', 'alex', 'megan', 'nestor'].map((alias) => testUser(alias));
  const lookup = testLookup({
    users,
    callingSettings: [
      testSettings('lidia', { CallGroupTargets: ['joni@contoso.com', 'alex@contoso.com'] }),
      testSettings('alex', { CallGroupTargets: [objectIdOf('joni'), 'SIP:JONI@contoso.com'] }),
      testSettings('megan', { CallGroupTargets: ['sip:joni@contoso.com', 'gone@contoso.com'] }),
    ],
  });

  it('counts each owner whose targets name the member, in any spelling, once', () => {
    const counts = countGroupsByScan(lookup, new Set([sipOf('joni'), sipOf('alex'), sipOf('nestor')]), sipOf('nestor'));
    expect(Object.fromEntries(counts)).toEqual({ [sipOf('joni')]: 3, [sipOf('alex')]: 1 });
  });

  it('leaves out the owner whose group is being changed', () => {
    const counts = countGroupsByScan(lookup, new Set([sipOf('joni')]), sipOf('lidia'));
    expect(counts.get(sipOf('joni'))).toBe(2);
  });

  it('counts unresolved targets under their canonical spelling', () => {
    expect(countGroupsByScan(lookup, new Set(['sip:gone@contoso.com']), sipOf('nestor')).get('sip:gone@contoso.com')).toBe(1);
  });

  it('reads nothing when no member is asked about', () => {
    const blind = { ...lookup, users: () => { throw new Error('scanned'); } };
    expect(countGroupsByScan(blind, new Set(), sipOf('lidia')).size).toBe(0);
  });
});
