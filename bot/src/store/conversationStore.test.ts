import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConversationStore } from './conversationStore.js';
import type { ConversationRef } from './conversationStore.js';
import type { Database } from './database.js';
import { testBackends } from './testDatabase.js';

const T0 = new Date('2026-11-02T10:00:00.000Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

const personal = (id: string, userSip: string, minute: number): ConversationRef => ({
  id,
  kind: 'personal',
  userSip,
  reference: { conversation: { id }, serviceUrl: 'https://smba.trafficmanager.net/emea/' },
  updatedAt: at(minute),
});

describe.each(testBackends())('ConversationStore on %s', (_name, open) => {
  let db: Database;
  beforeAll(async () => {
    db = await open();
  }, 120_000);
  afterAll(() => db.close());

  const store = () => createConversationStore(db);

  it("lists a user's personal chats, most recently seen first, whatever the SIP spelling", async () => {
    await store().upsert(personal('a:1', 'sip:joni@contoso.com', 1));
    await store().upsert(personal('a:2', 'JONI@contoso.com', 2));
    expect((await store().forUser('Joni@Contoso.com')).map((ref) => ref.id)).toEqual(['a:2', 'a:1']);
  });

  it('refreshes a stored reference instead of adding a second one', async () => {
    await store().upsert(personal('a:3', 'sip:lidia@contoso.com', 1));
    await store().upsert({ ...personal('a:3', 'sip:lidia@contoso.com', 9), reference: { refreshed: true } });
    expect(await store().get('a:3')).toEqual({ ...personal('a:3', 'sip:lidia@contoso.com', 9), reference: { refreshed: true } });
    expect(await store().forUser('sip:lidia@contoso.com')).toHaveLength(1);
  });

  it('removes a reference once', async () => {
    await store().upsert(personal('a:4', 'sip:megan@contoso.com', 1));
    expect(await store().remove('a:4')).toBe(true);
    expect(await store().remove('a:4')).toBe(false);
    expect(await store().get('a:4')).toBeUndefined();
  });

  it("returns the approvers' channel once chosen, and nothing when it is gone", async () => {
    expect(await store().approversChannel()).toBeUndefined();
    const channel: ConversationRef = { id: '19:approvers@thread.tacv2', kind: 'channel', userSip: null, reference: { channel: true }, updatedAt: T0 };
    await store().upsert(channel);
    await store().upsert({ ...channel, id: '19:other@thread.tacv2' });
    await store().setApproversChannel(channel.id);
    expect(await store().approversChannel()).toEqual(channel);
    await store().remove(channel.id);
    expect(await store().approversChannel()).toBeUndefined();
  });
});
