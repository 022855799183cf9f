import type { BotPorts } from '../services/botServices.js';
import { createConversationPort } from './conversationQueries.js';
import type { Database } from './database.js';
import { createDirectoryPort } from './directoryQueries.js';
import { createHealthOverviewPort } from './healthOverviewQueries.js';
import { createHeldNoticeStore } from './heldNoticeStore.js';
import { createNoticePort } from './noticeQueries.js';

/** The SQL implementations of the ports behind the bot's services. */
export function createBotPorts(db: Database): BotPorts {
  return {
    conversations: createConversationPort(db),
    notices: createNoticePort(db),
    directory: createDirectoryPort(db),
    health: createHealthOverviewPort(db),
    held: createHeldNoticeStore(db),
  };
}
