import type { Finding, FindingRecipient, ProblemAction } from '@cgm/core';
import { problemText } from '@cgm/core';
import type { AdaptiveCard, CardElement, CardVerb } from './cardElements.js';
import { card, execute, heading, plain, section, text } from './cardElements.js';
import type { PeopleNames } from './requestDescription.js';
import { nameOf } from './requestDescription.js';

/** Where a personal notice stands: open (with the person's buttons), acted on, or resolved. */
export type PersonalNoticeState = { readonly kind: 'open' } | { readonly kind: 'acted'; readonly outcome: string } | { readonly kind: 'resolved' };

export interface PersonalNoticeInput {
  readonly finding: Finding;
  readonly recipient: FindingRecipient;
  /** The problem's id (core's problemId): what every button of the card sends back. */
  readonly problemId: string;
  readonly names: PeopleNames;
  readonly state: PersonalNoticeState;
}

/** The verb of each action a person may take on a problem of theirs. */
export const PROBLEM_VERBS: Readonly<Record<ProblemAction, CardVerb>> = {
  remove: 'problem.remove',
  fix: 'problem.fix',
  keep: 'problem.keep',
  clear: 'problem.clear',
  leave: 'problem.leave',
};

/** What the problem means for the person, in a sentence (core's problemText names what is wrong). */
function consequence(finding: Finding, recipient: FindingRecipient, about: string): string {
  switch (finding.code) {
    case 'CG07':
      return 'Your call group still names them, and Teams cannot ring them.';
    case 'CG08':
      return 'Your calls still ring them.';
    case 'CG09':
      return 'They are not licensed for Teams Phone or not Teams Only, so your calls do not reach them.';
    case 'CG13':
      return 'Every member has muted your group: nobody is alerted when you get a call.';
    case 'CG02':
      return 'Your group has no members, so those calls reach nobody.';
    case 'CG03':
      return 'It has more than five members, so Teams rings everyone at once.';
    case 'CG06':
      return 'Teams only rings you for some of them. Leave the groups you do not need in Groups I’m in.';
    case 'CG12':
      return 'That group no longer includes you and does not ring you.';
    case 'CG01':
      return recipient.role === 'owner' ? 'Teams does not ring your members, and calls sent to your group reach nobody.' : `Teams no longer rings you for ${about}'s calls.`;
    case 'CG10':
      return `${about} can no longer use a call group, so it no longer rings you.`;
    case 'CG14':
      return 'Some incoming calls do not ring your members.';
    case 'DL01':
      return recipient.role === 'delegator' ? 'Your delegates cannot answer your calls.' : `You cannot answer ${about}'s calls any more.`;
    case 'DL02':
      return 'Calls sent to your delegates reach nobody.';
    default:
      return plain(finding.message);
  }
}

/** The notice's words: core's title for what is wrong (names markdown-safe) and what it means for the person. */
export function problemWords(finding: Finding, recipient: FindingRecipient, names: PeopleNames): { readonly title: string; readonly sentence: string } {
  const title = plain(problemText(finding, recipient, (sip) => nameOf(names, sip)).title);
  const about = plain(nameOf(names, recipient.about ?? finding.subject));
  return { title, sentence: consequence(finding, recipient, about) };
}

/** A daily summary's line: "Quentin Mercer’s account is disabled: your calls still ring them." */
export function problemLine(finding: Finding, recipient: FindingRecipient, names: PeopleNames): string {
  const { title, sentence } = problemWords(finding, recipient, names);
  return `${title}: ${sentence.charAt(0).toLowerCase()}${sentence.slice(1)}`;
}

/** A button's title: "Remove Quentin Mercer", "Fix", "Keep for now", "Clear this", "Leave". */
export function actionTitle(action: ProblemAction, aboutName: string): string {
  switch (action) {
    case 'remove':
      return `Remove ${aboutName}`;
    case 'fix':
      return 'Fix';
    case 'keep':
      return 'Keep for now';
    case 'clear':
      return 'Clear this';
    case 'leave':
      return 'Leave';
  }
}

/**
 * A stale relationship, told to the person it concerns in their chat with the app: what is
 * wrong with names, and the buttons Teams allows them. After a click the answer replaces the
 * buttons; when the finding resolves, every copy says so.
 */
export function personalNoticeCard(input: PersonalNoticeInput): AdaptiveCard {
  const { finding, recipient, names, state } = input;
  const { title, sentence } = problemWords(finding, recipient, names);
  const aboutName = plain(nameOf(names, recipient.about ?? finding.subject));
  const body: CardElement[] = [heading(title), text(sentence)];
  if (state.kind === 'acted') body.push(section([text(plain(state.outcome))], 'good'));
  if (state.kind === 'resolved') body.push(section([text('Resolved: this is no longer a problem.', { weight: 'Bolder' })], 'good'));
  const actions =
    state.kind === 'open'
      ? recipient.actions.map((action) => execute(actionTitle(action, aboutName), PROBLEM_VERBS[action], input.problemId, action === 'remove' || action === 'leave' ? 'destructive' : action === 'fix' || action === 'clear' ? 'positive' : undefined))
      : [];
  return card({ body, actions, fallbackText: `${title}: ${sentence}` });
}

/** One line of a daily summary: what it is about, and where in the app to act on it. */
export interface SummaryLine {
  /** Markdown-safe already (names through `plain`). */
  readonly text: string;
  /** A deep link to the tab's view, when the server knows the Teams app id. */
  readonly link?: string;
}

/** A summary lists at most this many lines; the tab shows all. */
export const MAX_SUMMARY_LINES = 20;

/** The once-a-day card of everything a person chose to hear about daily. */
export function dailySummaryCard(input: { readonly lines: readonly SummaryLine[]; readonly date: string }): AdaptiveCard {
  const shown = input.lines.slice(0, MAX_SUMMARY_LINES);
  const body: CardElement[] = [
    heading('Your daily summary'),
    text(`${input.lines.length} thing${input.lines.length === 1 ? '' : 's'} you asked to hear about once a day (${input.date}).`, { isSubtle: true, spacing: 'None' }),
    ...shown.map((line) => text(`- ${line.text}${line.link ? ` [Open in the app](${line.link})` : ''}`)),
  ];
  if (input.lines.length > shown.length) body.push(text(`And ${input.lines.length - shown.length} more: see the app.`, { isSubtle: true }));
  return card({ body, fallbackText: `Your daily summary: ${input.lines.length} item${input.lines.length === 1 ? '' : 's'}` });
}
