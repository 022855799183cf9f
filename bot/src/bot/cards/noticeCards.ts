import type { NotificationSetting } from '@cgm/core';
import type { StoredRequest } from '../../services/requestService.js';
import type { AdaptiveCard } from './cardElements.js';
import { actionRow, card, execute, heading, plain, section, text } from './cardElements.js';
import type { PeopleNames } from './requestDescription.js';
import { nameOf, outcomeSection, requestDetails, requestTitle } from './requestDescription.js';

const NOTICE_HEADINGS: Readonly<Partial<Record<StoredRequest['status'], string>>> = {
  approved: 'Your request was approved',
  applied: 'Your change is live in Teams',
  failed: 'Teams did not accept your change',
  rejected: 'Your request was rejected',
  expired: 'Your request expired',
};

/** The requester's notice: approved, applied, failed (with the reason in words), rejected (with the reason), expired. */
export function requestNoticeCard(input: { readonly request: StoredRequest; readonly names: PeopleNames; readonly refreshUserIds: readonly string[] }): AdaptiveCard {
  const { request, names } = input;
  const title = NOTICE_HEADINGS[request.status] ?? 'Your request';
  return card({
    body: [heading(title), text(requestTitle(names, request), { isSubtle: true, spacing: 'None' }), ...requestDetails(names, request), outcomeSection(names, request)],
    refresh: { id: request.id, userIds: input.refreshUserIds },
    fallbackText: `${title}: ${requestTitle(names, request)}`,
  });
}

const MOBILE_NOTE = 'Mobile devices will not be alerted for this group.';

/** The member's view of one group they were added to. */
export interface MemberAddedInput {
  readonly ownerSip: string;
  readonly names: PeopleNames;
  /** The member's current choice for this group. */
  readonly notification: NotificationSetting;
  /** Set after a click: what happened, in words. */
  readonly outcome?: string;
}

/**
 * "Alex Wilber added you to their call group": Ring / Banner / Mute set the member's own
 * notification for that group; Banner and Mute say that mobile devices will not be alerted.
 * "Ask to be removed" creates a request to the owner and the approvers.
 */
export function memberAddedCard(input: MemberAddedInput): AdaptiveCard {
  const owner = plain(nameOf(input.names, input.ownerSip));
  const choice = input.notification;
  const choiceText =
    choice === 'Ring' ? 'Ring: calls to the group ring you on every device.' : choice === 'Banner' ? `Banner: you see a notification. ${MOBILE_NOTE}` : `Mute: you are not alerted. ${MOBILE_NOTE}`;
  return card({
    body: [
      heading(`${owner} added you to their call group`),
      text(`When ${owner} gets a call, Teams can alert you too so you can pick it up. Choose how you are alerted for this group.`),
      text(`Your choice: ${choiceText}`, { weight: 'Bolder' }),
      ...(input.outcome ? [section([text(plain(input.outcome))], 'emphasis')] : []),
      actionRow([
        execute(choice === 'Ring' ? 'Ring (chosen)' : 'Ring', 'notify.ring', input.ownerSip),
        execute(choice === 'Banner' ? 'Banner (chosen)' : 'Banner', 'notify.banner', input.ownerSip),
        execute(choice === 'Mute' ? 'Mute (chosen)' : 'Mute', 'notify.mute', input.ownerSip),
      ]),
      text('Banner and Mute: mobile devices will not be alerted.', { isSubtle: true, size: 'Small' }),
    ],
    actions: [execute('Ask to be removed', 'membership.leave', input.ownerSip, 'destructive')],
    fallbackText: `${owner} added you to their call group`,
  });
}
