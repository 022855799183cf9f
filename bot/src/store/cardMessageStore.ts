import type { Queryable } from './database.js';

/** A card the bot sent, so it can be updated in place when its subject changes (approved, applied, resolved). */
export interface CardMessage {
  /** The request, finding or drift id the card is about. */
  readonly subjectId: string;
  readonly conversationId: string;
  /** The message id Teams gave the card; updateActivity needs it. */
  readonly activityId: string;
  /** approval, result, memberAdded, digest, drift, … */
  readonly cardKind: string;
  readonly sentAt: Date;
}

export interface CardMessageStore {
  /** Remember a sent card; a card of the same kind sent again to the same conversation replaces the old entry. */
  record(message: CardMessage): Promise<void>;
  /** Every card about a subject, oldest first. */
  forSubject(subjectId: string): Promise<CardMessage[]>;
  /** Forget the cards sent to a conversation (the bot was removed from it); how many were forgotten. */
  removeConversation(conversationId: string): Promise<number>;
}

const COLUMNS = 'request_id AS "subjectId", conversation_id AS "conversationId", activity_id AS "activityId", card_kind AS "cardKind", sent_at AS "sentAt"';

/** The SQL implementation of CardMessageStore over a database or an open transaction. */
export function createCardMessageStore(q: Queryable): CardMessageStore {
  return {
    async record(message) {
      await q.query(
        `INSERT INTO card_messages (request_id, conversation_id, activity_id, card_kind, sent_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (request_id, conversation_id, card_kind) DO UPDATE SET activity_id = excluded.activity_id, sent_at = excluded.sent_at`,
        [message.subjectId, message.conversationId, message.activityId, message.cardKind, message.sentAt],
      );
    },
    forSubject: (subjectId) =>
      q.query<CardMessage>(`SELECT ${COLUMNS} FROM card_messages WHERE request_id = $1 ORDER BY sent_at, conversation_id, card_kind`, [subjectId]),
    async removeConversation(conversationId) {
      return (await q.query('DELETE FROM card_messages WHERE conversation_id = $1 RETURNING request_id', [conversationId])).length;
    },
  };
}
