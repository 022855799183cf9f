import { describe, expect, it } from 'vitest';
import type { ConversationRef, ConversationService } from '../services/conversationService.js';
import { createAudience } from './audience.js';
import type { BotPeople } from './botPeople.js';

const chatWith = (sip: string, userId: string): ConversationRef => ({ id: `a:${sip}`, kind: 'personal', userSip: sip, reference: { user: { id: userId } }, updatedAt: new Date(0) });
const CHATS = new Map([
  ['sip:megan@contoso.com', chatWith('sip:megan@contoso.com', '29:megan')],
  ['sip:alex@contoso.com', chatWith('sip:alex@contoso.com', '29:alex')],
]);

/** Conversations from CHATS, no approvers' channel; `reads` counts personal chat lookups. */
function fakeConversations() {
  const calls = { reads: 0 };
  const conversations: ConversationService = {
    remember: async () => undefined,
    get: async () => undefined,
    personalChats: async (sips) => {
      calls.reads += 1;
      return sips.flatMap((sip) => CHATS.get(sip) ?? []);
    },
    approversChannel: async () => undefined,
    useAsApproversChannel: async () => undefined,
    forget: async () => undefined,
  };
  return { conversations, calls };
}

/** People whose approver lookup fails the first `failures` times (the database was briefly unreachable). */
function flakyPeople(failures: number): BotPeople & { lookups: number } {
  const people = {
    lookups: 0,
    principalOf: async () => undefined,
    names: async () => new Map<string, string>(),
    userByRef: async () => undefined,
    async approverSips() {
      people.lookups += 1;
      if (people.lookups <= failures) throw new Error('connection refused');
      return ['sip:megan@contoso.com'];
    },
  };
  return people;
}

describe('the audience', () => {
  it('does not keep a failed approver lookup: the next card reaches the approvers at once, not 30 s later', async () => {
    let now = 1_000;
    const people = flakyPeople(1);
    const audience = createAudience(fakeConversations().conversations, people, { cacheMs: 30_000, now: () => now });
    await expect(audience.approvers()).rejects.toThrow('connection refused');
    now += 1;
    expect((await audience.approvers()).map((c) => c.id)).toEqual(['a:sip:megan@contoso.com']);
    expect(people.lookups).toBe(2);
  });

  it('does not keep a failed refresh list either', async () => {
    const people = flakyPeople(1);
    const audience = createAudience(fakeConversations().conversations, people, { now: () => 5_000 });
    await expect(audience.refreshIds(['sip:alex@contoso.com'])).rejects.toThrow('connection refused');
    expect(await audience.refreshIds(['sip:alex@contoso.com'])).toEqual(['29:alex', '29:megan']);
  });

  it('keeps a successful lookup for cacheMs, then reads again', async () => {
    let now = 0;
    const people = flakyPeople(0);
    const { conversations, calls } = fakeConversations();
    const audience = createAudience(conversations, people, { cacheMs: 30_000, now: () => now });
    expect(await audience.refreshIds(['sip:alex@contoso.com'])).toEqual(['29:alex', '29:megan']);
    now = 30_000;
    expect(await audience.refreshIds(['sip:alex@contoso.com'])).toEqual(['29:alex', '29:megan']);
    expect([people.lookups, calls.reads]).toEqual([1, 1]);
    now = 30_001;
    await audience.refreshIds(['sip:alex@contoso.com']);
    expect([people.lookups, calls.reads]).toEqual([2, 2]);
  });

  it('forget() makes the next list read the chats again', async () => {
    const people = flakyPeople(0);
    const { conversations, calls } = fakeConversations();
    const audience = createAudience(conversations, people, { now: () => 0 });
    await audience.refreshIds(['sip:alex@contoso.com']);
    audience.forget();
    await audience.refreshIds(['sip:alex@contoso.com']);
    expect([people.lookups, calls.reads]).toEqual([2, 2]);
  });
});
