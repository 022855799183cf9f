import type { NoticeKind, NoticePreferences } from '@cgm/core';
import { APPROVER_NOTICE_KINDS, NOTICE_KIND_LABELS, NOTICE_MODES, NOTICE_MODE_LABELS, PERSONAL_NOTICE_KINDS } from '@cgm/core';
import type { AdaptiveCard, CardElement } from './cardElements.js';
import { actionRow, card, execute, facts, heading, plain, section, text } from './cardElements.js';

/**
 * The `preferences` card: each kind of notice with its mode and a button per other mode. A
 * click changes one kind and the card answering it replaces this one, so the person edits in
 * place. Card data stays `{ verb, id }`: the id names the kind and the mode (`drift.off`),
 * never the whole state, which the server reads again.
 */

/** The id of the button choosing `mode` for `kind`; preferenceCards.ts parses it back with zod. */
export function preferenceChoiceId(kind: NoticeKind, mode: (typeof NOTICE_MODES)[number]): string {
  return `${kind}.${mode}`;
}

function clock(hour: number): string {
  return `${String(hour).padStart(2, '0')}:00`;
}

function kindSection(kind: NoticeKind, preferences: NoticePreferences): CardElement {
  const current = preferences.notices[kind];
  const label = NOTICE_KIND_LABELS[kind];
  const others = NOTICE_MODES.filter((mode) => mode !== current);
  return section([
    text(`**${label.title}**: ${NOTICE_MODE_LABELS[current]}`),
    text(label.description, { isSubtle: true, spacing: 'None' }),
    actionRow(others.map((mode) => execute(NOTICE_MODE_LABELS[mode], 'preferences.set', preferenceChoiceId(kind, mode)))),
  ]);
}

/** What the click did: saved, or refused with the reason. */
export interface PreferenceOutcome {
  readonly text: string;
  readonly saved: boolean;
}

export function preferencesCard(input: { readonly preferences: NoticePreferences; readonly isApprover: boolean; readonly outcome?: PreferenceOutcome }): AdaptiveCard {
  const { preferences } = input;
  const zone = preferences.timeZone ?? 'UTC (open the Notifications tab once to use your own time zone)';
  const quiet = preferences.quietHours ? `${preferences.quietHours.start} to ${preferences.quietHours.end}: notices wait until they end` : 'None';
  const body: CardElement[] = [
    heading('Your notifications'),
    ...(input.outcome ? [section([text(plain(input.outcome.text))], input.outcome.saved ? 'good' : 'warning')] : []),
    facts([
      ['Daily summary', clock(preferences.dailyHour)],
      ['Quiet hours', quiet],
      ['Time zone', plain(zone)],
    ]),
    text('Change the hour, quiet hours and Ring / Banner / Mute for the groups you are in from the Call Group Manager tab.', { isSubtle: true }),
    ...PERSONAL_NOTICE_KINDS.map((kind) => kindSection(kind, preferences)),
  ];
  if (input.isApprover) body.push(heading('For approvers'), ...APPROVER_NOTICE_KINDS.map((kind) => kindSection(kind, preferences)));
  return card({ body, fallbackText: 'Your notification preferences' });
}
