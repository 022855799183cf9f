import { describe, expect, it } from 'vitest';
import type { Finding, FindingCode } from '../model/finding.js';
import { createTenantLookup } from '../model/lookup.js';
import type { Delegate, Tenant } from '../model/tenant.js';
import { namedUser, resourceAccount, sharedPolicy, sipOf as sip, testPolicy, testSettings, testTenant, usagePolicy } from '../testing/testTenant.js';
import type { CleanupPlan } from './cleanupPlan.js';
import { attachFixes, planCleanup, renderFixScript } from './cleanupPlan.js';
import { renderWriteLines } from './powershell.js';

const delegate = (name: string, receive: boolean): Delegate => ({ Id: sip(name), MakeCalls: false, ManageSettings: false, ReceiveCalls: receive, PickUpHeldCalls: false, JoinActiveCalls: false });
const group = { IsForwardingEnabled: true, ForwardingType: 'Simultaneous', ForwardingTargetType: 'Group' } as const;
const many = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => sip(`${prefix}${i + 1}`));

function tenant(): Tenant {
  return testTenant({
    tenantId: 'contoso-tenant',
    capturedAt: '2026-11-01T08:30:00Z',
    users: [
      namedUser('olivia', { TeamsCallingPolicy: 'Tag:NoGroups' }),
      namedUser('max'),
      namedUser('nina'),
      namedUser('dora', { AccountEnabled: false }),
      namedUser('paul'),
      namedUser('quinn'),
      namedUser('rita'),
      namedUser('sam'),
      namedUser('manny', { TeamsCallingPolicy: 'NoDelegation' }),
      namedUser('mona'),
      namedUser('ivy', { HasTeamsPhoneLicense: false, TeamsUpgradeEffectiveMode: 'Islands' }),
    ],
    callingSettings: [
      testSettings('olivia', { ...group, IsUnansweredEnabled: true, UnansweredTargetType: 'Group', CallGroupTargets: [sip('max'), sip('nina')] }),
      testSettings('max', { GroupMembershipDetails: [{ CallGroupOwnerId: sip('olivia'), NotificationSetting: 'Ring' }, { CallGroupOwnerId: sip('gone'), NotificationSetting: 'Banner' }] }),
      testSettings('paul', { CallGroupOrder: 'InOrder', CallGroupTargets: many('p', 6) }),
      testSettings('quinn', { CallGroupTargets: many('q', 27) }),
      testSettings('rita', { IsForwardingEnabled: true, ForwardingType: 'Immediate', ForwardingTargetType: 'Group' }),
      testSettings('sam', { ...group, CallGroupTargets: [sip('max'), 'sam@contoso.com', 'SIP:Max@Contoso.com', 'Dora@Contoso.com', sip('ghost'), sip('nina'), sip('max')] }),
      testSettings('manny', { IsForwardingEnabled: true, ForwardingType: 'Simultaneous', ForwardingTargetType: 'MyDelegates', Delegates: [delegate('max', true), delegate('nina', false)] }),
      testSettings('mona', { IsUnansweredEnabled: true, UnansweredTargetType: 'MyDelegates', Delegates: [delegate('nina', false)] }),
    ],
    callingPolicies: [testPolicy('Global'), testPolicy('Tag:NoGroups', { AllowCallGroups: false }), testPolicy('Tag:NoDelegation', { AllowDelegation: false })],
    voiceRoutingPolicies: [usagePolicy('Global')],
    sharedCallingPolicies: [sharedPolicy('Tag:Store12', 'store12-aa@contoso.com', ['+14155550199'])],
    resourceAccounts: [
      resourceAccount('store12-aa', { ObjectId: 'ra-1', DisplayName: 'Store 12', PhoneNumber: 'tel:+14155550100', AssociatedAutoAttendants: [], HasPayAsYouGoCallingPlan: false, CommunicationCreditsFunded: false }),
    ],
  });
}

const lookup = createTenantLookup(tenant());
const finding = (code: FindingCode, subject: string, related: string[] = [], rule = 'rule'): Finding => ({ code, rule, severity: 'error', subject, related, message: 'Message.' });

