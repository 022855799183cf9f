import type { Clock } from './clock.js';
import type { StoredFinding } from './healthOverviewService.js';
import type { Principal } from './principal.js';
import type { StoredRequest } from './requestService.js';
import type { ConversationPort, ConversationService } from './conversationService.js';
import { createConversationService } from './conversationService.js';
import type { DirectoryPort, DirectoryService } from './directoryService.js';
import { createDirectoryService } from './directoryService.js';
import type { HealthOverviewPort, HealthOverviewService } from './healthOverviewService.js';
import { createHealthOverviewService } from './healthOverviewService.js';
import type { HeldNoticePort } from './heldNotices.js';
import type { NoticePort, NoticeService } from './noticeService.js';
import { createNoticeService } from './noticeService.js';

/** The storage ports of the services the bot reads through; store/botPorts.ts builds them over the database. */
export interface BotPorts {
  readonly conversations: ConversationPort;
  readonly notices: NoticePort;
  readonly directory: DirectoryPort;
  readonly health: HealthOverviewPort;
  readonly held: HeldNoticePort;
}

/** The finding and drift use cases behind a card's buttons: the same ones the API's routes call. */
export interface FindingActions {
  /** A clean-up request for one open finding (by key, or as already read); the approver's click is the approval. */
  requestFix(principal: Principal, finding: string | StoredFinding): Promise<{ readonly summary: string }>;
  /** Accept a change made directly in Teams, or queue a request reverting it. */
  resolveDrift(principal: Principal, id: string, resolution: 'accepted' | 'reverted'): Promise<{ readonly request?: StoredRequest }>;
}

/**
 * The bot's reads and its own records (conversations, notices, the directory, the health
 * overview): built from storage ports alone, before any use case, so the bot's notifier can be
 * built from them and handed to the use cases at construction.
 */
export interface BotReadServices {
  readonly conversations: ConversationService;
  readonly notices: NoticeService;
  readonly directory: DirectoryService;
  readonly health: HealthOverviewService;
  /** Notices waiting for the end of someone's quiet hours or their daily summary. */
  readonly held: HeldNoticePort;
}

/** The services behind the bot's chat and cards besides requests and sync: its only way to the data. */
export interface BotServices extends BotReadServices {
  readonly findings: FindingActions;
}

export interface BotServicesOptions {
  readonly ports: BotPorts;
  readonly clock: Clock;
  readonly findings: FindingActions;
}

export function createBotReadServices({ ports, clock }: Omit<BotServicesOptions, 'findings'>): BotReadServices {
  return {
    conversations: createConversationService(ports.conversations),
    notices: createNoticeService({ port: ports.notices, clock }),
    directory: createDirectoryService(ports.directory),
    health: createHealthOverviewService({ port: ports.health, clock }),
    held: ports.held,
  };
}

export function createBotServices({ ports, clock, findings }: BotServicesOptions): BotServices {
  return { ...createBotReadServices({ ports, clock }), findings };
}
