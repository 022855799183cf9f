import { z } from 'zod';
import type { NotificationSetting } from '@cgm/core';
import { hasControlCharacter, normalizeSip } from '@cgm/core';
import type { FindingActions } from '../services/botServices.js';
import type { DirectoryService } from '../services/directoryService.js';
import type { HealthOverviewService } from '../services/healthOverviewService.js';
import type { Principal } from '../services/principal.js';
import { maySeeRequest } from '../services/requestAudience.js';
import type { RequestService, StoredRequest } from '../services/requestService.js';
import type { Audience } from './audience.js';
import type { BotPeople } from './botPeople.js';
import { orphanedGroups } from './botNotifier.js';
import { approvalCard } from './cards/approvalCard.js';
import type { AdaptiveCard } from './cards/cardElements.js';
import { CARD_VERBS, MAX_REASON_LENGTH } from './cards/cardElements.js';
import { messageCard } from './cards/chatCards.js';
import { driftCard } from './cards/driftCard.js';
import type { DigestFinding, FindingState } from './cards/healthCards.js';
import { callGroupsOffCard, healthSummaryCard } from './cards/healthCards.js';
import { memberAddedCard } from './cards/noticeCards.js';
import { requestNameRefs } from './cards/requestDescription.js';
import type { CoverCardActions } from './coverCardActions.js';
import type { PreferenceCards } from './preferenceCards.js';
import type { PersonalNotices } from './personalNotices.js';
import type { ProblemActions } from './problemCardActions.js';
import { answerProblem } from './problemCardActions.js';
import { cardOutcome } from './serviceOutcome.js';

/** The `value` of an `adaptiveCard/action` invoke, validated: the verb, the id, and the approver's optional reason. */
export const cardActionSchema = z.object({
  action: z.object({
    type: z.literal('Action.Execute'),
    verb: z.enum(CARD_VERBS),
    data: z.object({
      // Card data is an input edge like the API's: a NUL byte must never reach SQL (core's controlCharacters.ts).
      id: z.string().trim().min(1, 'the card sent no id').max(1_000).refine((v) => !hasControlCharacter(v), 'the id contains control characters'),
      reason: z.string().trim().max(MAX_REASON_LENGTH, `keep the reason under ${MAX_REASON_LENGTH} characters`).refine((v) => !hasControlCharacter(v, { allowLineBreaks: true }), 'the reason contains control characters').optional(),
    }),
  }),
  trigger: z.enum(['manual', 'automatic']).optional(),
});
export type CardAction = z.infer<typeof cardActionSchema>;

/** What the bot answers an invoke with: the card that replaces the clicked one, or an error status. */
export type ActionAnswer = { readonly kind: 'card'; readonly card: AdaptiveCard } | { readonly kind: 'error'; readonly status: 400 | 500; readonly code: string; readonly message: string };

export interface CardActionDeps {
  readonly requests: RequestService;
  readonly findings: FindingActions;
  readonly health: HealthOverviewService;
  readonly directory: DirectoryService;
  readonly people: BotPeople;
  readonly audience: Audience;
  readonly snoozeDays: number;
  /** The `preferences` card's buttons (absent: they say so). */
  readonly preferences?: PreferenceCards | undefined;
  /** A person's own problems, behind the buttons of personal notices (absent: those buttons say so). */
  readonly problems?: ProblemActions | undefined;
  readonly personal?: PersonalNotices | undefined;
  /** Extend and End now on a cover's card (absent: they say so). */
  readonly covers?: CoverCardActions | undefined;
}

/** The health summary card lists this many of the worst open findings; the tab lists all. */
const SUMMARY_FINDINGS = 8;

const NOTIFY: Readonly<Record<string, NotificationSetting>> = { 'notify.ring': 'Ring', 'notify.banner': 'Banner', 'notify.mute': 'Mute' };
const uuid = z.uuid();

/** The bot's answers to card clicks, and the health summary the `health` command shows. */
export interface CardActions {
  /** Answer one validated card action of `principal` (undefined: a user the bot cannot map to the tenant). */
  answer(principal: Principal | undefined, action: CardAction): Promise<ActionAnswer>;
  /** Open findings by severity and the worst of them; `outcomes` says what a click on one did. */
  healthSummary(outcomes: ReadonlyMap<string, string>): Promise<AdaptiveCard>;
}

