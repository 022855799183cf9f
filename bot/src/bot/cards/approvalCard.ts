import type { StoredRequest } from '../../services/requestService.js';
import type { AdaptiveCard, CardElement } from './cardElements.js';
import { MAX_REASON_LENGTH, card, execute, heading, plain, section, text, when } from './cardElements.js';
import type { PeopleNames } from './requestDescription.js';
import { nameOf, outcomeSection, requestDetails, requestTitle } from './requestDescription.js';

/** Who looks at an approval card decides what it offers. */
export type ApprovalViewer =
  /** An approver who may decide this pending request: Approve and Reject. */
  | { readonly kind: 'decider' }
  /** Anyone else: the state, and why there are no buttons (`because`), when they clicked one. */
  | { readonly kind: 'reader'; readonly because?: string };

export interface ApprovalCardInput {
  readonly request: StoredRequest;
  readonly names: PeopleNames;
  readonly viewer: ApprovalViewer;
  /** Teams user ids (MRIs) of the approvers and the requester: their copies refresh on view. */
  readonly refreshUserIds: readonly string[];
}

/**
 * The approval request: who asks, what changes (members added and removed, order,
 * forwarding before and after), what core said about it, and Approve / Reject for an
 * approver while it is pending. After a decision every copy shows the outcome and who decided.
 */
export function approvalCard({ request, names, viewer, refreshUserIds }: ApprovalCardInput): AdaptiveCard {
  const requester = plain(nameOf(names, request.requesterSip));
  const forSomeoneElse = request.requesterSip !== request.subjectSip;
  const body: CardElement[] = [
    heading(`Approval: ${requestTitle(names, request)}`),
    text(`${requester} asks${forSomeoneElse ? ` for a change to ${plain(nameOf(names, request.subjectSip))}'s settings` : ''} on ${when(request.createdAt)}.`, { isSubtle: true, spacing: 'None' }),
    ...requestDetails(names, request),
    outcomeSection(names, request),
  ];
  if (viewer.kind === 'reader' && viewer.because) body.push(section([text(plain(viewer.because))], 'warning'));
  const decidable = viewer.kind === 'decider' && request.status === 'pending';
  const actions = decidable
    ? [
        execute('Approve', 'approve', request.id, 'positive'),
        {
          type: 'Action.ShowCard',
          title: 'Reject…',
          card: {
            type: 'AdaptiveCard',
            body: [{ type: 'Input.Text', id: 'reason', label: 'Reason (optional, the requester sees it)', isMultiline: true, maxLength: MAX_REASON_LENGTH }],
            actions: [execute('Reject', 'reject', request.id, 'destructive')],
          },
        },
      ]
    : [];
  return card({ body, actions, refresh: { id: request.id, userIds: refreshUserIds }, fallbackText: `Approval: ${requestTitle(names, request)}` });
}
