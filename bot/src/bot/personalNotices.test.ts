import { problemId } from '@cgm/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../store/database.js';
import { testBackends } from '../store/testDatabase.js';
import { DeliveryError } from './cardSender.js';
import type { NoticeHarness } from './testSupport/noticeHarness.js';
import { DEMO_PEOPLE, chat, noticeHarness } from './testSupport/noticeHarness.js';

const ALL_FINDINGS = ['CG01', 'CG03', 'CG07', 'CG08', 'CG09', 'CG12'];

describe.each(testBackends())('personal notices of stale relationships (%s)', (_name, open) => {
  let db: Database;
  let h: NoticeHarness;
  const lastCard = (person: Parameters<typeof chat>[0]) => h.fake.to(chat(person)).at(-1) ?? '';

  beforeAll(async () => {
    db = await open();
    h = await noticeHarness(db, new Date('2026-11-23T10:00:00Z'));
  });
  afterAll(async () => {
    await h?.app.close();
    await db?.close();
  });

  it('tells each person a finding concerns, once, in their own chat, and nobody else', async () => {
    // Someone who has just installed the app hears of their own problems only, not of everyone else's.
    expect(await h.app.bot.notifier.personal.announce(await h.openFindings('CG01'), DEMO_PEOPLE.irvin[0])).toBe(1);
    expect(await h.personalCards()).toEqual({ [chat('irvin')]: 1 });
    await h.app.bot.notifier.findingsChanged({ added: await h.openFindings(...ALL_FINDINGS.filter((code) => code !== 'CG08')), resolved: [] });
    await h.app.bot.idle();
    // Lidia's send fails for good (five 503s): the catch-up sweep sends it later.
    h.fake.failures.push(...Array.from({ length: 5 }, () => new DeliveryError('retryable', '503')));
    await h.app.bot.notifier.findingsChanged({ added: await h.openFindings('CG08'), resolved: [] });
    await h.app.bot.idle();
    // CG12 is a stale membership, daily by default: Isaiah hears of it in tomorrow's summary.
    expect(await h.personalCards()).toEqual({ [chat('nestor')]: 1, [chat('irvin')]: 1, [chat('lee')]: 1, [chat('allan')]: 1, [chat('miriam')]: 1, [chat('pradeep')]: 1 });
    expect(lastCard('nestor')).toContain('Your calling policy has switched off your call group');
    expect(lastCard('nestor')).toContain('"verb":"problem.fix"');
    expect(lastCard('irvin')).toContain('Nestor Wilke’s call group is switched off by policy');
    expect(lastCard('irvin')).not.toContain('problem.fix');
    expect(lastCard('miriam')).toContain('"title":"Remove ben.walters@contoso.com"');
    expect(lastCard('pradeep')).toContain('Valentina Ricci cannot take call group calls');
    const held = await db.query<{ recipient_sip: string; mode: string }>('SELECT recipient_sip, mode FROM held_notices');
    expect(held).toEqual([{ recipient_sip: DEMO_PEOPLE.isaiah[0], mode: 'daily' }]);
    // The person a finding is about (disabled, left) and the owner a stale entry names are never told; approvers get no personal card.
    for (const person of ['quentin', 'alex', 'megan', 'lidia'] as const) expect(h.fake.to(chat(person)).filter((card) => card.includes('problem.'))).toEqual([]);
  });

  it('sends what a failed delivery left unsent in the catch-up sweep, and nothing twice', async () => {
    const before = h.fake.sent.length;
    expect(await h.app.bot.sweepOnce()).toBe(1);
    expect(lastCard('lidia')).toContain('Quentin Moreau’s account is disabled');
    expect(lastCard('lidia')).toContain('Your calls still ring them.');
    expect(lastCard('lidia')).toContain('"title":"Remove Quentin Moreau"');
    expect(h.fake.sent.length).toBe(before + 1);
    expect(await h.app.bot.sweepOnce()).toBe(0);
  });

  it('never sends a notice twice: not after a restart, not from a second instance told at the same time', async () => {
    const sent = h.fake.sent.length;
    const second = await h.instance();
    try {
      const added = await h.openFindings(...ALL_FINDINGS);
      await Promise.all([h.app.bot.notifier.findingsChanged({ added, resolved: [] }), second.app.bot.notifier.findingsChanged({ added, resolved: [] })]);
      await Promise.all([h.app.bot.idle(), second.app.bot.idle()]);
      await Promise.all([h.app.bot.sweepOnce(), second.app.bot.sweepOnce()]);
      expect(h.fake.sent.length).toBe(sent);
      expect(second.fake.sent.filter((s) => JSON.stringify(s.card).includes('problem.'))).toEqual([]);
      const counts = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM sent_notices WHERE notice_key LIKE 'personal:%' GROUP BY notice_key, conversation_id HAVING count(*) > 1");
      expect(counts).toEqual([]);
    } finally {
      await second.app.close();
    }
  });

  it('tells a delegator whose delegates may no longer receive calls, from a change the health service re-checks', async () => {
    const result = await h.change('patti', (settings) => ({ ...settings, Delegates: settings.Delegates.map((delegate) => ({ ...delegate, ReceiveCalls: false })) }));
    expect(result.added.map((finding) => finding.code)).toContain('DL02');
    expect(lastCard('patti')).toContain('None of your delegates may receive your calls');
    expect(h.fake.to(chat('debra')).filter((card) => card.includes('problem.'))).toEqual([]);
  });

  it('refuses a click on someone else’s notice, and changes nothing', async () => {
    const [cg08] = await h.openFindings('CG08');
    const lidiasProblem = problemId(cg08!, DEMO_PEOPLE.lidia[0]);
    const requests = async () => (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM change_requests'))[0]!.n;
    const before = await requests();
    const answer = await h.click('megan', 'problem.remove', lidiasProblem);
    expect(answer).toContain('Nothing to do here');
    expect(answer).not.toContain('Removal of');
    expect(await requests()).toBe(before);
  });

  it('Keep for now on a member’s card hides the problem for a week and says until when', async () => {
    const [cg01] = await h.openFindings('CG01');
    const answer = await h.click('irvin', 'problem.keep', problemId(cg01!, DEMO_PEOPLE.irvin[0]));
    expect(answer).toContain('Nestor Wilke’s call group is switched off by policy');
    expect(answer).toContain('Kept for now until 2026-11-30 10:00 UTC');
    expect(answer).not.toContain('"verb":"problem.');
  });

  it('Remove on the owner’s card asks for the change; once applied, the finding resolves and every copy of the card says so', async () => {
    const [cg08] = await h.openFindings('CG08');
    const id = problemId(cg08!, DEMO_PEOPLE.lidia[0]);
    const answer = await h.click('lidia', 'problem.remove', id);
    expect(answer).toMatch(/Removal of Quentin Moreau (sent for approval|is on its way)/);
    expect(answer).not.toContain('"verb":"problem.remove"');
    const [request] = await db.query<{ id: string; status: string }>("SELECT id, status FROM change_requests WHERE requester_sip = $1 AND kind = 'cleanup'", [DEMO_PEOPLE.lidia[0]]);
    if (request!.status === 'pending') expect(await h.click('megan', 'approve', request!.id)).toContain('Approved by Megan Bowen');
    await h.app.applyOnce();
    await h.app.bot.idle();
    expect(await h.openFindings('CG08')).toEqual([]);
    const [lidiasCard] = h.fake.sent.filter((s) => s.conversationId === chat('lidia') && JSON.stringify(s.card).includes(id));
    const update = h.fake.updated.filter((u) => u.activityId === lidiasCard!.id).at(-1);
    expect(JSON.stringify(update?.card)).toContain('Resolved: this is no longer a problem.');
    expect(JSON.stringify(update?.card)).not.toContain('"verb":"problem.');

    // Quentin is put back in Lidia's group: the same finding is open again, and the card she has says so instead of a second card.
    const sentBefore = h.fake.sent.length;
    const result = await h.change('lidia', (settings) => ({ ...settings, CallGroupTargets: [...settings.CallGroupTargets, DEMO_PEOPLE.quentin[0]] }));
    expect(result.added.map((finding) => finding.code)).toEqual(['CG08']);
    expect(h.fake.sent.length).toBe(sentBefore);
    const reopened = h.fake.updated.filter((u) => u.activityId === lidiasCard!.id).at(-1);
    expect(JSON.stringify(reopened?.card)).toContain('"verb":"problem.remove"');
    expect(JSON.stringify(reopened?.card)).not.toContain('Resolved');
  });
});
