import { TestAdapter } from 'botbuilder';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { findingKey } from '@cgm/core';
import { readConfig } from '../config.js';
import { createLocalCallingGateway } from '../gateway/local/localCallingGateway.js';
import type { App } from '../server/app.js';
import { createApp } from '../server/app.js';
import { silentLogger } from '../server/logger.js';
import { DEMO_SNAPSHOT, manualClock } from '../server/testServer.js';
import { createConversationStore } from '../store/conversationStore.js';
import type { Database } from '../store/database.js';
import { createDriftStore } from '../store/driftStore.js';
import { createFindingStore } from '../store/findingStore.js';
import { testBackends } from '../store/testDatabase.js';
import type { CardSender } from './cardSender.js';
import { DeliveryError } from './cardSender.js';
import type { AdaptiveCard } from './cards/cardElements.js';
import { TEAMS_USERS, cardClick } from './testSupport/teamsConnector.js';
import { drift as driftFixture } from './testSupport/cardFixtures.js';

/** A sender that records cards per conversation and fails on demand. */
function fakeSender() {
  const sent: { conversationId: string; card: AdaptiveCard; id: string }[] = [];
  const updated: { activityId: string; card: AdaptiveCard }[] = [];
  const failures: DeliveryError[] = [];
  let next = 0;
  const sender: CardSender = {
    async send(reference, card) {
      const failure = failures.shift();
      if (failure) throw failure;
      const id = `m-${++next}`;
      sent.push({ conversationId: (reference as { conversation: { id: string } }).conversation.id, card, id });
      return id;
    },
    async update(_reference, activityId, card) {
      const failure = failures.shift();
      if (failure) throw failure;
      updated.push({ activityId, card });
    },
  };
  return { sender, sent, updated, failures, to: (id: string) => sent.filter((s) => s.conversationId === id).map((s) => JSON.stringify(s.card)) };
}

const { megan } = TEAMS_USERS;
const CONNECTOR = { url: 'https://smba.example.invalid/' };

