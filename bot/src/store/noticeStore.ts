import type { Queryable } from './database.js';

/**
 * What the bot has sent: a notice (one event about one request, finding or drift record, or
 * one day's digest) to one conversation. Claiming is a single INSERT … ON CONFLICT DO NOTHING,
 * so two instances told about the same event never both send it.
 */
export interface NoticeStore {
  /** True when this instance may send the notice to the conversation (nobody claimed it before). */
  claim(noticeKey: string, conversationId: string, now: Date): Promise<boolean>;
  /** The notice reached the conversation (card_messages keeps the message id, for updates). */
  delivered(noticeKey: string, conversationId: string, now: Date): Promise<void>;
  /** Delivery failed for good: forget the claim so a later event may try again. */
  release(noticeKey: string, conversationId: string): Promise<void>;
  /** Whether any conversation was sent the notice (the digest: at most once a day). */
  wasSent(noticeKey: string): Promise<boolean>;
  /** Forget a conversation's notices (the bot was removed from it). */
  removeConversation(conversationId: string): Promise<number>;
}

/** The SQL implementation of NoticeStore over a database or an open transaction. */
export function createNoticeStore(q: Queryable): NoticeStore {
  return {
    async claim(noticeKey, conversationId, now) {
      const rows = await q.query(
        'INSERT INTO sent_notices (notice_key, conversation_id, claimed_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING notice_key',
        [noticeKey, conversationId, now],
      );
      return rows.length > 0;
    },
    async delivered(noticeKey, conversationId, now) {
      await q.query('UPDATE sent_notices SET delivered_at = $3 WHERE notice_key = $1 AND conversation_id = $2', [noticeKey, conversationId, now]);
    },
    async release(noticeKey, conversationId) {
      await q.query('DELETE FROM sent_notices WHERE notice_key = $1 AND conversation_id = $2 AND delivered_at IS NULL', [noticeKey, conversationId]);
    },
    async wasSent(noticeKey) {
      return (await q.query('SELECT 1 FROM sent_notices WHERE notice_key = $1 LIMIT 1', [noticeKey])).length > 0;
    },
    async removeConversation(conversationId) {
      return (await q.query('DELETE FROM sent_notices WHERE conversation_id = $1 RETURNING notice_key', [conversationId])).length;
    },
  };
}
