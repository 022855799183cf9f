import { normalizeSip } from '@cgm/core';
import type { ConversationRef } from '../store/conversationStore.js';

export type { ConversationRef };

/** The storage the conversation service reads and writes; store/conversationQueries.ts implements it. */
export interface ConversationPort {
  /** Insert or refresh a conversation reference. */
  upsert(ref: ConversationRef): Promise<void>;
  get(id: string): Promise<ConversationRef | undefined>;
  /** Each user's most recently seen personal chat, in one read; users without one are left out. */
  latestPersonalChats(userSips: readonly string[]): Promise<ConversationRef[]>;
  approversChannel(): Promise<ConversationRef | undefined>;
  setApproversChannel(id: string): Promise<void>;
  /** Forget a conversation and every notice and card sent there, in one transaction. */
  forget(id: string): Promise<void>;
}

/** Where the bot can reach people: personal chats and team channels, as Teams last described them. */
export interface ConversationService {
  /** Keep a conversation reference current (install, message, card action). */
  remember(ref: ConversationRef): Promise<void>;
  get(id: string): Promise<ConversationRef | undefined>;
  /** The chat Teams still delivers to for each of `userSips` (their most recent one), in the order asked. */
  personalChats(userSips: readonly string[]): Promise<ConversationRef[]>;
  /** The team channel approvers chose, while the bot is still in it. */
  approversChannel(): Promise<ConversationRef | undefined>;
  /** Send approvals and warnings to this channel from now on. */
  useAsApproversChannel(id: string): Promise<void>;
  /** The bot can no longer reach the conversation (uninstalled, blocked, removed from the team). */
  forget(id: string): Promise<void>;
}

export function createConversationService(port: ConversationPort): ConversationService {
  return {
    remember: (ref) => port.upsert(ref),
    get: (id) => port.get(id),
    async personalChats(userSips) {
      const unique = [...new Set(userSips.map(normalizeSip))];
      if (unique.length === 0) return [];
      const chats = await port.latestPersonalChats(unique);
      const bySip = new Map(chats.map((chat) => [chat.userSip, chat] as const));
      return unique.flatMap((sip) => bySip.get(sip) ?? []);
    },
    approversChannel: () => port.approversChannel(),
    useAsApproversChannel: (id) => port.setApproversChannel(id),
    forget: (id) => port.forget(id),
  };
}
