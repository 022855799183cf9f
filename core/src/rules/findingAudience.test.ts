import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FINDING_CATALOG, makeFinding } from '../health/catalog.js';
import type { Finding, FindingCode } from '../model/finding.js';
import { findingRecipients, problemId, unreachableIn } from './findingAudience.js';
import { problemText } from './problemText.js';
import type { FindingRecipient } from './findingAudience.js';

const OWNER = 'sip:alex.wilber@contoso.com';
const QUENTIN = 'sip:quentin.moreau@contoso.com';
const IRVIN = 'sip:irvin.sayers@contoso.com';
const LEE = 'sip:lee.gu@contoso.com';

const finding = (code: FindingCode, subject: string, related: readonly string[] = []): Finding => makeFinding(code, subject, related, 'text');
const who = (recipients: readonly FindingRecipient[]) => recipients.map(({ sip, role, kind, actions, about }) => ({ sip, role, kind, actions: [...actions], ...(about ? { about } : {}) }));

/** For each code, a finding and exactly the people it concerns: nobody else. */
const TABLE: readonly { readonly finding: Finding; readonly expected: readonly object[] }[] = [
  {
    finding: finding('CG01', OWNER, [IRVIN, LEE]),
    expected: [
      { sip: OWNER, role: 'owner', kind: 'groupSwitchedOff', actions: ['fix', 'keep'] },
      { sip: IRVIN, role: 'member', kind: 'groupSwitchedOff', actions: ['keep'], about: OWNER },
      { sip: LEE, role: 'member', kind: 'groupSwitchedOff', actions: ['keep'], about: OWNER },
    ],
  },
  { finding: finding('CG02', OWNER), expected: [{ sip: OWNER, role: 'owner', kind: 'memberUnreachable', actions: ['fix', 'keep'] }] },
  { finding: finding('CG03', OWNER), expected: [{ sip: OWNER, role: 'owner', kind: 'memberUnreachable', actions: ['fix', 'keep'] }] },
  { finding: finding('CG04', OWNER), expected: [{ sip: OWNER, role: 'owner', kind: 'memberUnreachable', actions: ['fix', 'keep'] }] },
  { finding: finding('CG05', OWNER), expected: [{ sip: OWNER, role: 'owner', kind: 'memberUnreachable', actions: ['keep'] }] },
  { finding: finding('CG06', QUENTIN, [OWNER, IRVIN]), expected: [{ sip: QUENTIN, role: 'member', kind: 'staleMembership', actions: ['keep'] }] },
  { finding: finding('CG07', OWNER, ['sip:ben.walters@contoso.com']), expected: [{ sip: OWNER, role: 'owner', kind: 'memberUnreachable', actions: ['remove', 'keep'], about: 'sip:ben.walters@contoso.com' }] },
  { finding: finding('CG08', OWNER, [QUENTIN]), expected: [{ sip: OWNER, role: 'owner', kind: 'memberUnreachable', actions: ['remove', 'keep'], about: QUENTIN }] },
  { finding: finding('CG09', OWNER, [LEE]), expected: [{ sip: OWNER, role: 'owner', kind: 'memberUnreachable', actions: ['remove', 'keep'], about: LEE }] },
  { finding: finding('CG10', OWNER), expected: [] },
  { finding: finding('CG11', OWNER, [OWNER]), expected: [] },
  { finding: finding('CG12', IRVIN, [OWNER]), expected: [{ sip: IRVIN, role: 'member', kind: 'staleMembership', actions: ['clear', 'keep'], about: OWNER }] },
  { finding: finding('CG13', OWNER), expected: [{ sip: OWNER, role: 'owner', kind: 'memberUnreachable', actions: ['keep'] }] },
  { finding: finding('CG14', OWNER), expected: [{ sip: OWNER, role: 'owner', kind: 'groupSwitchedOff', actions: ['keep'] }] },
  { finding: finding('CG15', OWNER), expected: [] },
  {
    finding: finding('DL01', OWNER, [LEE]),
    expected: [
      { sip: OWNER, role: 'delegator', kind: 'delegation', actions: ['fix', 'keep'] },
      { sip: LEE, role: 'delegate', kind: 'delegation', actions: ['keep'], about: OWNER },
    ],
  },
  { finding: finding('DL02', OWNER), expected: [{ sip: OWNER, role: 'delegator', kind: 'delegation', actions: ['fix', 'keep'] }] },
  { finding: finding('DL03', OWNER), expected: [{ sip: OWNER, role: 'delegator', kind: 'delegation', actions: ['keep'] }] },
];

