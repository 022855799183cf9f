import { describe, expect, it } from 'vitest';
import type { Finding } from '../model/finding.js';
import { SEVERITY_RANK } from '../model/finding.js';
import { createTenantLookup } from '../model/lookup.js';
import type { Tenant } from '../model/tenant.js';
import { FINDING_CATALOG } from './catalog.js';
import { exampleTenant } from './exampleTenant.js';
import { scanTenant } from './healthScan.js';
import snapshotExample from './snapshotExample.json' with { type: 'json' };
import { sipOf, testPolicy, testSettings, testTenant, testUser, testUsers } from '../testing/testTenant.js';

describe('scanTenant', () => {
  it('reports nothing on the healthy example snapshot', () => {
    expect(scanTenant(createTenantLookup(exampleTenant()))).toEqual([]);
  });

  it('builds the example tenant with the identities of docs/snapshot-example.json', () => {
    const example: Tenant = exampleTenant();
    expect(example.users.map((u) => [u.Identity, u.SipAddress, u.TeamsSharedCallingRoutingPolicy])).toEqual(
      snapshotExample.users.map((u) => [u.Identity, u.SipAddress, 'TeamsSharedCallingRoutingPolicy' in u ? u.TeamsSharedCallingRoutingPolicy : null]),
    );
    expect(example.phoneNumbers).toEqual(snapshotExample.phoneNumbers);
    expect(example.callingSettings.map((s) => [s.SipUri, s.CallGroupTargets])).toEqual(snapshotExample.callingSettings.map((s) => [s.SipUri, s.CallGroupTargets ?? []]));
  });

  it('gives every finding the rule and severity of its catalog entry, without a fix', () => {
    const findings = scanTenant(
      createTenantLookup(
        testTenant({
          users: [testUser('owner', { HasTeamsPhoneLicense: false }), ...testUsers(6)],
          callingSettings: [testSettings('owner', { CallGroupOrder: 'InOrder', CallGroupTargets: [...testUsers(6).map((u) => u.SipAddress), 'ghost@contoso.com'], UnansweredDelay: '00:00:25' })],
          callingPolicies: [testPolicy('Global', { AllowCallGroups: false })],
        }),
      ),
    );
    expect(findings.map((f) => f.code)).toEqual(['CG01', 'CG03', 'CG07', 'CG10', 'CG15']);
    for (const finding of findings) {
      expect([finding.rule, finding.severity]).toEqual([FINDING_CATALOG[finding.code].rule, FINDING_CATALOG[finding.code].severity]);
      expect(finding).not.toHaveProperty('fix');
      expect(finding.subject).toBe(sipOf('owner'));
    }
  });

  it('sorts worst first, then by code and subject', () => {
    const findings: Finding[] = scanTenant(
      createTenantLookup(
        testTenant({
          users: [testUser('bob'), testUser('ann')],
          callingSettings: [testSettings('bob', { UnansweredDelay: '00:00:25' }), testSettings('ann', { UnansweredDelay: '00:00:25', IsForwardingEnabled: true, ForwardingTargetType: 'Group' })],
        }),
      ),
    );
    expect(findings.map((f) => [f.code, f.subject])).toEqual([['CG02', sipOf('ann')], ['CG15', sipOf('ann')], ['CG15', sipOf('bob')]]);
    const ranks = findings.map((f) => SEVERITY_RANK[f.severity]);
    expect(ranks).toEqual([...ranks].sort((a, b) => b - a));
  });
});

describe('FINDING_CATALOG', () => {
  it('matches the codes, rule names and severities of docs/findings.md', () => {
    const rows = Object.entries(FINDING_CATALOG).map(([code, entry]) => `${code} ${entry.rule} ${entry.severity}`);
    expect(rows).toMatchInlineSnapshot(`
      [
        "CG01 orphaned-call-group error",
        "CG02 forwards-to-empty-group error",
        "CG03 in-order-over-five error",
        "CG04 too-many-members error",
        "CG05 group-text-too-long error",
        "CG06 member-in-too-many-groups error",
        "CG07 member-not-found error",
        "CG08 member-disabled warning",
        "CG09 member-not-eligible warning",
        "CG10 owner-not-eligible warning",
        "CG11 self-or-duplicate-member warning",
        "CG12 stale-membership-detail info",
        "CG13 nobody-alerted warning",
        "CG14 inbound-treatment-bypasses-group info",
        "CG15 unsupported-unanswered-delay warning",
        "DL01 orphaned-delegation error",
        "DL02 forwards-to-no-delegates error",
        "DL03 too-many-delegates error",
        "SC01 resource-account-missing error",
        "SC02 resource-account-no-number error",
        "SC03 resource-number-no-location error",
        "SC04 emergency-number-type-mismatch error",
        "SC05 emergency-number-country-mismatch error",
        "SC06 emergency-number-in-several-policies error",
        "SC07 emergency-number-assigned error",
        "SC08 emergency-number-not-subscriber error",
        "SC09 toll-free-without-emergency-numbers error",
        "SC10 calling-plan-credits-missing error",
        "SC11 no-auto-attendant warning",
        "SC12 unsupported-country error",
        "SC13 operator-connect-check info",
        "SC14 emergency-number-unknown warning",
        "SC20 user-has-personal-number warning",
        "SC21 user-voice-routing-has-usages error",
        "SC22 user-not-voice-enabled error",
        "SC23 emergency-routing-mismatch error",
        "SC24 shared-policy-not-found error",
      ]
    `);
  });
});
