import { describe, expect, it } from 'vitest';
import demo from '../../../bot/data/demo-tenant.json' with { type: 'json' };
import expected from '../../../bot/data/demo-tenant.expected.json' with { type: 'json' };
import { scanTenant } from '../health/healthScan.js';
import { normalizeSip } from '../model/identity.js';
import { createTenantLookup } from '../model/lookup.js';
import type { Tenant } from '../model/tenant.js';
import { parseSnapshot } from '../snapshot/index.js';

/**
 * The Contoso demo tenant (bot/data/demo-tenant.json) is what `npm start` and the demo
 * script show. Its deliberate problems are listed in demo-tenant.md and, exactly, in
 * demo-tenant.expected.json; anything else the scan finds is an accidental defect.
 */

function parsedDemo(): Tenant {
  const parsed = parseSnapshot(demo);
  if (!parsed.ok) throw new Error(parsed.problems.map((problem) => `${problem.path}: ${problem.message}`).join('\n'));
  return parsed.value;
}

const byCodeThenSubject = (a: { code: string; subject: string }, b: { code: string; subject: string }) =>
  a.code.localeCompare(b.code) || a.subject.localeCompare(b.subject);

describe('the Contoso demo tenant', () => {
  it('parses as a cgm.tenant-snapshot v1 document', () => {
    expect(parsedDemo().users.length).toBeGreaterThanOrEqual(55);
  });

  it('yields exactly the documented findings', () => {
    const findings = scanTenant(createTenantLookup(parsedDemo()))
      .map(({ code, subject, related }) => ({ code, subject, related: [...related] }))
      .sort(byCodeThenSubject);
    expect(findings).toEqual(expected);
  });

  it('lists the expected findings sorted by code then subject', () => {
    expect([...expected].sort(byCodeThenSubject)).toEqual(expected);
  });

  it('lets Alex Wilber add Adele Vance: an eligible colleague outside his small simultaneous group', () => {
    const lookup = createTenantLookup(parsedDemo());
    const alex = lookup.userByRef('alex.wilber@contoso.com');
    const adele = lookup.userByRef('adele.vance@contoso.com');
    if (!alex || !adele) throw new Error('demo personas missing');
    const group = lookup.settingsOf(alex);
    expect(group.CallGroupOrder).toBe('Simultaneous');
    expect(group.CallGroupTargets.length).toBeGreaterThanOrEqual(2);
    expect(group.CallGroupTargets.length).toBeLessThanOrEqual(3);
    expect(group.ForwardingTargetType).toBe('Group');
    expect(group.CallGroupTargets.map(normalizeSip)).not.toContain('sip:adele.vance@contoso.com');
    expect(adele).toMatchObject({ AccountEnabled: true, HasTeamsPhoneLicense: true, EnterpriseVoiceEnabled: true, TeamsUpgradeEffectiveMode: 'TeamsOnly' });
    expect(lookup.callingPolicyOf(adele).AllowCallGroups).toBe(true);
  });

  it('has Megan Bowen, the Teams Phone admin, as an eligible IT user', () => {
    const megan = createTenantLookup(parsedDemo()).userByRef('megan.bowen@contoso.com');
    expect(megan).toMatchObject({ Department: 'IT', AccountEnabled: true, HasTeamsPhoneLicense: true, TeamsUpgradeEffectiveMode: 'TeamsOnly' });
  });
});
