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

  it('sends a daily summary at the person’s hour in the zone the tab stored after the notices were queued', async () => {
    const summaries = () => h.fake.to(chat('lidia')).filter((card) => card.includes('Your daily summary'));
    await h.prefer('lidia', { notices: { memberUnreachable: 'daily' } });
    await h.app.bot.notifier.findingsChanged({ added: await h.openFindings('CG08'), resolved: [] });
    await h.app.bot.idle();
    // Queued for 09:00 UTC, the default hour while her zone is unknown; then the tab tells us she is in New York.
    await h.prefer('lidia', { timeZone: 'America/New_York' });
    h.clock.advance(21 * HOUR); // 09:00 UTC the next day, 04:00 in New York
    await h.app.bot.releaseHeldOnce();
    expect(summaries()).toEqual([]);
    h.clock.advance(5 * HOUR); // 09:00 in New York
    await h.app.bot.releaseHeldOnce();
    expect(summaries()).toHaveLength(1);
    expect(summaries()[0]).toContain('Quentin Moreau');
    await h.app.bot.releaseHeldOnce();
    expect(summaries()).toHaveLength(1);
  });
});
