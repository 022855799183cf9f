import type { Logger } from '../server/logger.js';
import type { Clock } from '../services/clock.js';
import { createCardMessageStore } from '../store/cardMessageStore.js';
import type { ConversationRef } from '../store/conversationStore.js';
import { createConversationStore } from '../store/conversationStore.js';
import type { Database } from '../store/database.js';
import { createNoticeStore } from '../store/noticeStore.js';
import type { CardSender } from './cardSender.js';
import { DeliveryError } from './cardSender.js';
import type { AdaptiveCard } from './cards/cardElements.js';

export interface DeliveryOptions {
  readonly db: Database;
  readonly sender: CardSender;
  readonly clock: Clock;
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

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const MAX_WAIT_MS = 60_000;

/**
 * Proactive delivery over stored conversation references: retries with backoff on 429 and
 * 5xx (honouring Retry-After), prunes a conversation on 403 or 404 (the user blocked or
 * uninstalled the bot, or it was removed from the team), and records what was sent.
 */
export function createDelivery(options: DeliveryOptions) {
  const { db, sender, clock, logger } = options;
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
    await db.transaction(async (tx) => {
      await createConversationStore(tx).remove(conversationId);
      await createCardMessageStore(tx).removeConversation(conversationId);
      await createNoticeStore(tx).removeConversation(conversationId);
    });
    options.onPrune?.();
    logger.info('bot conversation pruned', { conversationId });
  }

  async function failed(conversationId: string, what: string, error: unknown): Promise<void> {
    if (error instanceof DeliveryError && error.failure === 'gone') await prune(conversationId);
    else logger.warn('bot delivery failed', { what, conversationId, error: (error as Error).message });
  }

  return {
    prune,
    /** Send a notice unless it was sent to that conversation before; true when this call sent it. */
    async deliver(notice: Notice): Promise<boolean> {
      const notices = createNoticeStore(db);
      const conversationId = notice.to.id;
      if (!(await notices.claim(notice.noticeKey, conversationId, clock.now()))) return false;
      try {
        const activityId = await withRetries(notice.noticeKey, () => sender.send(notice.to.reference, notice.card));
        await db.transaction(async (tx) => {
          await createNoticeStore(tx).delivered(notice.noticeKey, conversationId, activityId, clock.now());
          await createCardMessageStore(tx).record({ subjectId: notice.subjectId, conversationId, activityId, cardKind: notice.cardKind, sentAt: clock.now() });
        });
        return true;
      } catch (error) {
        await notices.release(notice.noticeKey, conversationId);
        await failed(conversationId, notice.noticeKey, error);
        return false;
      }
    },
    /** Replace every sent card about `subjectId` (of the given kinds) with the card `render` gives for its conversation. */
    async updateAll(subjectId: string, kinds: readonly string[], render: (to: ConversationRef, cardKind: string) => AdaptiveCard | undefined): Promise<number> {
      const sent = (await createCardMessageStore(db).forSubject(subjectId)).filter((message) => kinds.includes(message.cardKind));
      const conversations = createConversationStore(db);
      let updated = 0;
      for (const message of sent) {
        const to = await conversations.get(message.conversationId);
        const next = to && render(to, message.cardKind);
        if (!to || !next) continue;
        try {
          await withRetries(`update ${subjectId}`, () => sender.update(to.reference, message.activityId, next));
          updated += 1;
        } catch (error) {
          await failed(to.id, `update ${subjectId}`, error);
        }
      }
      return updated;
    },
  };
}

export type Delivery = ReturnType<typeof createDelivery>;