function scripted(plan: CleanupPlan): { summary: string; lines: string[] } {
  if (!('writes' in plan)) throw new Error(`advice: ${plan.advice}`);
  const lines = renderWriteLines(plan.writes);
  if (!lines.ok) throw new Error('unrenderable');
  return { summary: plan.summary, lines: lines.value };
}

describe('planCleanup writes', () => {
  it('CG01: turns off group routing, then empties the orphaned group', () => {
    expect(scripted(planCleanup(lookup, finding('CG01', sip('olivia'), [sip('max'), sip('nina')])))).toMatchInlineSnapshot(`
      {
        "lines": [
          "Set-CsUserCallingSettings -Identity 'sip:olivia@contoso.com' -IsUnansweredEnabled $false",
          "Set-CsUserCallingSettings -Identity 'sip:olivia@contoso.com' -IsForwardingEnabled $false",
          "Set-CsUserCallingSettings -Identity 'sip:olivia@contoso.com' -CallGroupOrder Simultaneous -CallGroupTargets @()",
        ],
        "summary": "Calling policy NoGroups does not allow call groups, so this plan turns off forwarding and unanswered forwarding to the call group, then removes all 2 members (sip:max@contoso.com, sip:nina@contoso.com). Each member's notification entry for this group (GroupMembershipDetails) lives on the member and can be changed but not created; the plan leaves it to Teams, and the next scan reports any entry that remains as CG12 with its own clean-up.",
      }
    `);
  });

  it('CG01: says why each step comes where it does', () => {
    const plan = planCleanup(lookup, finding('CG01', sip('olivia'), [sip('max'), sip('nina')]));
    expect('writes' in plan ? plan.writes.map((w) => w.reason) : []).toEqual([
      'Stop the rule "send unanswered calls to the call group after 20 seconds" first, because Teams rejects emptying a call group that calls still go to.',
      'Stop the forwarding rule "also ring the call group" first, because Teams rejects emptying a call group that calls still go to.',
      'Empty the call group (the cmdlet always replaces the whole member list).',
    ]);
  });

  it('CG02: turns off forwarding to an empty group', () => {
    expect(scripted(planCleanup(lookup, finding('CG02', sip('rita'))))).toMatchInlineSnapshot(`
      {
        "lines": [
          "Set-CsUserCallingSettings -Identity 'sip:rita@contoso.com' -IsForwardingEnabled $false",
        ],
        "summary": "The call group has no members, so calls sent to it reach nobody: this plan turns off forwarding to the group.",
      }
    `);
  });

  it('CG03: switches six members to simultaneous and keeps them all', () => {
    expect(scripted(planCleanup(lookup, finding('CG03', sip('paul'))))).toMatchInlineSnapshot(`
      {
        "lines": [
          "Set-CsUserCallingSettings -Identity 'sip:paul@contoso.com' -CallGroupOrder Simultaneous -CallGroupTargets @('sip:p1@contoso.com', 'sip:p2@contoso.com', 'sip:p3@contoso.com', 'sip:p4@contoso.com', 'sip:p5@contoso.com', 'sip:p6@contoso.com')",
        ],
        "summary": "Ring-in-order allows at most 5 members and this group has 6: this plan switches it to ring everyone at once and keeps all 6 members.",
      }
    `);
  });

  it('CG04: keeps the first 25 of 27 members and names the two removed', () => {
    const plan = scripted(planCleanup(lookup, finding('CG04', sip('quinn'))));
    expect(plan.summary).toBe(
      'A call group holds at most 25 members and this one has 27: this plan keeps the first 25, in their current order, and removes the last 2 (sip:q26@contoso.com, sip:q27@contoso.com).',
    );
    expect(plan.lines).toEqual([`Set-CsUserCallingSettings -Identity 'sip:quinn@contoso.com' -CallGroupOrder Simultaneous -CallGroupTargets @(${many('q', 25).map((t) => `'${t}'`).join(', ')})`]);
  });

  it('CG07: removes the unresolvable target', () => {
    expect(scripted(planCleanup(lookup, finding('CG07', sip('sam'), [sip('ghost')])))).toMatchInlineSnapshot(`
      {
        "lines": [
          "Set-CsUserCallingSettings -Identity 'sip:sam@contoso.com' -CallGroupOrder Simultaneous -CallGroupTargets @('sip:max@contoso.com', 'sam@contoso.com', 'SIP:Max@Contoso.com', 'Dora@Contoso.com', 'sip:nina@contoso.com', 'sip:max@contoso.com')",
        ],
        "summary": "sip:ghost@contoso.com matches no user in the tenant (left the organisation or mistyped): this plan removes it from the call group.",
      }
    `);
  });

  it('CG08: removes the disabled member however the target is spelled', () => {
    expect(scripted(planCleanup(lookup, finding('CG08', sip('sam'), [sip('dora')]))).lines[0]).toContain(
      "-CallGroupTargets @('sip:max@contoso.com', 'sam@contoso.com', 'SIP:Max@Contoso.com', 'sip:ghost@contoso.com', 'sip:nina@contoso.com', 'sip:max@contoso.com')",
    );
  });

  it('CG11: removes the owner and repeated members, keeping first occurrences', () => {
    expect(scripted(planCleanup(lookup, finding('CG11', sip('sam'))))).toMatchInlineSnapshot(`
      {
        "lines": [
          "Set-CsUserCallingSettings -Identity 'sip:sam@contoso.com' -CallGroupOrder Simultaneous -CallGroupTargets @('sip:max@contoso.com', 'Dora@Contoso.com', 'sip:ghost@contoso.com', 'sip:nina@contoso.com')",
        ],
        "summary": "This plan removes the owner themselves and repeated entries (SIP:Max@Contoso.com, sip:max@contoso.com) from the call group, keeping the first occurrence of each member.",
      }
    `);
  });

  it('CG12: rewrites the member notification list without the stale owner', () => {
    expect(scripted(planCleanup(lookup, finding('CG12', sip('max'), [sip('gone')])))).toMatchInlineSnapshot(`
      {
        "lines": [
          "Set-CsUserCallingSettings -Identity 'sip:max@contoso.com' -GroupMembershipDetails @([Microsoft.Teams.ConfigAPI.Cmdlets.Generated.Models.ICallGroupMembershipDetails]@{CallGroupOwnerId = 'sip:olivia@contoso.com'; NotificationSetting = 'Ring'})",
        ],
        "summary": "sip:max@contoso.com's group notifications still name sip:gone@contoso.com, who no longer exists: this plan rewrites the list without that entry.",
      }
    `);
  });

  it('DL01: turns off forwarding to delegates, then removes every delegate', () => {
    expect(scripted(planCleanup(lookup, finding('DL01', sip('manny'))))).toMatchInlineSnapshot(`
      {
        "lines": [
          "Set-CsUserCallingSettings -Identity 'sip:manny@contoso.com' -IsForwardingEnabled $false",
          "Remove-CsUserCallingDelegate -Identity 'sip:manny@contoso.com' -Delegate 'sip:nina@contoso.com'",
          "Remove-CsUserCallingDelegate -Identity 'sip:manny@contoso.com' -Delegate 'sip:max@contoso.com'",
        ],
        "summary": "Calling policy NoDelegation does not allow delegation, so this plan turns off forwarding to the delegates, then removes the 2 delegates (sip:max@contoso.com, sip:nina@contoso.com).",
      }
    `);
  });

  it('DL02: turns off unanswered forwarding to delegates who cannot receive calls', () => {
    expect(scripted(planCleanup(lookup, finding('DL02', sip('mona'))))).toMatchInlineSnapshot(`
      {
        "lines": [
          "Set-CsUserCallingSettings -Identity 'sip:mona@contoso.com' -IsUnansweredEnabled $false",
        ],
        "summary": "No delegate may receive calls, so calls sent to the delegates reach nobody: this plan turns off unanswered forwarding to the delegates.",
      }
    `);
  });
});

