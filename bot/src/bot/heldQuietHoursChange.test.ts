import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../store/database.js';
import { testBackends } from '../store/testDatabase.js';
import type { NoticeHarness } from './testSupport/noticeHarness.js';
import { chat, noticeHarness } from './testSupport/noticeHarness.js';

const HOUR = 3_600_000;

/**
 * A notice held for quiet hours is released as the person's preferences read when it would reach
 * them, as a kind switched off meanwhile is dropped. The tab tells the server a person's zone only
 * when they open it: a notice held until 07:00 UTC for someone in New York must not wake them at
 * 02:00 once the zone is known, but wait for 07:00 there.
 */
describe.each(testBackends())('a held notice after its person’s quiet hours changed (%s)', (_name, open) => {
  let db: Database;
  let h: NoticeHarness;
  const cards = () => h.fake.to(chat('miriam'));

  beforeAll(async () => {
    db = await open();
    h = await noticeHarness(db, new Date('2026-11-23T23:00:00Z'));
    await h.prefer('miriam', { quietHours: { start: '22:00', end: '07:00' } });
    await h.app.bot.notifier.findingsChanged({ added: await h.openFindings('CG07'), resolved: [] });
    await h.app.bot.idle();
  });
  afterAll(async () => {
    await h?.app.close();
    await db?.close();
  });

  it('waits for the end of quiet hours in the zone the tab stored meanwhile, then sends once', async () => {
    expect(cards()).toEqual([]);
    await h.prefer('miriam', { timeZone: 'America/New_York' });
    h.clock.advance(8 * HOUR); // 07:00 UTC, 02:00 in New York
    await h.app.bot.releaseHeldOnce();
    expect(cards()).toEqual([]);
    h.clock.advance(5 * HOUR - 60_000); // 06:59 in New York
    await h.app.bot.releaseHeldOnce();
    expect(cards()).toEqual([]);
    h.clock.advance(60_000); // 07:00 in New York
    await h.app.bot.releaseHeldOnce();
    expect(cards()).toHaveLength(1);
    expect(cards()[0]).toContain('"title":"Remove ben.walters@contoso.com"');
    await h.app.bot.releaseHeldOnce();
    expect(cards()).toHaveLength(1);
  });
});
