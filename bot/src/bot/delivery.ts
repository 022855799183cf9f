import type { Logger } from '../server/logger.js';
import type { ConversationRef, ConversationService } from '../services/conversationService.js';
import type { NoticeService } from '../services/noticeService.js';
import type { CardSender } from './cardSender.js';
import { DeliveryError } from './cardSender.js';
import type { AdaptiveCard } from './cards/cardElements.js';

export interface DeliveryOptions {
  readonly conversations: ConversationService;
  readonly notices: NoticeService;
  readonly sender: CardSender;
  readonly logger: Logger;
  /** Attempts per card before giving up (429 and 5xx are retried). */
  readonly maxAttempts?: number;
  /** The first pause when the connector gives no Retry-After; it doubles each attempt. */
  readonly baseDelayMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  /** Told after a conversation was forgotten (caches of who can be reached). */
  readonly onPrune?: () => void;
}

/** A card to send once: `noticeKey` names the event (`request:<id>:approved`), so it is never sent twice to a conversation. */
export interface Notice {
  readonly noticeKey: string;
  readonly to: ConversationRef;
  readonly card: AdaptiveCard;
  /** The request, finding or drift id the card is about, so later changes update it in place. */
  readonly subjectId: string;
  readonly cardKind: string;
}

/** Sending cards to conversations and keeping sent copies current. */
export interface Delivery {
  /** The bot can no longer reach this conversation: forget it and everything sent there. */
  prune(conversationId: string): Promise<void>;
  /** Send a notice unless it was sent to that conversation before; true when this call sent it. */
  deliver(notice: Notice): Promise<boolean>;
  /** Replace every sent card about `subjectId` (of the given kinds) with the card `render` gives for its conversation; how many were updated. */
  updateAll(subjectId: string, kinds: readonly string[], render: (to: ConversationRef, cardKind: string) => AdaptiveCard | undefined): Promise<number>;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const MAX_WAIT_MS = 60_000;

/**
 * Proactive delivery over stored conversation references: retries with backoff on 429 and
 * 5xx (honouring Retry-After), prunes a conversation on 403 or 404 (the user blocked or
 * uninstalled the bot, or it was removed from the team), and records what was sent.
 */
export function createDelivery(options: DeliveryOptions): Delivery {
  const { conversations, notices, sender, logger } = options;
  const maxAttempts = options.maxAttempts ?? 5;
  const baseDelayMs = options.baseDelayMs ?? 1_000;
  const sleep = options.sleep ?? realSleep;

  async function withRetries<TResult>(what: string, attempt: () => Promise<TResult>): Promise<TResult> {
    for (let tried = 1; ; tried += 1) {
      try {
        return await attempt();
      } catch (error) {
        if (!(error instanceof DeliveryError) || error.failure !== 'retryable' || tried >= maxAttempts) throw error;
        const wait = Math.min(error.retryAfterMs ?? baseDelayMs * 2 ** (tried - 1), MAX_WAIT_MS);
        logger.warn('bot delivery retry', { what, attempt: tried, waitMs: wait, reason: error.message });
        await sleep(wait);
      }
    }
  }

  /** The bot can no longer reach this conversation: forget it and everything sent there. */
  async function prune(conversationId: string): Promise<void> {
    await conversations.forget(conversationId);
    options.onPrune?.();
    logger.info('bot conversation pruned', { conversationId });
  }

  async function failed(conversationId: string, what: string, error: unknown): Promise<void> {
    if (error instanceof DeliveryError && error.failure === 'gone') await prune(conversationId);
    else logger.warn('bot delivery failed', { what, conversationId, error: (error as Error).message });
  }

  return {
    prune,
    async deliver(notice) {
      const conversationId = notice.to.id;
      if (!(await notices.claim(notice.noticeKey, conversationId))) return false;
      try {
        const activityId = await withRetries(notice.noticeKey, () => sender.send(notice.to.reference, notice.card));
        await notices.delivered({ noticeKey: notice.noticeKey, conversationId, activityId, subjectId: notice.subjectId, cardKind: notice.cardKind });
        return true;
      } catch (error) {
        await notices.release(notice.noticeKey, conversationId);
        await failed(conversationId, notice.noticeKey, error);
        return false;
      }
    },
    async updateAll(subjectId, kinds, render) {
      // One read for every copy and its conversation: a request's cards may be in dozens of chats.
      const sent = await notices.sentCards(subjectId, kinds);
      let updated = 0;
      for (const { conversation: to, activityId, cardKind } of sent) {
        const next = render(to, cardKind);
        if (!next) continue;
        try {
          await withRetries(`update ${subjectId}`, () => sender.update(to.reference, activityId, next));
          updated += 1;
        } catch (error) {
          await failed(to.id, `update ${subjectId}`, error);
        }
      }
      return updated;
    },
  };
}