describe('planCleanup advice', () => {
  const adviceOnly: FindingCode[] = ['CG05', 'CG06', 'CG09', 'CG10', 'CG13', 'CG14', 'CG15', 'DL03', 'SC01', 'SC02', 'SC03', 'SC04', 'SC05', 'SC06', 'SC07', 'SC08', 'SC09', 'SC10', 'SC11', 'SC12', 'SC13', 'SC14', 'SC20', 'SC21', 'SC22', 'SC23', 'SC24'];

  it.each(adviceOnly)('%s gets specific advice and no writes', (code) => {
    const plan = planCleanup(lookup, finding(code, code.startsWith('SC') && Number(code.slice(2)) < 20 ? 'Store12' : sip('paul'), [sip('ivy')]));
    expect('writes' in plan).toBe(false);
    expect('advice' in plan ? plan.advice : '').not.toMatch(/^No clean-up is known/);
  });

  it('names the missing license and mode of an ineligible member (CG09)', () => {
    expect(planCleanup(lookup, finding('CG09', sip('paul'), [sip('ivy')]))).toMatchInlineSnapshot(`
      {
        "advice": "Call group members need a Teams Phone license and Teams Only mode. For sip:ivy@contoso.com: assign a Teams Phone license; move them to Teams Only with Grant-CsTeamsUpgradePolicy -Identity 'ivy@contoso.com' -PolicyName UpgradeToTeams. Or remove sip:ivy@contoso.com from the call group of sip:paul@contoso.com.",
        "summary": "Make the member eligible, or remove them.",
      }
    `);
  });

  it('gives the exact location cmdlet for the resource number (SC03)', () => {
    expect(planCleanup(lookup, finding('SC03', 'Store12'))).toMatchInlineSnapshot(`
      {
        "advice": "Find the location with Get-CsOnlineLisLocation, then: Set-CsPhoneNumberAssignment -PhoneNumber '+14155550100' -LocationId '<location id>'.",
        "summary": "Give the number an emergency location.",
      }
    `);
  });

  it('says when the settings no longer show the problem', () => {
    expect(planCleanup(lookup, finding('CG03', sip('quinn')))).toEqual({ summary: 'Nothing to change.', advice: 'The current settings no longer show this problem; re-scan to confirm.' });
  });

  it('says when the subject user is gone', () => {
    expect(planCleanup(lookup, finding('CG02', sip('nobody')))).toEqual({ summary: 'User not found.', advice: 'sip:nobody@contoso.com is not in the tenant any more; re-scan.' });
  });
});

