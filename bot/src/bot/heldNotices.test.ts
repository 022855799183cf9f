import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConversationStore } from '../store/conversationStore.js';
import type { Database } from '../store/database.js';
import { testBackends } from '../store/testDatabase.js';
import type { NoticeHarness } from './testSupport/noticeHarness.js';
import { DEMO_PEOPLE, chat, noticeHarness } from './testSupport/noticeHarness.js';

const HOUR = 3_600_000;
const MORNING = { start: '09:00', end: '12:00' } as const;

describe.each(testBackends())('notices held by preferences (%s)', (_name, open) => {
  let db: Database;
  let h: NoticeHarness;
  let second: Awaited<ReturnType<NoticeHarness['instance']>>;
  const cards = (person: Parameters<typeof chat>[0]) => h.fake.to(chat(person)).concat(second.fake.to(chat(person)));
  const summaries = (person: Parameters<typeof chat>[0]) => cards(person).filter((card) => card.includes('Your daily summary'));
  /** Both instances release at once: a due notice still goes out once. */
  const releaseBoth = async () => {
    await Promise.all([h.app.bot.releaseHeldOnce(), second.app.bot.releaseHeldOnce()]);
  };

  beforeAll(async () => {
    db = await open();
    h = await noticeHarness(db, new Date('2026-11-23T10:00:00Z'));
    second = await h.instance();
    await h.prefer('pradeep', { notices: { memberUnreachable: 'off' } });
    await h.prefer('miriam', { quietHours: MORNING });
    await h.prefer('allan', { quietHours: MORNING });
    await h.prefer('nestor', { quietHours: MORNING });
    await h.prefer('lidia', { notices: { memberUnreachable: 'daily' } });
    // Isaiah keeps the default: a stale membership is daily, at 09:00 (UTC until the tab tells us his zone).
    await h.app.bot.notifier.findingsChanged({ added: await h.openFindings('CG01', 'CG03', 'CG07', 'CG08', 'CG09', 'CG12'), resolved: [] });
    await h.app.bot.idle();
  });
  afterAll(async () => {
    await second?.app.close();
    await h?.app.close();
    await db?.close();
  });

  it('off sends nothing and queues nothing', async () => {
    expect(cards('pradeep')).toEqual([]);
    expect(await db.query('SELECT 1 FROM held_notices WHERE recipient_sip = $1', [DEMO_PEOPLE.pradeep[0]])).toEqual([]);
  });

  it('holds a notice inside quiet hours and sends it when they end, unless its finding resolved or its kind was switched off meanwhile', async () => {
    expect(cards('miriam')).toEqual([]);
    expect(cards('allan')).toEqual([]);
    expect(cards('nestor')).toEqual([]);
    await h.prefer('nestor', { notices: { groupSwitchedOff: 'off' } });
    // Allan changes his ring order: the finding he was to hear about is gone before his quiet hours end.
    const result = await h.change('allan', (settings) => ({ ...settings, CallGroupOrder: 'Simultaneous' }));
    expect(result.resolved.map((finding) => finding.code)).toEqual(['CG03']);
    h.clock.advance(2 * HOUR - 60_000); // 11:59, still quiet
    await releaseBoth();
    expect(cards('miriam')).toEqual([]);
    h.clock.advance(60_000); // 12:00
    await releaseBoth();
    expect(cards('miriam')).toHaveLength(1);
    expect(cards('miriam')[0]).toContain('"title":"Remove ben.walters@contoso.com"');
    expect(cards('allan')).toEqual([]);
    expect(cards('nestor')).toEqual([]);
    expect(await db.query('SELECT 1 FROM held_notices WHERE released_at IS NULL AND mode = $1', ['hold'])).toEqual([]);
    await releaseBoth();
    expect(cards('miriam')).toHaveLength(1);
  });

  it('gathers daily notices into one summary per person per day, across two days and two instances', async () => {
    h.clock.advance(21 * HOUR - 60_000); // 2026-11-24 08:59
    await releaseBoth();
    expect(summaries('isaiah')).toEqual([]);
    h.clock.advance(60_000); // 09:00
    await releaseBoth();
    await releaseBoth();
    expect(summaries('isaiah')).toHaveLength(1);
    expect(summaries('isaiah')[0]).toContain('Your settings still name Alex Wilber’s call group');
    expect(summaries('lidia')).toHaveLength(1);
    expect(summaries('lidia')[0]).toContain('Quentin Moreau’s account is disabled');
    // A restart finds nothing left to send.
    const restarted = await h.instance();
    await restarted.app.bot.releaseHeldOnce();
    expect(restarted.fake.sent).toEqual([]);
    await restarted.app.close();

    // The next day's news about Isaiah: his settings now also name Patti's group, which does not include him.
    h.clock.advance(HOUR); // 10:00
    await h.change('isaiah', (settings) => ({ ...settings, GroupMembershipDetails: [...settings.GroupMembershipDetails, { CallGroupOwnerId: DEMO_PEOPLE.patti[0], NotificationSetting: 'Ring' }] }));
    await releaseBoth();
    expect(summaries('isaiah')).toHaveLength(1);
    h.clock.advance(23 * HOUR); // 2026-11-25 09:00
    await releaseBoth();
    await releaseBoth();
    expect(summaries('isaiah')).toHaveLength(2);
    // Either instance may have sent either day's summary: find the second day's by its date.
    const nextDay = summaries('isaiah').find((card) => card.includes('(2026-11-25)'));
    expect(nextDay).toContain('Patti Fernandez');
    expect(nextDay).not.toContain('Alex Wilber');
    const keys = await db.query<{ key: string }>("SELECT notice_key AS key FROM sent_notices WHERE notice_key LIKE 'daily:%' ORDER BY notice_key");
    expect(keys.map((row) => row.key)).toEqual([`daily:${DEMO_PEOPLE.isaiah[0]}:2026-11-24`, `daily:${DEMO_PEOPLE.isaiah[0]}:2026-11-25`, `daily:${DEMO_PEOPLE.lidia[0]}:2026-11-24`]);
  });

  it('an approver who switched approvals off gets no approval card in their chat; the approvers’ channel still does', async () => {
    const propose = async (member: string) => {
      const request = await h.app.services.requests.propose(await h.principal('alex'), { kind: 'callGroup', order: 'Simultaneous', targets: ['brian.johnson@contoso.com', 'christie.cline@contoso.com', member] });
      await h.app.bot.idle();
      return request.id;
    };
    const asChosen = await propose('adele.vance@contoso.com');
    expect(cards('megan').filter((card) => card.includes(asChosen) && card.includes('"verb":"approve"'))).toHaveLength(1);
    await h.prefer('megan', { notices: { approvals: 'off' } });
    const switchedOff = await propose('nanami.ikeda@contoso.com');
    expect(cards('megan').filter((card) => card.includes(switchedOff))).toEqual([]);
    await createConversationStore(db).upsert({ id: '19:approvers@thread.tacv2', kind: 'channel', userSip: null, reference: { conversation: { id: '19:approvers@thread.tacv2' } }, updatedAt: h.clock.now() });
    await h.app.services.bot.conversations.useAsApproversChannel('19:approvers@thread.tacv2');
    const inChannel = await propose('debra.berger@contoso.com');
    expect(h.fake.to('19:approvers@thread.tacv2').filter((card) => card.includes(inChannel))).toHaveLength(1);
    expect(cards('megan').filter((card) => card.includes(inChannel))).toEqual([]);
  });
});
