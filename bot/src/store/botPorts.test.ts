import { randomUUID } from 'node:crypto';
import type { Finding } from '@cgm/core';
import { findingKey } from '@cgm/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testSettings } from '../../../core/src/testing/testTenant.js';
import type { BotServices } from '../services/botServices.js';
import { createBotServices } from '../services/botServices.js';
import type { ConversationRef } from '../services/conversationService.js';
import { createBotPorts } from './botPorts.js';
import type { Database } from './database.js';
import { createFindingStore } from './findingStore.js';
import { createRequestStore } from './requestStore.js';
import { testBackends } from './testDatabase.js';
import { alex, alexSettings } from './testTenant.js';

const T0 = new Date('2026-11-22T09:00:00.000Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

/** The database with a count of the statements run on it, so a test can say "in one read". */
function counting(db: Database): { db: Database; statements: () => number } {
  let statements = 0;
  const wrapped: Database = {
    backend: db.backend,
    query: <TRow>(sql: string, params?: readonly unknown[]) => {
      statements += 1;
      return db.query<TRow>(sql, params);
    },
    exec: (sql) => db.exec(sql),
    transaction: (fn) => db.transaction(fn),
    withAdvisoryLock: (key, fn) => db.withAdvisoryLock(key, fn),
    close: () => db.close(),
  };
  return { db: wrapped, statements: () => statements };
}

const chat = (id: string, userSip: string | null, minutes: number, kind: ConversationRef['kind'] = 'personal'): ConversationRef => ({
  id,
  kind,
  userSip,
  reference: { conversation: { id } },
  updatedAt: at(minutes),
});

const finding = (code: Finding['code'], subject: string, severity: Finding['severity']): Finding => ({ code, rule: `rule-${code}`, severity, subject, related: [], message: `${code} on ${subject}` });

describe.each(testBackends())('the bot services over their SQL ports (%s)', (_name, open) => {
  let raw: Database;
  let db: ReturnType<typeof counting>;
  let now = T0;
  let services: BotServices;
  const refuse = () => Promise.reject(new Error('not used here'));

  beforeAll(async () => {
    raw = await open();
    db = counting(raw);
    services = createBotServices({ ports: createBotPorts(db.db), clock: { now: () => now }, findings: { requestFix: refuse, resolveDrift: refuse } });
  }, 120_000);
  afterAll(() => raw.close());

  /** Statements `work` ran. */
  const statementsOf = async <TValue>(work: () => Promise<TValue>): Promise<[TValue, number]> => {
    const before = db.statements();
    const value = await work();
    return [value, db.statements() - before];
  };

  it("reads each person's most recent personal chat in one statement, in the order asked, leaving out people without one", async () => {
    const { conversations } = services;
    await conversations.remember(chat('p:alex-old', 'sip:alex@contoso.com', 1));
    await conversations.remember(chat('p:alex-new', 'sip:alex@contoso.com', 5));
    await conversations.remember(chat('p:megan', 'sip:megan@contoso.com', 2));
    await conversations.remember(chat('19:team', null, 9, 'channel'));
    const [chats, statements] = await statementsOf(() => conversations.personalChats(['sip:megan@contoso.com', 'Alex@Contoso.com', 'sip:alex@contoso.com', 'sip:nobody@contoso.com']));
    expect(chats.map((c) => c.id)).toEqual(['p:megan', 'p:alex-new']);
    expect(statements).toBe(1);
    expect(await conversations.personalChats([])).toEqual([]);
  });

  it("updates read a subject's sent cards with their conversations in one statement, only of the kinds asked, and none in a forgotten conversation", async () => {
    const { conversations, notices } = services;
    const subject = randomUUID();
    for (const id of ['c:1', 'c:2', 'c:3']) await conversations.remember(chat(id, `sip:${id.slice(2)}@contoso.com`, 0));
    const send = async (conversationId: string, cardKind: string, about = subject) => {
      now = at(Number(conversationId.slice(2)));
      expect(await notices.claim(`${about}:${cardKind}`, conversationId)).toBe(true);
      await notices.delivered({ noticeKey: `${about}:${cardKind}`, conversationId, activityId: `m-${conversationId}-${cardKind}`, subjectId: about, cardKind });
    };
    await send('c:1', 'approval');
    await send('c:2', 'notice');
    await send('c:3', 'approval');
    await send('c:1', 'approval', randomUUID());
    await conversations.forget('c:3');

    const [sent, statements] = await statementsOf(() => notices.sentCards(subject, ['approval', 'notice']));
    expect(statements).toBe(1);
    expect(sent.map(({ conversation, activityId, cardKind }) => [conversation.id, conversation.userSip, activityId, cardKind])).toEqual([
      ['c:1', 'sip:1@contoso.com', 'm-c:1-approval', 'approval'],
      ['c:2', 'sip:2@contoso.com', 'm-c:2-notice', 'notice'],
    ]);
    expect((await notices.sentCards(subject, ['notice'])).map((card) => card.conversation.id)).toEqual(['c:2']);
    expect(await notices.sentCards(subject, [])).toEqual([]);
  });

  it('claims a notice once per conversation, and a released claim may be sent again', async () => {
    const { notices } = services;
    const key = `digest:${randomUUID()}`;
    expect(await notices.wasSent(key)).toBe(false);
    expect(await notices.claim(key, 'c:1')).toBe(true);
    expect(await notices.claim(key, 'c:1')).toBe(false);
    await notices.release(key, 'c:1');
    expect(await notices.wasSent(key)).toBe(false);
    expect(await notices.claim(key, 'c:1')).toBe(true);
    await notices.delivered({ noticeKey: key, conversationId: 'c:1', activityId: 'm-1', subjectId: key, cardKind: 'digest' });
    // A delivered notice is not released by a later failure elsewhere.
    await notices.release(key, 'c:1');
    expect(await notices.wasSent(key)).toBe(true);
  });

  it('sent_notices keeps no message id of its own: card_messages holds the one updates read', async () => {
    const columns = await raw.query<{ column_name: string }>("SELECT column_name FROM information_schema.columns WHERE table_name = 'sent_notices' AND table_schema = current_schema() ORDER BY column_name");
    expect(columns.map((c) => c.column_name)).toEqual(['claimed_at', 'conversation_id', 'delivered_at', 'notice_key']);
  });

  it('the health summary counts every open finding by severity but reads only the worst, marking fixes requested and snoozes', async () => {
    const { health } = services;
    now = T0;
    const open = [
      ...['a', 'b', 'c'].map((s) => finding('CG01', `sip:${s}@contoso.com`, 'error')),
      ...['d', 'e', 'f', 'g', 'h'].map((s) => finding('CG03', `sip:${s}@contoso.com`, 'warning')),
      ...['i', 'j', 'k', 'l'].map((s) => finding('SC13', `store-${s}`, 'info')),
    ];
    const gone = finding('CG01', 'sip:resolved@contoso.com', 'error');
    await createFindingStore(raw).reconcile([...open, gone], at(-10));
    await createFindingStore(raw).reconcile(open, at(-5));
    const requests = createRequestStore(raw);
    const request = (status: 'pending' | 'rejected', key: string) =>
      requests.create({
        id: randomUUID(),
        requesterSip: 'sip:megan@contoso.com',
        subjectSip: 'sip:a@contoso.com',
        kind: 'cleanup',
        settingsGroup: 'cleanup:CG01',
        change: { kind: 'cleanup', findingKey: key, summary: 'clean up' },
        beforeSettings: testSettings(alex),
        desired: alexSettings,
        writes: [],
        notes: {},
        status,
        needsApproval: false,
        createdAt: T0,
        findingKey: key,
      });
    await request('pending', findingKey(open[0]!));
    await request('rejected', findingKey(open[1]!));
    expect(await health.snooze(findingKey(open[1]!), 7)).toBe(true);
    expect(await health.snooze('no-such-key', 7)).toBe(false);

    const [summary, statements] = await statementsOf(() => health.summary(2));
    expect(statements).toBe(2);
    expect(summary.counts).toEqual({ error: 3, warning: 5, info: 4 });
    const worst = (await createFindingStore(raw).list({ openOnly: true })).slice(0, 2).map((stored) => stored.key);
    expect(summary.worst.map((item) => [item.stored.key, item.state])).toEqual([
      [worst[0], 'fix-requested'],
      [worst[1], 'snoozed'],
    ]);
    now = at(8 * 24 * 60);
    expect((await health.summary(3)).worst.map((item) => item.state)).toEqual(['fix-requested', 'open', 'open']);
  });

  it('the health summary of a tenant without findings is empty', async () => {
    const empty = await open();
    try {
      const overview = createBotServices({ ports: createBotPorts(empty), clock: { now: () => T0 }, findings: { requestFix: refuse, resolveDrift: refuse } }).health;
      expect(await overview.summary(8)).toEqual({ counts: { error: 0, warning: 0, info: 0 }, worst: [] });
    } finally {
      await empty.close();
    }
  });
});