describe('attachFixes', () => {
  it('adds a fix where writes are planned and none for advice', () => {
    const [cg03, cg09] = attachFixes(lookup, [finding('CG03', sip('paul')), finding('CG09', sip('paul'), [sip('ivy')])]);
    expect(cg03?.fix?.powershell).toEqual([`Set-CsUserCallingSettings -Identity 'sip:paul@contoso.com' -CallGroupOrder Simultaneous -CallGroupTargets @(${many('p', 6).map((t) => `'${t}'`).join(', ')})`]);
    expect(cg09 && 'fix' in cg09).toBe(false);
  });

  it('points to the combined script when two fixes rewrite one user', () => {
    const fixed = attachFixes(lookup, [finding('CG07', sip('sam'), [sip('ghost')]), finding('CG08', sip('sam'), [sip('dora')])]);
    expect(fixed.map((f) => f.fix?.summary.endsWith('which merges them, rather than several fixes one after another.'))).toEqual([true, true]);
  });

  it('leaves out a fix whose values cannot be written safely', () => {
    const broken = createTenantLookup({ ...tenant(), callingSettings: [testSettings('paul', { CallGroupOrder: 'InOrder', CallGroupTargets: [...many('p', 5), 'sip:x@contoso.com\nRemove-Item C:\\'] })] });
    expect(attachFixes(broken, [finding('CG03', sip('paul'))])[0]?.fix).toBeUndefined();
  });
});

