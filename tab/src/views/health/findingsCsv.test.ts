import { describe, expect, it } from 'vitest';
import type { HealthFinding } from '@cgm/core';
import { csvCell, filterFindings, findingsCsv } from './findingsCsv';

const finding = (code: string, severity: HealthFinding['severity'], subject: string, related: string[] = [], message = 'Something is wrong.'): HealthFinding => ({
  id: `${code}|${subject}`, code, rule: 'rule', severity, subject, related, message, firstSeen: '2026-11-01T08:00:00Z', lastSeen: '2026-11-02T08:00:00Z',
});
const FINDINGS = [
  finding('CG07', 'error', 'sip:miriam.graham@contoso.com', ['sip:ben.walters@contoso.com'], 'Ben Walters left, still in the group.'),
  finding('CG08', 'warning', 'sip:lidia.holloway@contoso.com', ['sip:quentin.moreau@contoso.com'], 'Quentin is disabled.'),
  finding('SC05', 'error', 'MunichOffice', ['+4319876543'], 'An Austrian number, in a German policy.'),
];

describe('filterFindings', () => {
  it('matches every filter at once: severity, code, person and text', () => {
    expect(filterFindings(FINDINGS, { text: '', severity: 'error', code: '', person: '' }).map((f) => f.code)).toEqual(['CG07', 'SC05']);
    expect(filterFindings(FINDINGS, { text: '', severity: 'error', code: 'CG08', person: '' })).toEqual([]);
    expect(filterFindings(FINDINGS, { text: '', severity: '', code: '', person: 'QUENTIN' }).map((f) => f.code)).toEqual(['CG08']);
    expect(filterFindings(FINDINGS, { text: 'austrian', severity: '', code: '', person: '' }).map((f) => f.code)).toEqual(['SC05']);
    expect(filterFindings(FINDINGS, { text: '  ', severity: '', code: '', person: '' })).toHaveLength(3);
  });
});

describe('findingsCsv', () => {
  it('writes a header and one row per finding, quoting what needs it', () => {
    const csv = findingsCsv([finding('CG07', 'error', 'sip:a@contoso.com', ['sip:b@contoso.com', 'sip:c@contoso.com'], 'He said "hi", then left.')]);
    expect(csv).toBe(
      'code,severity,subject,related,message,first_seen,last_seen,fix\n' +
        'CG07,error,sip:a@contoso.com,sip:b@contoso.com sip:c@contoso.com,"He said ""hi"", then left.",2026-11-01T08:00:00Z,2026-11-02T08:00:00Z,\n',
    );
  });

  it('defuses cells a spreadsheet would run as a formula', () => {
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('+4319876543')).toBe(`"'+4319876543"`);
    expect(csvCell('plain')).toBe('plain');
  });
});