/** Translate a card click into a service call and answer with the current card; the services decide everything. */
export function createCardActions(deps: CardActionDeps): CardActions {
  const { requests, findings, health, directory, people, audience } = deps;

  async function requestCard(request: StoredRequest, principal: Principal | undefined, because?: string): Promise<AdaptiveCard> {
    const [names, refreshUserIds] = await Promise.all([people.names(requestNameRefs(request)), audience.refreshIds([request.requesterSip])]);
    const canDecide = principal?.isApprover === true && principal.sip !== request.requesterSip && request.status === 'pending';
    const viewer = canDecide ? ({ kind: 'decider' } as const) : ({ kind: 'reader', ...(because ? { because } : {}) } as const);
    return approvalCard({ request, names, viewer, refreshUserIds });
  }

  /** The request, if it exists and `principal` may see it (maySeeRequest): to anyone else it does not exist. */
  async function loadRequest(principal: Principal, id: string): Promise<StoredRequest | undefined> {
    const request = uuid.safeParse(id).success ? await requests.get(id.toLowerCase()) : undefined;
    return request && maySeeRequest(principal, request) ? request : undefined;
  }

  async function decide(principal: Principal, id: string, verb: 'approve' | 'reject', reason: string | undefined): Promise<AdaptiveCard> {
    const noSuchRequest = () => messageCard('No such request', 'This request no longer exists.', 'warning');
    if (!uuid.safeParse(id).success) return noSuchRequest();
    const requestId = id.toLowerCase();
    try {
      const decided = verb === 'approve' ? await requests.approve(principal, requestId) : await requests.reject(principal, requestId, reason || null);
      return requestCard(decided, principal);
    } catch (error) {
      const refusal = cardOutcome(error);
      if (refusal?.kind !== 'show-current') throw error;
      // A non-approver, the requester, a second click, or someone else first: the current state, and why.
      const current = await loadRequest(principal, requestId);
      return current ? requestCard(current, principal, refusal.message) : noSuchRequest();
    }
  }

  async function healthSummary(outcomes: ReadonlyMap<string, string>): Promise<AdaptiveCard> {
    const { counts, worst: top } = await health.summary(SUMMARY_FINDINGS);
    const worst: DigestFinding[] = top.map(({ stored, state }) => ({
      key: stored.key,
      finding: stored.finding,
      firstSeen: stored.firstSeen,
      state,
      ...(outcomes.has(stored.key) ? { outcome: outcomes.get(stored.key) } : {}),
    }));
    const names = await people.names(worst.flatMap((item) => [item.finding.subject, ...item.finding.related]));
    return healthSummaryCard({ counts, worst, names });
  }

  async function fixAll(principal: Principal, id: string): Promise<AdaptiveCard> {
    if (!principal.isApprover) return messageCard('Only approvers can fix findings', 'Ask a Teams Phone admin.', 'warning');
    const open = await health.openFindings('CG01');
    const states = new Map<string, FindingState>();
    let requested = 0;
    const problems: string[] = [];
    for (const stored of open) {
      try {
        // The finding as listed: the fix does not read it a second time.
        await findings.requestFix(principal, stored);
        states.set(stored.key, 'fix-requested');
        requested += 1;
      } catch (error) {
        const refusal = cardOutcome(error);
        if (!refusal) throw error;
        problems.push(refusal.message);
      }
    }
    const groups = await orphanedGroups(directory, open.map((stored) => stored.finding), states);
    const names = await people.names(groups.flatMap((group) => [group.ownerSip, ...group.memberSips]));
    const outcome = `${requested} clean-up request${requested === 1 ? '' : 's'} created and queued.${problems.length > 0 ? ` Not fixed: ${[...new Set(problems)].join(' ')}` : ''}`;
    return callGroupsOffCard({ groups, names, warningId: id, outcome });
  }

  async function membership(principal: Principal, verb: string, ownerRef: string): Promise<AdaptiveCard> {
    const owner = await people.userByRef(ownerRef);
    if (!owner) return messageCard('No such call group', 'Its owner is no longer in the directory.', 'warning');
    const ownerSip = normalizeSip(owner.SipAddress);
    const names = await people.names([ownerSip]);
    const current = async () => (await directory.notificationIn(principal.sip, ownerSip)) ?? 'Ring';
    try {
      if (verb === 'membership.leave') {
        await requests.requestRemoval(principal, owner);
        return memberAddedCard({ ownerSip, names, notification: await current(), outcome: 'Your request to be removed was sent to the approvers; you will hear back here.' });
      }
      const notification = NOTIFY[verb] ?? 'Ring';
      const request = await requests.propose(principal, { kind: 'membershipNotification', ownerId: ownerSip, notification });
      const outcome = request.status === 'pending' ? 'Saved; an approver must confirm it.' : 'Saved; Teams applies it in a moment.';
      return memberAddedCard({ ownerSip, names, notification, outcome });
    } catch (error) {
      const refusal = cardOutcome(error);
      if (!refusal) throw error;
      return memberAddedCard({ ownerSip, names, notification: await current(), outcome: refusal.text });
    }
  }

  async function drift(principal: Principal, verb: 'drift.accept' | 'drift.revert', id: string): Promise<AdaptiveCard> {
    if (!uuid.safeParse(id).success) return messageCard('No such change', 'This change made in Teams is not on record.', 'warning');
    let outcome: string | undefined;
    try {
      const result = await findings.resolveDrift(principal, id, verb === 'drift.accept' ? 'accepted' : 'reverted');
      outcome = result.request ? 'A request restoring the approved settings was created and queued.' : 'Recorded as the approved state.';
    } catch (error) {
      const refusal = cardOutcome(error);
      if (!refusal) throw error;
      outcome = refusal.message;
    }
    const record = await health.drift(id);
    if (!record) return messageCard('No such change', 'This change made in Teams is not on record.', 'warning');
    const names = await people.names([record.subjectSip, ...(record.resolvedBy ? [record.resolvedBy] : []), ...record.beforeSettings.CallGroupTargets, ...record.afterSettings.CallGroupTargets]);
    return driftCard({ drift: record, names, outcome });
  }

  return {
    async answer(principal, action) {
      const { verb, data } = action.action;
      if (!principal) return { kind: 'card', card: messageCard('I do not know you yet', 'Your Teams account is not a user of the synced tenant, so I cannot act for you.', 'warning') };
      const card = await (async (): Promise<AdaptiveCard> => {
        switch (verb) {
          case 'refresh':
          case 'request.show': {
            const request = await loadRequest(principal, data.id);
            return request ? requestCard(request, principal) : messageCard('No such request', 'This request no longer exists.', 'warning');
          }
          case 'approve':
          case 'reject':
            return decide(principal, data.id, verb, data.reason);
          case 'notify.ring':
          case 'notify.banner':
          case 'notify.mute':
          case 'membership.leave':
            return membership(principal, verb, data.id);
          case 'finding.fix':
          case 'finding.snooze': {
            if (!principal.isApprover) return messageCard('Only approvers can act on findings', 'Ask a Teams Phone admin.', 'warning');
            let outcome: string;
            if (verb === 'finding.snooze') {
              outcome = (await health.snooze(data.id, deps.snoozeDays)) ? `Snoozed for ${deps.snoozeDays} days.` : 'No such finding.';
            } else {
              try {
                outcome = `Fix requested: ${(await findings.requestFix(principal, data.id)).summary}`;
              } catch (error) {
                const refusal = cardOutcome(error);
                if (!refusal) throw error;
                outcome = refusal.message;
              }
            }
            const card = await healthSummary(new Map([[data.id, outcome]]));
            return card;
          }
          case 'finding.fixAll':
            return fixAll(principal, data.id);
          case 'drift.accept':
          case 'drift.revert':
            return drift(principal, verb, data.id);
          case 'preferences.set':
            return deps.preferences ? deps.preferences.choose(principal, data.id) : messageCard('Preferences are not available', 'Open the Notifications tab of Call Group Manager to choose what you hear.', 'warning');
          case 'problem.remove':
          case 'problem.fix':
          case 'problem.keep':
          case 'problem.clear':
          case 'problem.leave':
            return answerProblem(deps, principal, verb, data.id);
          case 'cover.extend':
          case 'cover.end':
            return deps.covers ? deps.covers.answer(principal, verb, data.id) : messageCard('Covers are not available', 'Open the Covers view of Call Group Manager to extend or end a cover.', 'warning');
        }
      })();
      return { kind: 'card', card };
    },
    healthSummary,
  };
}