describe('who a finding concerns', () => {
  it.each(TABLE.map((row) => [row.finding.code, row] as const))('%s reaches exactly its people', (_code, row) => {
    expect(who(findingRecipients(row.finding))).toEqual(row.expected);
  });

  it('covers every call group and delegation code in the table', () => {
    const codes = Object.keys(FINDING_CATALOG).filter((code) => !code.startsWith('SC'));
    expect(TABLE.map((row) => row.finding.code).sort()).toEqual(codes.sort());
  });

  it.each(Object.keys(FINDING_CATALOG).filter((code) => code.startsWith('SC')))('%s concerns admins only', (code) => {
    const subject = ['SC20', 'SC21', 'SC22', 'SC23', 'SC24'].includes(code) ? OWNER : 'MunichOffice';
    expect(findingRecipients(finding(code as FindingCode, subject, ['+4319876543']))).toEqual([]);
  });

  it('tells the members of an ineligible owner’s group when the caller knows them, never the owner', () => {
    const cg10 = finding('CG10', OWNER);
    const recipients = findingRecipients(cg10, { membersOf: (owner) => (owner === OWNER ? [IRVIN, OWNER, 'lee@contoso.com'] : []) });
    expect(who(recipients)).toEqual([{ sip: IRVIN, role: 'member', kind: 'groupSwitchedOff', actions: ['keep'], about: OWNER }]);
  });

  it('never tells a disabled member who is also the owner (a group listing its own disabled owner)', () => {
    expect(findingRecipients(finding('CG08', OWNER, [OWNER]))).toEqual([]);
  });

  it('tells an owner who lists themselves in a switched-off group once, as the owner', () => {
    expect(who(findingRecipients(finding('CG01', OWNER, [OWNER, IRVIN]))).map((r) => [r.sip, r.role])).toEqual([[OWNER, 'owner'], [IRVIN, 'member']]);
  });

  it('tells nobody about members written as something other than a sip address (unresolved, unknown people)', () => {
    expect(who(findingRecipients(finding('CG01', OWNER, ['ben@contoso.com', '+14255550100']))).map((r) => r.sip)).toEqual([OWNER]);
  });
});

const sip = fc.constantFrom(OWNER, QUENTIN, IRVIN, LEE, 'sip:ben.walters@contoso.com', 'ben@contoso.com');
const anyFinding = fc
  .record({ code: fc.constantFrom(...(Object.keys(FINDING_CATALOG) as FindingCode[])), subject: sip, related: fc.array(sip, { maxLength: 6 }) })
  .map(({ code, subject, related }) => finding(code, subject, related));

describe('properties of every finding’s audience', () => {
  it('names each person once, never someone the finding says is gone or disabled, and only sip addresses', () => {
    fc.assert(
      fc.property(anyFinding, fc.array(sip, { maxLength: 4 }), (f, members) => {
        const recipients = findingRecipients(f, { membersOf: () => members });
        const sips = recipients.map((r) => r.sip);
        expect(new Set(sips).size).toBe(sips.length);
        for (const gone of unreachableIn(f)) expect(sips).not.toContain(gone);
        for (const s of sips) expect(s.startsWith('sip:')).toBe(true);
        for (const r of recipients) expect(r.actions.length).toBeGreaterThan(0);
      }),
    );
  });

  it('gives a stable, URL-safe problem id, different per person and per finding', () => {
    fc.assert(
      fc.property(anyFinding, anyFinding, sip, sip, (a, b, first, second) => {
        const id = problemId(a, first);
        expect(id).toMatch(/^[a-z]{2}\d{2}-[0-9a-f]{32}$/);
        expect(encodeURIComponent(id)).toBe(id);
        expect(problemId({ code: a.code, subject: a.subject, related: [...a.related] }, first)).toBe(id);
        if (first !== second) expect(problemId(a, second)).not.toBe(id);
        const sameFinding = a.code === b.code && a.subject === b.subject && a.related.join(',') === b.related.join(',');
        if (!sameFinding) expect(problemId(b, first)).not.toBe(id);
      }),
    );
  });

  it('keeps the id of a known finding and person across releases (cards already sent name it)', () => {
    expect(problemId(finding('CG08', 'sip:lidia.holloway@contoso.com', [QUENTIN]), 'sip:lidia.holloway@contoso.com')).toBe(PINNED_ID);
  });
});

// Pinned from the first release: changing the digest would orphan every sent card's buttons.
const PINNED_ID = 'cg08-379da84c4d869168250e398d6951b819';

describe('the words a person reads about their problem', () => {
  const names: Record<string, string> = { [QUENTIN]: 'Quentin Moreau', [OWNER]: 'Alex Wilber' };
  const nameOf = (s: string) => names[s] ?? s;

  it('names the disabled member to the owner, with the finding’s sentence as the detail', () => {
    const cg08 = makeFinding('CG08', OWNER, [QUENTIN], 'Quentin Moreau is in Alex Wilber’s call group, but their account is disabled.');
    const [owner] = findingRecipients(cg08);
    expect(owner && problemText(cg08, owner, nameOf)).toEqual({ title: 'Quentin Moreau’s account is disabled', detail: cg08.message });
  });

  it('speaks to a member about the owner’s group, and names someone who left by their address', () => {
    const cg12 = finding('CG12', IRVIN, [OWNER]);
    expect(problemText(cg12, findingRecipients(cg12)[0] as FindingRecipient, nameOf).title).toBe('Your settings still name Alex Wilber’s call group');
    const cg07 = finding('CG07', OWNER, ['sip:ben.walters@contoso.com']);
    expect(problemText(cg07, findingRecipients(cg07)[0] as FindingRecipient, nameOf).title).toBe('sip:ben.walters@contoso.com is no longer in the organisation');
  });

  it('has a title for every recipient of every code', () => {
    for (const row of TABLE) {
      for (const recipient of findingRecipients(row.finding)) expect(problemText(row.finding, recipient, nameOf).title).not.toBe(row.finding.message);
    }
  });
});
