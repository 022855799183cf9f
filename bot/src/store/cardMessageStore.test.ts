import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCardMessageStore } from './cardMessageStore.js';
import type { Database } from './database.js';
import { testBackends } from './testDatabase.js';

const T0 = new Date('2026-11-02T10:00:00.000Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

describe.each(testBackends())('CardMessageStore on %s', (_name, open) => {
  let db: Database;
  beforeAll(async () => {
    db = await open();
  }, 120_000);
  afterAll(() => db.close());

  const store = () => createCardMessageStore(db);
  const card = { subjectId: 'req-1', conversationId: 'a:1', activityId: 'act-1', cardKind: 'approval', sentAt: T0 };

  it('remembers sent cards and replaces a resent card of the same kind in the same conversation', async () => {
    await store().record(card);
    await store().record({ ...card, conversationId: 'a:2', activityId: 'act-2', sentAt: at(1) });
    await store().record({ ...card, activityId: 'act-3', sentAt: at(2) });
    expect(await store().forSubject('req-1')).toEqual([
      { ...card, conversationId: 'a:2', activityId: 'act-2', sentAt: at(1) },
      { ...card, activityId: 'act-3', sentAt: at(2) },
    ]);
  });

  it('forgets the cards of a conversation the bot left', async () => {
    await store().record({ ...card, subjectId: 'req-2', conversationId: 'a:9' });
    await store().record({ ...card, subjectId: 'req-3', conversationId: 'a:9' });
    expect(await store().removeConversation('a:9')).toBe(2);
    expect(await store().forSubject('req-2')).toEqual([]);
  });
});
