import type { DriftRecord } from '../../services/healthOverviewService.js';
import type { AdaptiveCard } from './cardElements.js';
import { card, execute, facts, heading, plain, section, text, when } from './cardElements.js';
import type { PeopleNames } from './requestDescription.js';
import { forwardingText, nameOf, unansweredText } from './requestDescription.js';

/** The settings of one settings group as a person reads them. */
function groupRows(names: PeopleNames, drift: DriftRecord): [string, string][] {
  const { beforeSettings: before, afterSettings: after } = drift;
  const members = (targets: readonly string[]) => (targets.length === 0 ? 'none' : targets.map((t) => plain(nameOf(names, t))).join(', '));
  const order = (o: string) => (o === 'InOrder' ? 'in order' : 'all at once');
  switch (drift.settingsGroup) {
    case 'callGroup':
      return [
        ['Before', `${members(before.CallGroupTargets)} (${order(before.CallGroupOrder)})`],
        ['Now', `${members(after.CallGroupTargets)} (${order(after.CallGroupOrder)})`],
      ];
    case 'forwarding':
      return [['Before', forwardingText(names, before)], ['Now', forwardingText(names, after)]];
    case 'unanswered':
      return [['Before', unansweredText(names, before)], ['Now', unansweredText(names, after)]];
    default:
      return [['Settings', drift.settingsGroup]];
  }
}

const GROUP_TITLES: Readonly<Record<string, string>> = {
  callGroup: 'call group',
  forwarding: 'call forwarding',
  unanswered: 'unanswered calls',
  membership: 'group notifications',
  notification: 'notification override',
  delegates: 'delegates',
};

/**
 * A change made directly in Teams that bypassed approval, before and after: Accept records
 * it as the new approved state; Revert creates a request that restores the approved state.
 */
export function driftCard(input: { readonly drift: DriftRecord; readonly names: PeopleNames; readonly outcome?: string }): AdaptiveCard {
  const { drift, names } = input;
  const who = plain(nameOf(names, drift.subjectSip));
  const what = GROUP_TITLES[drift.settingsGroup] ?? 'settings';
  const resolved = drift.status !== 'open';
  const status = resolved
    ? `${drift.status === 'accepted' ? 'Accepted' : 'Reverted'}${drift.resolvedBy ? ` by ${plain(nameOf(names, drift.resolvedBy))}` : ''}${drift.resolvedAt ? ` on ${when(drift.resolvedAt)}` : ''}.`
    : 'Nobody approved this change. Accept it, or revert to the approved settings.';
  return card({
    body: [
      heading(`${who} changed their ${what} in Teams`),
      text(`Seen by sync on ${when(drift.detectedAt)}, without a request in this app.`, { isSubtle: true, spacing: 'None' }),
      facts(groupRows(names, drift)),
      section([text(status, { weight: 'Bolder' })], resolved ? 'good' : 'warning'),
      ...(input.outcome ? [text(plain(input.outcome), { isSubtle: true })] : []),
    ],
    actions: resolved ? [] : [execute('Accept', 'drift.accept', drift.id, 'positive'), execute('Revert', 'drift.revert', drift.id, 'destructive')],
    fallbackText: `${who} changed their ${what} in Teams`,
  });
}