describe('renderFixScript', () => {
  it('writes an owner before a member whose notification list it cleans, whatever the severities', () => {
    const member = { ...finding('CG12', sip('max'), [sip('gone')]), severity: 'error' as const };
    const owner = { ...finding('CG03', sip('paul')), severity: 'warning' as const };
    const script = renderFixScript(lookup, [member, owner]);
    expect(script.indexOf("-Identity 'sip:paul@contoso.com'")).toBeLessThan(script.indexOf("-Identity 'sip:max@contoso.com'"));
    expect(script.indexOf("-Identity 'sip:paul@contoso.com'")).toBeGreaterThan(0);
  });

  it('keeps a hostile tenant id inside its header comment', () => {
    const hostile = createTenantLookup({ ...tenant(), tenantId: "x\nRemove-Item C:\\ -Recurse" });
    const lines = renderFixScript(hostile, [finding('CG03', sip('paul'))]).split('\n');
    expect(lines[1]).toBe('# Call Group Manager clean-up for tenant x Remove-Item C:\\ -Recurse: 1 findings, 1 scripted for 1 users, 0 left as notes at the end.');
    expect(lines.filter((line) => line.startsWith('Remove-Item'))).toEqual([]);
  });


  it('merges the findings of one user, puts members after owners and advice last', () => {
    const findings = [
      finding('CG12', sip('max'), [sip('gone')], 'stale-membership-detail'),
      finding('CG07', sip('sam'), [sip('ghost')], 'member-not-found'),
      finding('CG11', sip('sam'), [], 'self-or-duplicate-member'),
      finding('CG08', sip('sam'), [sip('dora')], 'member-disabled'),
      finding('CG09', sip('paul'), [sip('ivy')], 'member-not-eligible'),
    ];
    expect(renderFixScript(lookup, findings)).toMatchInlineSnapshot(`
      "#Requires -Modules MicrosoftTeams
      # Call Group Manager clean-up for tenant contoso-tenant: 5 findings, 4 scripted for 2 users, 1 left as notes at the end.
      # Run Connect-MicrosoftTeams first, signed in as a Teams administrator.
      # Written from the settings read at scan time; each write replaces a whole settings group, so re-scan first if users may have changed their settings since.
      # Stop at the first rejected write, so that no later step runs on settings the plan did not expect.
      $ErrorActionPreference = 'Stop'

      # sip:sam@contoso.com: CG07 member-not-found, CG08 member-disabled, CG11 self-or-duplicate-member
      # This plan removes the owner themselves and repeated entries (SIP:Max@Contoso.com, sip:max@contoso.com) from the call group, keeping the first occurrence of each member. sip:ghost@contoso.com matches no user in the tenant (left the organisation or mistyped): this plan removes it from the call group. sip:dora@contoso.com has a disabled account: this plan removes them from the call group.

      # Step 1: Write the whole call group (the cmdlet replaces the list): 2 members, rung all at once; this removes sam@contoso.com, SIP:Max@Contoso.com, Dora@Contoso.com, sip:ghost@contoso.com.
      Set-CsUserCallingSettings -Identity 'sip:sam@contoso.com' -CallGroupOrder Simultaneous -CallGroupTargets @('sip:max@contoso.com', 'sip:nina@contoso.com')

      # sip:max@contoso.com: CG12 stale-membership-detail
      # sip:max@contoso.com's group notifications still name sip:gone@contoso.com, who no longer exists: this plan rewrites the list without that entry.

      # Step 1: Write this member's whole list of group notifications (the cmdlet replaces it); this removes sip:gone@contoso.com=Banner.
      Set-CsUserCallingSettings -Identity 'sip:max@contoso.com' -GroupMembershipDetails @([Microsoft.Teams.ConfigAPI.Cmdlets.Generated.Models.ICallGroupMembershipDetails]@{CallGroupOwnerId = 'sip:olivia@contoso.com'; NotificationSetting = 'Ring'})

      # Not scripted: these need an admin's decision.
      # CG09 sip:paul@contoso.com (sip:ivy@contoso.com): Make the member eligible, or remove them. Call group members need a Teams Phone license and Teams Only mode. For sip:ivy@contoso.com: assign a Teams Phone license; move them to Teams Only with Grant-CsTeamsUpgradePolicy -Identity 'ivy@contoso.com' -PolicyName UpgradeToTeams. Or remove sip:ivy@contoso.com from the call group of sip:paul@contoso.com.
      "
    `);
  });
});
