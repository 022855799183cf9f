import { describe, expect, it } from 'vitest';
import { canonicalForwardingTarget, canonicalMemberRef, describeUser, sameMember } from './memberRef.js';
import { objectIdOf, testLookup, testUser } from '../testing/testTenant.js';

const joni = testUser('joni', { SipAddress: 'sip:Joni.Sherman@Contoso.com', UserPrincipalName: 'jsherman@contoso.com', DisplayName: 'Joni Sherman' });
const lookup = testLookup({ users: [joni] });

describe('member references', () => {
  it.each([['SIP:JONI.SHERMAN@CONTOSO.COM'], ['joni.sherman@contoso.com'], ['JSherman@contoso.com'], [` ${objectIdOf('joni')} `]])(
    'resolves %s to the member’s canonical sip URI',
    (ref) => {
      expect(canonicalMemberRef(ref, lookup)).toBe('sip:joni.sherman@contoso.com');
    },
  );

  it('tells two spellings of one person from two people', () => {
    expect(sameMember('jsherman@contoso.com', objectIdOf('joni'), lookup)).toBe(true);
    expect(sameMember('jsherman@contoso.com', 'other@contoso.com', lookup)).toBe(false);
    expect(sameMember('Gone@Contoso.com', 'sip:gone@contoso.com', lookup)).toBe(true);
  });

  it('keeps phone numbers as numbers for forwarding targets', () => {
    expect(canonicalForwardingTarget('TEL:+14255550100;EXT=12', lookup)).toBe('+14255550100;ext=12');
    expect(canonicalForwardingTarget('JSherman@contoso.com', lookup)).toBe('sip:joni.sherman@contoso.com');
  });

  it('names a person by display name and sip URI', () => {
    expect(describeUser(joni)).toBe('Joni Sherman (sip:joni.sherman@contoso.com)');
    expect(describeUser(testUser('x', { DisplayName: 'x@contoso.com' }))).toBe('sip:x@contoso.com');
  });
});
