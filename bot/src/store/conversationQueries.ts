import { normalizeSip } from '@cgm/core';
import type { ConversationPort } from '../services/conversationService.js';
import { createCardMessageStore } from './cardMessageStore.js';
import type { ConversationRef } from './conversationStore.js';
import { createConversationStore } from './conversationStore.js';
import type { Database } from './database.js';
import { createNoticeStore } from './noticeStore.js';

// One statement for any number of users: the newest personal chat of each.
const LATEST_CHATS_SQL = `
  SELECT DISTINCT ON (c.user_sip) c.id, c.kind, c.user_sip AS "userSip", c.reference, c.updated_at AS "updatedAt"
    FROM conversation_refs c
   WHERE c.user_sip = ANY($1::text[]) AND c.kind = 'personal'
   ORDER BY c.user_sip, c.updated_at DESC, c.id`;

/** The conversation service's port over SQL. */
export function createConversationPort(db: Database): ConversationPort {
  const conversations = createConversationStore(db);
  return {
    upsert: (ref) => conversations.upsert(ref),
    get: (id) => conversations.get(id),
    latestPersonalChats: (userSips) => db.query<ConversationRef>(LATEST_CHATS_SQL, [userSips.map(normalizeSip)]),
    approversChannel: () => conversations.approversChannel(),
    setApproversChannel: (id) => conversations.setApproversChannel(id),
    async forget(id) {
      await db.transaction(async (tx) => {
        await createConversationStore(tx).remove(id);
        await createCardMessageStore(tx).removeConversation(id);
        await createNoticeStore(tx).removeConversation(id);
      });
    },
  };
}
