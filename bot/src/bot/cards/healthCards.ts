import type { Finding, Severity } from '@cgm/core';
import { SEVERITIES } from '@cgm/core';
import type { AdaptiveCard, CardElement } from './cardElements.js';
import { actionRow, card, execute, facts, heading, plain, section, text, when } from './cardElements.js';
import type { PeopleNames } from './requestDescription.js';
import { nameOf } from './requestDescription.js';

/** Where one finding of a card stands now. */
export type FindingState = 'open' | 'fix-requested' | 'snoozed' | 'resolved';

export interface DigestFinding {
  readonly key: string;
  readonly finding: Finding;
  readonly firstSeen: Date;
  readonly state: FindingState;
  /** Set after a click on this finding: what happened, in words. */
  readonly outcome?: string;
}

/** A digest lists at most this many findings, so the card stays far below 28 KB; the tab lists all. */
export const MAX_DIGEST_FINDINGS = 12;

const SEVERITY_TITLES: Readonly<Record<Severity, string>> = { error: 'Errors', warning: 'Warnings', info: 'For your information' };
const SEVERITY_STYLES: Readonly<Record<Severity, 'attention' | 'warning' | 'emphasis'>> = { error: 'attention', warning: 'warning', info: 'emphasis' };

/** Findings name users as `sip:` URIs; show people's names, and numbers and policies as they are. */
function subjectName(names: PeopleNames, subject: string): string {
  return subject.startsWith('sip:') ? nameOf(names, subject) : subject;
}

function findingItem(names: PeopleNames, item: DigestFinding): CardElement[] {
  const { finding } = item;
  const elements: CardElement[] = [
    text(`**${finding.code}** ${plain(subjectName(names, finding.subject))}: ${plain(finding.message)}`, { spacing: 'Medium' }),
  ];
  const stateText: Partial<Record<FindingState, string>> = {
    'fix-requested': 'A fix was requested and is being applied.',
    snoozed: 'Snoozed: it will not be in digests for a while.',
    resolved: 'Resolved.',
  };
  if (item.outcome) elements.push(text(plain(item.outcome), { isSubtle: true, size: 'Small', spacing: 'None' }));
  else if (stateText[item.state]) elements.push(text(stateText[item.state] ?? '', { isSubtle: true, size: 'Small', spacing: 'None' }));
  if (item.state === 'open') {
    elements.push(actionRow([...(finding.fix ? [execute('Fix', 'finding.fix', item.key, 'positive')] : []), execute('Snooze', 'finding.snooze', item.key)]));
  }
  return elements;
}

/** New findings grouped by severity, the worst first, each with Fix (when core can plan one) and Snooze. */
export function digestCard(input: { readonly findings: readonly DigestFinding[]; readonly names: PeopleNames; readonly now: Date; readonly refreshUserIds?: readonly string[]; readonly digestId: string }): AdaptiveCard {
  const shown = input.findings.slice(0, MAX_DIGEST_FINDINGS);
  const body: CardElement[] = [
    heading('Call group health: what is new'),
    text(`${input.findings.length} new finding${input.findings.length === 1 ? '' : 's'} since the last digest (${when(input.now)}).`, { isSubtle: true, spacing: 'None' }),
  ];
  for (const severity of SEVERITIES) {
    const items = shown.filter((item) => item.finding.severity === severity);
    if (items.length === 0) continue;
    body.push(section([text(`${SEVERITY_TITLES[severity]} (${items.length})`, { weight: 'Bolder' }), ...items.flatMap((item) => findingItem(input.names, item))], SEVERITY_STYLES[severity]));
  }
  if (input.findings.length > shown.length) body.push(text(`And ${input.findings.length - shown.length} more: see Tenant health in the app.`, { isSubtle: true }));
  return card({ body, refresh: { id: input.digestId, userIds: input.refreshUserIds ?? [] }, fallbackText: 'Call group health: what is new' });
}

/** An owner whose call group stopped working because AllowCallGroups was switched off for them. */
export interface OrphanedGroup {
  readonly findingKey: string;
  readonly ownerSip: string;
  readonly memberSips: readonly string[];
  /** Calls that now reach nobody: "Also ring the call group", "After 20 s to the call group". */
  readonly callsAtRisk: readonly string[];
  readonly state: FindingState;
}

/**
 * The dedicated warning when sync finds AllowCallGroups switched off for people who still
 * have call groups: which owners, which members, which calls are at risk, and Fix all.
 */
export function callGroupsOffCard(input: { readonly groups: readonly OrphanedGroup[]; readonly names: PeopleNames; readonly warningId: string; readonly outcome?: string }): AdaptiveCard {
  const shown = input.groups.slice(0, MAX_DIGEST_FINDINGS);
  const open = input.groups.filter((group) => group.state === 'open').length;
  const body: CardElement[] = [
    heading('Call groups stopped working'),
    text(
      `AllowCallGroups was switched off for ${input.groups.length} ${input.groups.length === 1 ? 'person who still has' : 'people who still have'} a call group. Teams no longer rings their members, and calls sent to the group reach nobody.`,
    ),
  ];
  for (const group of shown) {
    const rows: [string, string][] = [['Members', group.memberSips.map((sip) => plain(nameOf(input.names, sip))).join(', ') || 'none']];
    if (group.callsAtRisk.length > 0) rows.push(['Calls at risk', group.callsAtRisk.map(plain).join('; ')]);
    if (group.state !== 'open') rows.push(['Status', group.state === 'fix-requested' ? 'Fix requested' : group.state === 'resolved' ? 'Resolved' : 'Snoozed']);
    body.push(section([text(`**${plain(nameOf(input.names, group.ownerSip))}**`), facts(rows)], group.state === 'open' ? 'attention' : 'emphasis'));
  }
  if (input.groups.length > shown.length) body.push(text(`And ${input.groups.length - shown.length} more: see Tenant health in the app.`, { isSubtle: true }));
  if (input.outcome) body.push(section([text(plain(input.outcome))], 'good'));
  const actions = open > 0 ? [execute(`Fix all (${open})`, 'finding.fixAll', input.warningId, 'positive')] : [];
  return card({ body, actions, fallbackText: 'Call groups stopped working: AllowCallGroups was switched off' });
}

/** The `health` command for approvers: open findings by severity and the worst few with their buttons. */
export function healthSummaryCard(input: { readonly counts: Readonly<Record<Severity, number>>; readonly worst: readonly DigestFinding[]; readonly names: PeopleNames }): AdaptiveCard {
  const total = input.counts.error + input.counts.warning + input.counts.info;
  const body: CardElement[] = [
    heading('Call group health'),
    total === 0 ? text('No open findings: every call group, delegation and Shared Calling setup checks out.') : facts(SEVERITIES.map((s) => [SEVERITY_TITLES[s], String(input.counts[s])] as [string, string])),
  ];
  if (input.worst.length > 0) body.push(section([text('The worst first', { weight: 'Bolder' }), ...input.worst.flatMap((item) => findingItem(input.names, item))]));
  return card({ body, fallbackText: `Call group health: ${total} open findings` });
}
