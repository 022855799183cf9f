import type { Finding } from '../model/finding.js';
import { compareFindings } from '../model/finding.js';
import { normalizeSip } from '../model/identity.js';
import type { TenantLookup } from '../model/lookup.js';
import type { User } from '../model/tenant.js';
import { adviceFor } from './cleanupAdvice.js';
import type { CleanupAdvice } from './cleanupAdvice.js';
import { CLEANUP_MERGE_ORDER, CLEANUP_TRANSFORMS } from './cleanupTransforms.js';
import { planSettingsWrites } from './planWrites.js';
import { powerShellComment, renderPowerShell, renderWriteLines } from './powershell.js';
import { changedGroups } from './settingsGroup.js';
import type { SettingsWrite } from './settingsWrite.js';

/** A clean-up as writes (for the app or a script), or as advice when it needs an admin's decision. */
export type CleanupPlan = { readonly summary: string; readonly writes: readonly SettingsWrite[] } | CleanupAdvice;

const mergeRank = (finding: Finding) => CLEANUP_MERGE_ORDER.indexOf(finding.code);

/**
 * One user's clean-up for several findings at once: the desired settings are the
 * current ones with each finding's change applied in `CLEANUP_MERGE_ORDER`, and the
 * writes come from `planSettingsWrites`, so the order is always one Teams accepts and
 * several findings never write the same group twice.
 */
export function planUserCleanup(lookup: TenantLookup, user: User, findings: readonly Finding[]): CleanupPlan {
  const current = lookup.settingsOf(user);
  let desired = current;
  const summaries: string[] = [];
  for (const finding of [...findings].sort((a, b) => mergeRank(a) - mergeRank(b))) {
    const transform = CLEANUP_TRANSFORMS[finding.code];
    if (!transform) continue;
    const change = transform({ lookup, finding, user }, desired);
    // A finding already cleaned up by an earlier change adds no step and no sentence.
    if (changedGroups(desired, change.settings).length > 0) summaries.push(change.summary);
    desired = change.settings;
  }
  const summary = summaries.join(' ');
  if (changedGroups(current, desired).length === 0) {
    return { summary: 'Nothing to change.', advice: 'The current settings no longer show this problem; re-scan to confirm.' };
  }
  const plan = planSettingsWrites(current, desired, normalizeSip(user.SipAddress));
  if (!plan.ok) {
    return { summary: 'No safe write order.', advice: `${summary} It cannot be written safely: ${plan.problems.map((p) => p.message).join(' ')}` };
  }
  return { summary, writes: plan.value };
}

/** The clean-up of one finding: writes for the codes a settings write can fix, advice for every other code. */
export function planCleanup(lookup: TenantLookup, finding: Finding): CleanupPlan {
  if (!CLEANUP_TRANSFORMS[finding.code]) return adviceFor(lookup, finding);
  const user = lookup.userByRef(finding.subject);
  if (!user) return { summary: 'User not found.', advice: `${finding.subject} is not in the tenant any more; re-scan.` };
  return planUserCleanup(lookup, user, [finding]);
}

const hasWrites = (plan: CleanupPlan): plan is { summary: string; writes: readonly SettingsWrite[] } => 'writes' in plan && plan.writes.length > 0;

/**
 * The findings with `fix: { summary, powershell }` where a clean-up can be planned
 * (findings.md: "fix is present where a clean-up can be planned"); advice-only findings,
 * and plans whose values cannot be rendered safely, are returned without a fix. Each fix
 * is planned alone from the current settings; when several fixes concern one user, the
 * summary says to use the combined script, which merges them.
 */
export function attachFixes(lookup: TenantLookup, findings: readonly Finding[]): Finding[] {
  const plans = findings.map((finding) => planCleanup(lookup, finding));
  const fixesPerSubject = new Map<string, number>();
  plans.forEach((plan, index) => {
    const subject = findings[index]?.subject ?? '';
    if (hasWrites(plan)) fixesPerSubject.set(subject, (fixesPerSubject.get(subject) ?? 0) + 1);
  });
  return findings.map((finding, index) => {
    const plan = plans[index];
    if (!plan || !hasWrites(plan)) return finding;
    const lines = renderWriteLines(plan.writes);
    if (!lines.ok) return finding;
    const summary = (fixesPerSubject.get(finding.subject) ?? 0) > 1
      ? `${plan.summary} Other findings for this user rewrite the same settings: run the combined clean-up script, which merges them, rather than several fixes one after another.`
      : plan.summary;
    return { ...finding, fix: { summary, powershell: lines.value } };
  });
}