describe.each(testBackends())('notices, digests and warnings (%s)', (_name, open) => {
  let db: Database;
  let app: App;
  let fake: ReturnType<typeof fakeSender>;
  const clock = manualClock(new Date('2026-11-22T09:00:00Z'));

  const click = async (verb: string, id: string) => {
    const adapter = new TestAdapter();
    await adapter.processActivity(cardClick(CONNECTOR, megan, verb, { id }), (context) => app.bot.handler.run(context));
    return JSON.stringify(adapter.activeQueue.find((a) => a.type === 'invokeResponse')?.value);
  };

  beforeAll(async () => {
    db = await open();
    fake = fakeSender();
    const config = readConfig({ AUTH_MODE: 'dev', HOST: '127.0.0.1', PORT: '0', SEED_SNAPSHOT: DEMO_SNAPSHOT, SYNC_INTERVAL_MINUTES: '0', BOT_DIGEST_HOUR_UTC: '8' });
    app = await createApp(config, silentLogger, { db, gateway: createLocalCallingGateway(db), clock, jobs: false, bot: { sender: fake.sender, retryDelayMs: 1 } });
    for (const [id, sip, user] of [['a:megan', 'sip:megan.bowen@contoso.com', '29:megan'], ['a:alex', 'sip:alex.wilber@contoso.com', '29:alex']] as const) {
      await createConversationStore(db).upsert({ id, kind: 'personal', userSip: sip, reference: { conversation: { id }, user: { id: user }, serviceUrl: CONNECTOR.url }, updatedAt: clock.now() });
    }
  });
  afterAll(async () => {
    await app?.close();
    await db?.close();
  });
  beforeEach(() => fake.failures.splice(0));

  it('sends the health digest once a day, after the digest hour, only when something is new', async () => {
    clock.advance(-2 * 3_600_000); // 07:00: before the digest hour
    expect(await app.bot.digestOnce()).toBe(0);
    clock.advance(2 * 3_600_000);
    const listed = await app.bot.digestOnce();
    expect(listed).toBeGreaterThan(0);
    const digest = fake.to('a:megan').at(-1)!;
    expect(digest).toContain('Call group health: what is new');
    expect(digest.indexOf('Errors')).toBeLessThan(digest.indexOf('Warnings'));
    expect(digest).toContain('"verb":"finding.fix"');
    expect(await app.bot.digestOnce()).toBe(0);
    clock.advance(86_400_000);
    expect(await app.bot.digestOnce()).toBe(0); // the next day, nothing new
    expect(fake.to('a:alex').some((card) => card.includes('what is new'))).toBe(false);
  });

  it('warns approvers at once when AllowCallGroups is off for people with call groups, and Fix all requests the clean-up', async () => {
    const orphaned = (await createFindingStore(db).list({ code: 'CG01', openOnly: true })).map((stored) => stored.finding);
    expect(orphaned).toHaveLength(1);
    await app.bot.notifier.findingsChanged({ added: orphaned, resolved: [] });
    await app.bot.idle();
    const warning = fake.to('a:megan').at(-1)!;
    expect(warning).toContain('Call groups stopped working');
    expect(warning).toContain('Nestor Wilke');
    expect(warning).toContain('Irvin Sayers, Lee Gu');
    const id = JSON.parse(warning).actions[0].data.id as string;
    const answer = await click('finding.fixAll', id);
    expect(answer).toContain('1 clean-up request created');
    const [request] = await db.query<{ status: string; decided_by: string; finding_key: string }>("SELECT status, decided_by, finding_key FROM change_requests WHERE kind = 'cleanup'");
    expect(request).toMatchObject({ status: 'approved', finding_key: findingKey(orphaned[0]!) });
    // The same warning is never sent twice.
    const count = fake.sent.length;
    await app.bot.notifier.findingsChanged({ added: orphaned, resolved: [] });
    await app.bot.idle();
    expect(fake.sent.length).toBe(count);
  });

  it('snoozes a finding from a card', async () => {
    const [stored] = await createFindingStore(db).list({ code: 'CG03', openOnly: true });
    const answer = await click('finding.snooze', stored!.key);
    expect(answer).toContain('Snoozed for 7 days');
    expect((await createFindingStore(db).get(stored!.key))!.snoozedUntil).toEqual(new Date(clock.now().getTime() + 7 * 86_400_000));
  });

  it('alerts approvers to a change made directly in Teams; Accept records it, Revert queues a request restoring the approved state', async () => {
    const drifts = createDriftStore(db);
    const fixture = driftFixture();
    const first = await drifts.record({ id: '6f2f6c1e-3c55-4d0e-9a36-0c64b8c1d0e1', subjectSip: fixture.subjectSip, settingsGroup: 'callGroup', beforeSettings: fixture.beforeSettings, afterSettings: fixture.afterSettings, detectedAt: clock.now() });
    await app.bot.notifier.driftDetected([first]);
    await app.bot.idle();
    expect(fake.to('a:megan').at(-1)).toContain('Alex Wilber changed their call group in Teams');
    expect(await click('drift.accept', first.id)).toContain('Accepted by Megan Bowen');
    expect(await click('drift.accept', first.id)).toContain('already accepted');

    const second = await drifts.record({ id: '6f2f6c1e-3c55-4d0e-9a36-0c64b8c1d0e2', subjectSip: fixture.subjectSip, settingsGroup: 'callGroup', beforeSettings: fixture.beforeSettings, afterSettings: fixture.afterSettings, detectedAt: clock.now() });
    expect(await click('drift.revert', second.id)).toContain('Reverted by Megan Bowen');
    const [revert] = await db.query<{ status: string; desired: { CallGroupTargets: string[] } }>("SELECT status, desired FROM change_requests WHERE settings_group = 'revert:callGroup'");
    expect(revert).toMatchObject({ status: 'approved', desired: { CallGroupTargets: fixture.beforeSettings.CallGroupTargets } });
  });

  it('retries 429 and 5xx with backoff, gives up after five attempts and releases the notice for a later try', async () => {
    const id = '6f2f6c1e-3c55-4d0e-9a36-0c64b8c1d0f1';
    const record = await createDriftStore(db).record({ ...driftFixture(), id, detectedAt: clock.now() });
    fake.failures.push(new DeliveryError('retryable', '503'), new DeliveryError('retryable', '429', 1));
    await app.bot.notifier.driftDetected([record]);
    await app.bot.idle();
    expect(fake.to('a:megan').filter((card) => card.includes(`"id":"${id}"`))).toHaveLength(1);

    const other = await createDriftStore(db).record({ ...driftFixture(), id: '6f2f6c1e-3c55-4d0e-9a36-0c64b8c1d0f2', detectedAt: clock.now() });
    fake.failures.push(...Array.from({ length: 5 }, () => new DeliveryError('retryable', '503')));
    await app.bot.notifier.driftDetected([other]);
    await app.bot.idle();
    expect(await db.query('SELECT 1 FROM sent_notices WHERE notice_key = $1', [`drift:${other.id}`])).toEqual([]);
    expect(await db.query('SELECT id FROM conversation_refs WHERE id = $1', ['a:megan'])).toHaveLength(1);
    // Told again, it is sent now.
    await app.bot.notifier.driftDetected([other]);
    await app.bot.idle();
    expect(fake.to('a:megan').filter((card) => card.includes(other.id))).toHaveLength(1);
  });
});
