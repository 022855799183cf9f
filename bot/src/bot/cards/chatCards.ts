import type { StoredRequest } from '../../services/requestService.js';
import type { AdaptiveCard, CardElement } from './cardElements.js';
import { actionRow, card, execute, expandTemplate, heading, plain, section, text, when } from './cardElements.js';
import type { PeopleNames } from './requestDescription.js';
import { nameOf, requestOutcome, requestTitle } from './requestDescription.js';

/** One command of the personal chat, as the help card and the manifest's command list show it. */
export interface ChatCommand {
  readonly name: string;
  readonly description: string;
  readonly approversOnly: boolean;
}

/** The same six as appPackage/commands.json, which the manifest lists (a test keeps them equal). */
export const CHAT_COMMANDS: readonly ChatCommand[] = [
  { name: 'help', description: 'what I can do', approversOnly: false },
  { name: 'pending', description: 'your requests, or the requests waiting for you', approversOnly: false },
  { name: 'preferences', description: 'choose which notices you get, and how often', approversOnly: false },
  { name: 'health', description: 'a summary of the tenant’s call group health', approversOnly: true },
  { name: 'sync', description: 're-read the tenant from Teams now; sync PERSON checks one person at once', approversOnly: true },
  { name: 'use this channel', description: 'send approvals and warnings to this team channel', approversOnly: true },
];

/** One fact per command the viewer may use: a template, so the list is data. */
const COMMAND_LIST_TEMPLATE = { type: 'FactSet', facts: [{ $data: '${commands}', title: '${name}', value: '${description}' }] };

/** The help card; `short` for text the bot did not understand. */
export function helpCard(input: { readonly isApprover: boolean; readonly short?: boolean; readonly heard?: string }): AdaptiveCard {
  const commands = CHAT_COMMANDS.filter((command) => input.isApprover || !command.approversOnly);
  const body: CardElement[] = [
    heading(input.short ? 'I did not understand that' : 'Call Group Manager'),
    text(
      input.short
        ? `${input.heard ? `"${plain(input.heard.slice(0, 80))}" is not a command. ` : ''}Try one of these:`
        : 'I bring call group approvals, notices and health warnings into Teams chat. Edit your own call group in the Call Group Manager tab.',
    ),
    expandTemplate(COMMAND_LIST_TEMPLATE, { commands }),
  ];
  return card({ body, fallbackText: 'Call Group Manager: type help, pending, preferences' + (input.isApprover ? ', health, sync or use this channel' : '') });
}

/** A short message card: a confirmation, or an error that says what to do. */
export function messageCard(title: string, message: string, style: 'good' | 'attention' | 'warning' | 'emphasis' = 'emphasis'): AdaptiveCard {
  return card({ body: [section([text(plain(title), { weight: 'Bolder' }), text(plain(message))], style)], fallbackText: `${title}: ${message}` });
}

/** At most this many requests in the `pending` card; the tab lists every one. */
export const MAX_LISTED_REQUESTS = 10;

/** `pending`: for approvers the requests waiting for them, for everyone their own requests. */
export function pendingCard(input: { readonly waiting: readonly StoredRequest[] | null; readonly mine: readonly StoredRequest[]; readonly names: PeopleNames; readonly viewerSip: string; readonly covers?: readonly CardElement[] }): AdaptiveCard {
  const body: CardElement[] = [];
  if (input.waiting !== null) {
    body.push(heading(input.waiting.length === 0 ? 'Nothing waits for your approval' : `${input.waiting.length} request${input.waiting.length === 1 ? '' : 's'} wait for approval`));
    for (const request of input.waiting.slice(0, MAX_LISTED_REQUESTS)) {
      const own = request.requesterSip === input.viewerSip;
      body.push(
        section([
          text(`**${requestTitle(input.names, request)}**, asked by ${plain(nameOf(input.names, request.requesterSip))} on ${when(request.createdAt)}${own ? ' (yours: another approver decides)' : ''}`),
          actionRow([execute('Show', 'request.show', request.id)]),
        ]),
      );
    }
  }
  const mine = input.mine.slice(0, MAX_LISTED_REQUESTS);
  body.push(heading(mine.length === 0 ? 'You have no requests' : 'Your recent requests'));
  for (const request of mine) body.push(text(`**${requestTitle(input.names, request)}**: ${requestOutcome(input.names, request).sentence}`));
  // The person's covers (coverCards.ts), after their requests.
  body.push(...(input.covers ?? []));
  return card({ body, fallbackText: 'Pending requests' });
}