interface UserSection {
  readonly user: User;
  readonly findings: Finding[];
}

function groupByUser(lookup: TenantLookup, findings: readonly Finding[]): { sections: UserSection[]; rest: Finding[] } {
  const sections = new Map<string, UserSection>();
  const rest: Finding[] = [];
  for (const finding of findings) {
    const user = CLEANUP_TRANSFORMS[finding.code] ? lookup.userByRef(finding.subject) : undefined;
    if (!user) {
      rest.push(finding);
      continue;
    }
    const section = sections.get(user.Identity) ?? { user, findings: [] };
    section.findings.push(finding);
    sections.set(user.Identity, section);
  }
  return { sections: [...sections.values()], rest };
}

const writesMembership = (writes: readonly SettingsWrite[]) => writes.some((w) => w.parameterSet === 'CallGroupMembership');

/**
 * One script for many findings: one section per user with every finding of that user
 * merged into one desired state, owners' sections before members' notification clean-ups
 * (so members are cleaned after the groups they left), and the findings that need an
 * admin's decision as comments at the end. The header names the tenant and the counts and
 * says to run Connect-MicrosoftTeams first.
 */
export function renderFixScript(lookup: TenantLookup, findings: readonly Finding[]): string {
  const sorted = [...findings].sort(compareFindings);
  const { sections, rest } = groupByUser(lookup, sorted);
  const scripted: { section: UserSection; writes: readonly SettingsWrite[]; summary: string }[] = [];
  const notes: string[] = rest.map((f) => {
    const plan = planCleanup(lookup, f);
    return `${f.code} ${f.subject}${f.related.length > 0 ? ` (${f.related.join(', ')})` : ''}: ${plan.summary} ${'advice' in plan ? plan.advice : ''}`;
  });
  for (const section of sections) {
    const plan = planUserCleanup(lookup, section.user, section.findings);
    const codes = section.findings.map((f) => f.code).join(', ');
    const lines = hasWrites(plan) ? renderWriteLines(plan.writes) : undefined;
    if (hasWrites(plan) && lines?.ok) scripted.push({ section, writes: plan.writes, summary: plan.summary });
    else notes.push(`${codes} ${normalizeSip(section.user.SipAddress)}: ${plan.summary} ${'advice' in plan ? plan.advice : 'A value cannot be written safely into a script (it contains control characters).'}`);
  }
  scripted.sort((a, b) => Number(writesMembership(a.writes)) - Number(writesMembership(b.writes)));
  const scriptedCount = scripted.reduce((n, s) => n + s.section.findings.length, 0);
  const out = [
    '#Requires -Modules MicrosoftTeams',
    powerShellComment(`Call Group Manager clean-up for tenant ${lookup.tenantId}: ${findings.length} findings, ${scriptedCount} scripted for ${scripted.length} users, ${findings.length - scriptedCount} left as notes at the end.`),
    '# Run Connect-MicrosoftTeams first, signed in as a Teams administrator.',
    '# Written from the settings read at scan time; each write replaces a whole settings group, so re-scan first if users may have changed their settings since.',
    '# Stop at the first rejected write, so that no later step runs on settings the plan did not expect.',
    "$ErrorActionPreference = 'Stop'",
    '',
  ];
  for (const { section, writes, summary } of scripted) {
    const title = `${normalizeSip(section.user.SipAddress)}: ${section.findings.map((f) => `${f.code} ${f.rule}`).join(', ')}`;
    out.push(renderPowerShell(writes, { header: `${title}\n${summary}` }));
  }
  if (notes.length > 0) out.push('# Not scripted: these need an admin\'s decision.', ...notes.map(powerShellComment), '');
  return `${out.join('\n').trimEnd()}\n`;
}
