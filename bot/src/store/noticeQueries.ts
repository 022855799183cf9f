import type { NoticePort, SentCard } from '../services/noticeService.js';
import { createCardMessageStore } from './cardMessageStore.js';
import type { ConversationRef } from './conversationStore.js';
import type { Database } from './database.js';
import { createNoticeStore } from './noticeStore.js';

// The cards about a subject with the conversations they are in, in one statement (a card whose
// conversation was forgotten has no row to join).
const SENT_CARDS_SQL = `
  SELECT m.activity_id AS "activityId", m.card_kind AS "cardKind",
         c.id, c.kind, c.user_sip AS "userSip", c.reference, c.updated_at AS "updatedAt"
    FROM card_messages m JOIN conversation_refs c ON c.id = m.conversation_id
   WHERE m.request_id = $1 AND m.card_kind = ANY($2::text[])
   ORDER BY m.sent_at, m.conversation_id, m.card_kind`;

type SentCardRow = ConversationRef & { activityId: string; cardKind: string };

/** The notice service's port over SQL. */
export function createNoticePort(db: Database): NoticePort {
  const notices = createNoticeStore(db);
  return {
    claim: (noticeKey, conversationId, now) => notices.claim(noticeKey, conversationId, now),
    async delivered(notice, now) {
      await db.transaction(async (tx) => {
        await createNoticeStore(tx).delivered(notice.noticeKey, notice.conversationId, now);
        await createCardMessageStore(tx).record({ subjectId: notice.subjectId, conversationId: notice.conversationId, activityId: notice.activityId, cardKind: notice.cardKind, sentAt: now });
      });
    },
    release: (noticeKey, conversationId) => notices.release(noticeKey, conversationId),
    wasSent: (noticeKey) => notices.wasSent(noticeKey),
    async claimedKeys(noticeKeys) {
      const rows = await db.query<{ key: string }>('SELECT DISTINCT notice_key AS key FROM sent_notices WHERE notice_key = ANY($1::text[])', [[...noticeKeys]]);
      return new Set(rows.map((row) => row.key));
    },
    async sentCards(subjectId, cardKinds): Promise<SentCard[]> {
      const rows = await db.query<SentCardRow>(SENT_CARDS_SQL, [subjectId, [...cardKinds]]);
      return rows.map(({ activityId, cardKind, ...conversation }) => ({ conversation, activityId, cardKind }));
    },
  };
}
