import type { ConversationRef, ConversationService } from '../services/conversationService.js';
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

export interface AudienceOptions {
  /** How long approvers and refresh lists are reused; 30 s by default. */
  readonly cacheMs?: number;
  /** Milliseconds now; tests pass their own clock. */
  readonly now?: () => number;
}

/** Who hears about what: the approvers (their channel, or their personal chats) and single people. */
export interface Audience {
  /** Each person's current personal chat with the bot (people without one are left out). */
  personalChats(sips: readonly string[]): Promise<ConversationRef[]>;
  /** Where approvals and warnings go: the channel an approver chose, or else each approver's personal chat (`except` someone, say the requester). */
  approvers(except?: string): Promise<ConversationRef[]>;
  /** Teams user ids of the people concerned (approvers and `others`), at most the 60 a refresh list takes. */
  refreshIds(others: readonly string[]): Promise<string[]>;
  /** A conversation was stored or removed: the next refresh list reads it. */
  forget(): void;
}

/** A value read at most once per `cacheMs`; a failed read is not kept, so the next call reads again. */
function cached<TValue>(cache: Map<string, { value: Promise<TValue>; until: number }>, key: string, options: Required<AudienceOptions>, read: () => Promise<TValue>): Promise<TValue> {
  const hit = cache.get(key);
  if (hit && hit.until >= options.now()) return hit.value;
  const value = read();
  if (cache.size > 1_000) cache.clear();
  const entry = { value, until: options.now() + options.cacheMs };
  cache.set(key, entry);
  value.catch(() => {
    // Only this entry: a newer read may have replaced it meanwhile.
    if (cache.get(key) === entry) cache.delete(key);
  });
  return value;
}

export function createAudience(conversations: ConversationService, people: BotPeople, options: AudienceOptions = {}): Audience {
  // Approvers and their chats change rarely; an approval answers faster without reading them per click.
  const settings: Required<AudienceOptions> = { cacheMs: options.cacheMs ?? 30_000, now: options.now ?? Date.now };
  const approverCache = new Map<string, { value: Promise<string[]>; until: number }>();
  const refreshCache = new Map<string, { value: Promise<string[]>; until: number }>();
  const approverSips = () => cached(approverCache, 'approvers', settings, () => people.approverSips());

  return {
    personalChats: (sips) => conversations.personalChats(sips),
    async approvers(except) {
      const channel = await conversations.approversChannel();
      if (channel) return [channel];
      const sips = (await approverSips()).filter((sip) => sip !== except);
      return conversations.personalChats(sips);
    },
    refreshIds(others) {
      return cached(refreshCache, others.join(','), settings, async () => {
        const chats = await conversations.personalChats([...others, ...(await approverSips())]);
        return chats.map(chatUserId).filter((id): id is string => id !== undefined);
      });
    },
    forget() {
      refreshCache.clear();
      approverCache.clear();
    },
  };
}
