import type { Clock } from './clock.js';
import type { ConversationRef } from './conversationService.js';

/** One notice that reached a conversation, and the card message Teams made of it. */
export interface DeliveredNotice {
  readonly noticeKey: string;
  readonly conversationId: string;
  /** The message id Teams gave the card; updating the card in place needs it. */
  readonly activityId: string;
  /** The request, finding or drift id the card is about. */
  readonly subjectId: string;
  readonly cardKind: string;
}

/** A card the bot sent about a subject, with the conversation it is in. */
export interface SentCard {
  readonly conversation: ConversationRef;
  readonly activityId: string;
  readonly cardKind: string;
}

/** The storage the notice service reads and writes; store/noticeQueries.ts implements it. */
export interface NoticePort {
  /** One insert that does nothing on a conflict: true for the one caller that claimed it. */
  claim(noticeKey: string, conversationId: string, now: Date): Promise<boolean>;
  /** Mark the notice delivered and record its card message, in one transaction. */
  delivered(notice: DeliveredNotice, now: Date): Promise<void>;
  release(noticeKey: string, conversationId: string): Promise<void>;
  wasSent(noticeKey: string): Promise<boolean>;
  /** Which of `noticeKeys` were claimed for any conversation, in one read. */
  claimedKeys(noticeKeys: readonly string[]): Promise<Set<string>>;
  /** The cards about `subjectId` of the given kinds, in conversations the bot still has, oldest first, in one read. */
  sentCards(subjectId: string, cardKinds: readonly string[]): Promise<SentCard[]>;
}

/**
 * What the bot has told whom: a notice is claimed before it is sent, so two instances told
 * about the same event never both send it, and released when delivery finally fails.
 */
export interface NoticeService {
  /** True when this caller may send the notice to the conversation (nobody claimed it before). */
  claim(noticeKey: string, conversationId: string): Promise<boolean>;
  delivered(notice: DeliveredNotice): Promise<void>;
  /** Delivery failed for good: a later event may try again. */
  release(noticeKey: string, conversationId: string): Promise<void>;
  /** Whether any conversation was sent the notice (the digest: at most once a day). */
  wasSent(noticeKey: string): Promise<boolean>;
  /** Which of `noticeKeys` were sent (or are being sent) anywhere: a sweep skips them without trying each. */
  claimedKeys(noticeKeys: readonly string[]): Promise<Set<string>>;
  /** Every sent card about a subject, of the given kinds, to update in place. */
  sentCards(subjectId: string, cardKinds: readonly string[]): Promise<SentCard[]>;
}

export interface NoticeServiceOptions {
  readonly port: NoticePort;
  readonly clock: Clock;
}

export function createNoticeService({ port, clock }: NoticeServiceOptions): NoticeService {
  return {
    claim: (noticeKey, conversationId) => port.claim(noticeKey, conversationId, clock.now()),
    delivered: (notice) => port.delivered(notice, clock.now()),
    release: (noticeKey, conversationId) => port.release(noticeKey, conversationId),
    wasSent: (noticeKey) => port.wasSent(noticeKey),
    claimedKeys: (noticeKeys) => (noticeKeys.length === 0 ? Promise.resolve(new Set()) : port.claimedKeys(noticeKeys)),
    sentCards: (subjectId, cardKinds) => (cardKinds.length === 0 ? Promise.resolve([]) : port.sentCards(subjectId, cardKinds)),
  };
}
