import type { ConversationRef } from '../store/conversationStore.js';
import { createConversationStore } from '../store/conversationStore.js';
import type { Database } from '../store/database.js';
import type { BotPeople } from './botPeople.js';

/** The part of a stored Bot Framework conversation reference the bot reads: who the chat is with. */
interface StoredReference {
  readonly user?: { readonly id?: string };
}

/** The Teams user id (MRI) of a personal chat's user, for refresh lists. */
export function chatUserId(ref: ConversationRef): string | undefined {
  if (ref.kind !== 'personal') return undefined;
  const id = (ref.reference as StoredReference | null)?.user?.id;
  return typeof id === 'string' && id !== '' ? id : undefined;
}

/** Who hears about what: the approvers (their channel, or their personal chats) and single people. */
export function createAudience(db: Database, people: BotPeople, options: { readonly cacheMs?: number } = {}) {
  const conversations = () => createConversationStore(db);
  // Approvers and their chats change rarely; an approval answers faster without reading them per click.
  const cacheMs = options.cacheMs ?? 30_000;
  let approvers: { sips: Promise<string[]>; until: number } | undefined;
  const approverSips = () => {
    if (!approvers || approvers.until < Date.now()) approvers = { sips: people.approverSips(), until: Date.now() + cacheMs };
    return approvers.sips;
  };
  const refreshCache = new Map<string, { ids: Promise<string[]>; until: number }>();

  async function personalChats(sips: readonly string[]): Promise<ConversationRef[]> {
    const lists = await Promise.all([...new Set(sips)].map((sip) => conversations().forUser(sip)));
    // A user's most recent personal chat is the one Teams still delivers to.
    return lists.flatMap((list) => list.slice(0, 1));
  }

  return {
    personalChats,
    /** Where approvals and warnings go: the channel an approver chose, or else each approver's personal chat (`except` someone, say the requester). */
    async approvers(except?: string): Promise<ConversationRef[]> {
      const channel = await conversations().approversChannel();
      if (channel) return [channel];
      const sips = (await approverSips()).filter((sip) => sip !== except);
      return personalChats(sips);
    },
    /** Teams user ids of the people concerned (approvers and `others`), at most the 60 a refresh list takes. */
    refreshIds(others: readonly string[]): Promise<string[]> {
      const key = others.join(',');
      const hit = refreshCache.get(key);
      if (hit && hit.until >= Date.now()) return hit.ids;
      const ids = (async () => {
        const chats = await personalChats([...others, ...(await approverSips())]);
        return chats.map(chatUserId).filter((id): id is string => id !== undefined);
      })();
      if (refreshCache.size > 1_000) refreshCache.clear();
      refreshCache.set(key, { ids, until: Date.now() + cacheMs });
      return ids;
    },
    /** A conversation was stored or removed: the next refresh list reads it. */
    forget(): void {
      refreshCache.clear();
      approvers = undefined;
    },
  };
}

export type Audience = ReturnType<typeof createAudience>;
