import type { ProblemAction } from '@cgm/core';
import type { PersonalProblemService, ProblemOutcome } from '../services/personalProblems.js';
import type { Principal } from '../services/principal.js';
import type { AdaptiveCard } from './cards/cardElements.js';
import { plain, when } from './cards/cardElements.js';
import { messageCard } from './cards/chatCards.js';
import type { PersonalNotices } from './personalNotices.js';
import { cardOutcome } from './serviceOutcome.js';

/** A person's own problems and what they may do about them: the same use case as `/api/me/problems`. */
export type ProblemActions = Pick<PersonalProblemService, 'problemsOf' | 'act'>;

/** The action each problem verb of a personal notice asks for. */
export const VERB_ACTIONS: Readonly<Record<string, ProblemAction>> = {
  'problem.remove': 'remove',
  'problem.fix': 'fix',
  'problem.keep': 'keep',
  'problem.clear': 'clear',
  'problem.leave': 'leave',
};

/** "Removal of Quentin Moreau sent for approval", "Kept for now until 2026-11-29 09:00 UTC", in words. */
export function actionOutcome(action: ProblemAction, about: string, outcome: ProblemOutcome): string {
  if (outcome.kind === 'snoozed') return `Kept for now until ${when(outcome.until)}: you will not be reminded before then.`;
  const what = { remove: `Removal of ${about}`, fix: 'The fix', keep: 'Keeping it', clear: 'Clearing this entry', leave: 'Your request to leave' }[action];
  return outcome.request.status === 'pending' ? `${what} sent for approval; this card says so when it is applied.` : `${what} is on its way; Teams applies it in a moment.`;
}

/**
 * A click on a personal notice. Only the person a problem concerns may act on it: someone
 * else's id is not among their problems, and the service refuses it as unknown. The answer
 * replaces the card (the problem, and what the click did); a refusal is shown as on the other cards.
 */
export async function answerProblem(deps: { readonly problems?: ProblemActions | undefined; readonly personal?: PersonalNotices | undefined }, principal: Principal, verb: string, id: string): Promise<AdaptiveCard> {
  const action = VERB_ACTIONS[verb];
  const { problems, personal } = deps;
  if (!problems || !personal || !action) return messageCard('Not available', 'Acting on problems from chat is not set up on this server; use the app.', 'warning');
  const problem = (await problems.problemsOf(principal)).find((candidate) => candidate.id === id);
  try {
    const outcome = await problems.act(principal, id, action);
    const about = problem?.about?.user?.DisplayName ?? problem?.about?.sip.replace(/^sip:/, '') ?? 'them';
    const text = actionOutcome(action, about, outcome);
    return problem ? personal.render(problem.finding.finding, problem.recipient, { kind: 'acted', outcome: text }) : messageCard('Done', text, 'good');
  } catch (error) {
    const refusal = cardOutcome(error);
    if (!refusal) throw error;
    if (!problem) return messageCard('Nothing to do here', `${refusal.text} This notice is resolved, or it is about someone else.`, 'warning');
    return personal.render(problem.finding.finding, problem.recipient, { kind: 'acted', outcome: plain(refusal.text) });
  }
}
