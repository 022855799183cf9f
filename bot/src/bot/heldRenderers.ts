import type { DirectoryService } from '../services/directoryService.js';
import type { HealthOverviewService } from '../services/healthOverviewService.js';
import type { HeldNotice } from '../services/heldNotices.js';
import type { RequestService } from '../services/requestService.js';
import type { Audience } from './audience.js';
import type { BotPeople } from './botPeople.js';
import { CARD_KINDS, orphanedGroups } from './botNotifier.js';
import { approvalCard } from './cards/approvalCard.js';
import type { AdaptiveCard } from './cards/cardElements.js';
import { driftCard } from './cards/driftCard.js';
import { COVER_CARD_KIND, coverCard, coverCardInputSchema } from './cards/coverCards.js';
import { callGroupsOffCard, digestCard } from './cards/healthCards.js';
import { memberAddedCard, requestNoticeCard } from './cards/noticeCards.js';
import { requestNameRefs } from './cards/requestDescription.js';
import type { HeldRenderer } from './heldRelease.js';
import type { PersonalNotices } from './personalNotices.js';
import { PERSONAL_CARD_KIND } from './personalNotices.js';

export interface HeldRendererDeps {
  readonly personal: PersonalNotices;
  readonly requests: Pick<RequestService, 'get'>;
  readonly directory: DirectoryService;
  readonly health: HealthOverviewService;
  readonly people: BotPeople;
  readonly audience: Audience;
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');
const texts = (value: unknown): string[] => (Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : []);

/**
 * Every held notice rendered again from the current state when it is released, and only while it
 * still matters: a resolved finding, a decided request, a resolved drift record or a group the
 * person left is not sent. Payloads are what the notifier stored when it held the notice.
 */
export function createHeldRenderer(deps: HeldRendererDeps): HeldRenderer {
  const { personal, requests, directory, health, people, audience } = deps;

  async function request(item: HeldNotice): Promise<AdaptiveCard | undefined> {
    const current = await requests.get(text(item.payload.requestId));
    if (!current) return undefined;
    const [names, refreshUserIds] = await Promise.all([people.names(requestNameRefs(current)), audience.refreshIds([current.requesterSip])]);
    if (item.cardKind === CARD_KINDS.notice) return requestNoticeCard({ request: current, names, refreshUserIds: [] });
    // An approval waits only while the request is pending; after that the card has nothing to ask.
    if (current.status !== 'pending') return undefined;
    const viewer = item.payload.viewer === 'decider' ? ({ kind: 'decider' } as const) : ({ kind: 'reader' } as const);
    return approvalCard({ request: current, names, viewer, refreshUserIds });
  }

  async function openFindings(item: HeldNotice) {
    return (await health.findings(texts(item.payload.keys))).filter((stored) => stored.resolvedAt === null);
  }

  return async (item) => {
    switch (item.cardKind) {
      case PERSONAL_CARD_KIND:
        return personal.current(text(item.payload.findingKey), item.recipientSip);
      case CARD_KINDS.approval:
      case CARD_KINDS.notice:
        return request(item);
      case CARD_KINDS.memberAdded: {
        const ownerSip = text(item.payload.ownerSip);
        const notification = await directory.notificationIn(item.recipientSip, ownerSip);
        return notification === undefined ? undefined : memberAddedCard({ ownerSip, names: await people.names([ownerSip]), notification });
      }
      case CARD_KINDS.drift: {
        const record = await health.drift(text(item.payload.driftId));
        if (!record || record.status !== 'open') return undefined;
        return driftCard({ drift: record, names: await people.names([record.subjectSip, ...record.beforeSettings.CallGroupTargets, ...record.afterSettings.CallGroupTargets]) });
      }
      case CARD_KINDS.digest: {
        const open = await openFindings(item);
        if (open.length === 0) return undefined;
        const names = await people.names(open.flatMap((stored) => [stored.finding.subject, ...stored.finding.related]));
        const findings = open.map((stored) => ({ key: stored.key, finding: stored.finding, firstSeen: stored.firstSeen, state: 'open' as const }));
        return digestCard({ findings, names, now: item.queuedAt, digestId: item.subjectId });
      }
      case CARD_KINDS.warning: {
        const open = await openFindings(item);
        if (open.length === 0) return undefined;
        const groups = await orphanedGroups(directory, open.map((stored) => stored.finding));
        const names = await people.names(groups.flatMap((group) => [group.ownerSip, ...group.memberSips]));
        return callGroupsOffCard({ groups, names, warningId: item.subjectId });
      }
      case COVER_CARD_KIND: {
        // A cover notice stores the card's whole input: it renders as it was when it was held.
        const input = coverCardInputSchema.safeParse(item.payload);
        return input.success ? coverCard(input.data) : undefined;
      }
      default:
        return undefined;
    }
  };
}

