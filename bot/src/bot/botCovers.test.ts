import { beforeAll, describe, expect, it } from 'vitest';
import { ADELE, ALEX, MEGAN, manualClock } from '../server/testServer.js';
import { testBackends } from '../store/testDatabase.js';
import { executeActions as executes } from './testSupport/cardFixtures.js';
import { runActivity, useBotHarness } from './testSupport/botHarness.js';
import { TEAMS_USERS, cardClick, chatOf, personalActivity } from './testSupport/teamsConnector.js';
import type { TeamsUser } from './testSupport/teamsConnector.js';

/**
 * Cover cards through the real activity handler (botbuilder's TestAdapter) and the stand-in
 * connector, time on an injected clock: Adele is told at the start and the end in her own time
 * zone, Alex a day before the end with Extend and End now, whose answers replace the card and go
 * through the cover service under the same approval rule as the tab's; `pending` lists covers.
 */

const { alex, adele, megan, brian } = TEAMS_USERS;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe.each(testBackends())('cover cards in Teams (%s)', (_backend, open) => {
  const clock = manualClock(new Date('2026-12-21T08:00:00Z'));
  const bot = useBotHarness(open, { clock, env: { APPROVERS: MEGAN } });
  let coverId = '';
  // 3 January 17:00 UTC: 18:00 in Paris (Adele), 12:00 in New York (Alex).
  const endsAt = '2027-01-03T17:00:00.000Z';

  beforeAll(async () => {
    for (const user of [alex, adele, megan]) await runActivity(bot.server, personalActivity(bot.connector, user, { type: 'installationUpdate', action: 'add' }));
    expect((await bot.server.call(ADELE, '/api/me/preferences', { method: 'PUT', body: { timeZone: 'Europe/Paris' } })).status).toBe(200);
    expect((await bot.server.call(ALEX, '/api/me/preferences', { method: 'PUT', body: { timeZone: 'America/New_York' } })).status).toBe(200);
  }, 120_000);

  /** The cover job, the apply job and the notifier, as their timers would run them. */
  async function settle(): Promise<void> {
    for (let round = 0; round < 6; round += 1) {
      await bot.server.app.coversOnce();
      await bot.server.app.applyOnce();
      clock.advance(1_000);
    }
    await bot.server.app.coversOnce();
    await bot.server.app.bot.idle();
  }
  const cover = async (id: string) => (await bot.server.call(ALEX, `/api/me/covers/${id}`)).json.cover;
  const cardsOf = (user: TeamsUser) => bot.connector.cardsIn(chatOf(user)).map((card) => JSON.stringify(card));
  const click = (user: TeamsUser, verb: string, id: string) => runActivity(bot.server, cardClick(bot.connector, user, verb, { id })).then((answer) => answer.invoke!);
  const approve = async (requestId: string) => expect((await bot.server.call(MEGAN, `/api/approvals/${requestId}/approve`, { body: {} })).status).toBe(200);

  it('at the start Adele reads that she picks up Alex’s calls until 3 January in her zone, and Alex that it started in his', async () => {
    const created = await bot.server.call(ALEX, '/api/me/covers', { body: { startsAt: new Date(clock.now().getTime() + HOUR).toISOString(), endsAt, callGroup: { add: [ADELE] } } });
    expect(created.status, created.text).toBe(202);
    coverId = created.json.cover.id;
    await approve((await cover(coverId)).approvalRequestId);
    await settle();
    clock.advance(HOUR);
    await settle();
    expect((await cover(coverId)).status).toBe('active');
    const adeles = cardsOf(adele).filter((card) => card.includes('pick up'));
    expect(adeles).toHaveLength(1);
    expect(adeles[0]).toContain("You now pick up Alex Wilber's calls until 3 January at 18:00");
    expect(adeles[0]).toContain("You are in Alex Wilber's call group.");
    expect(cardsOf(alex).some((card) => card.includes('Your cover has started: Adele Vance until 3 January at 12:00'))).toBe(true);
    // Nobody else is told: Brian has no chat with the bot, Megan approved but does not cover.
    expect(cardsOf(megan).some((card) => card.includes('pick up'))).toBe(false);
    // Megan decided on who covers what, from when to when, not on "a change to calling settings".
    const asked = cardsOf(megan).filter((card) => card.includes("Approval: Alex Wilber's cover"));
    expect(asked.length).toBeGreaterThan(0);
    expect(asked[0]).toMatch(/"title":"Covering","value":"Adele Vance"/);
    expect(asked[0]).toContain('"title":"Until","value":"2027-01-03 17:00 UTC"');
    expect(asked[0]).not.toContain('A change to calling settings');
  });

  it('a day before the end Alex gets Extend and End now, their data exactly {verb, id}', async () => {
    clock.advance(Date.parse(endsAt) - DAY - clock.now().getTime() - 60_000);
    await settle();
    expect(cardsOf(alex).some((card) => card.includes('ends tomorrow'))).toBe(false);
    clock.advance(60_000);
    await settle();
    const soon = bot.connector.cardsIn(chatOf(alex)).filter((card) => JSON.stringify(card).includes('Your cover ends tomorrow, 3 January at 12:00'));
    expect(soon).toHaveLength(1);
    expect(executes(soon[0])).toEqual([
      { verb: 'cover.extend', data: { verb: 'cover.extend', id: coverId } },
      { verb: 'cover.end', data: { verb: 'cover.end', id: coverId } },
    ]);
    // Told once: another run of the job sends nothing more.
    await settle();
    expect(cardsOf(alex).filter((card) => card.includes('ends tomorrow'))).toHaveLength(1);
  });

  it('Extend asks an approver, as the cover needed one; the answer replaces the card and the end moves once approved', async () => {
    const answer = await click(alex, 'cover.extend', coverId);
    expect(answer.status).toBe(200);
    const text = JSON.stringify(answer.body.value);
    expect(text).toContain('Your extension to 10 January at 12:00 waits for an approver');
    const pending = await cover(coverId);
    expect(pending.extension).toMatchObject({ endsAt: '2027-01-10T17:00:00.000Z' });
    expect(pending.endsAt).toBe(endsAt);
    await bot.server.app.bot.idle();
    // Megan's card for the extension shows the end it has and the one asked for.
    expect(cardsOf(megan).some((card) => card.includes('"title":"Until","value":"2027-01-03 17:00 UTC → 2027-01-10 17:00 UTC"'))).toBe(true);
    await approve(pending.extension.requestId);
    await settle();
    expect((await cover(coverId)).endsAt).toBe('2027-01-10T17:00:00.000Z');
  });

  it('someone else clicking End now on Alex’s cover changes nothing', async () => {
    const answer = await click(brian, 'cover.end', coverId);
    expect(JSON.stringify(answer.body.value)).toContain('No such cover');
    const forged = await click(alex, 'cover.end', 'not-a-cover');
    expect(JSON.stringify(forged.body.value)).toContain('No such cover');
    expect((await cover(coverId)).status).toBe('active');
  });

  it('pending lists Alex’s covers with the end in his zone', async () => {
    const { replies } = await runActivity(bot.server, personalActivity(bot.connector, alex, { type: 'message', text: 'pending' }));
    const text = JSON.stringify(replies);
    expect(text).toContain('Your covers');
    expect(text).toContain('**Adele Vance**: active, until 10 January at 12:00');
  });

  it('End now ends it: the answer has no buttons left, Adele leaves the group and is told', async () => {
    const answer = await click(alex, 'cover.end', coverId);
    const text = JSON.stringify(answer.body.value);
    expect(text).toContain('Ending now');
    expect(executes(answer.body.value)).toEqual([]);
    await settle();
    expect((await cover(coverId)).status).toBe('ended');
    expect((await bot.server.gateway.readSettings(ALEX)).CallGroupTargets.map((target) => target.toLowerCase())).not.toContain(`sip:${ADELE}`);
    const ended = cardsOf(adele).filter((card) => card.includes("You no longer pick up Alex Wilber's calls"));
    expect(ended).toHaveLength(1);
    expect(cardsOf(alex).some((card) => card.includes('Your cover has ended'))).toBe(true);
  });

  it('a person who switched request updates off is not told', async () => {
    expect((await bot.server.call(ADELE, '/api/me/preferences', { method: 'PUT', body: { notices: { requestUpdates: 'off' } } })).status).toBe(200);
    const before = cardsOf(adele).length;
    // Forwarding to a person needs no approver under the default policy: it is scheduled at once.
    const body = { startsAt: clock.now().toISOString(), endsAt: new Date(clock.now().getTime() + 2 * DAY).toISOString(), answering: { forwarding: { enabled: true, type: 'Simultaneous', targetType: 'SingleTarget', target: ADELE } } };
    const created = await bot.server.call(ALEX, '/api/me/covers', { body });
    expect(created.json.cover).toMatchObject({ status: 'scheduled', needsApproval: false });
    await settle();
    expect((await cover(created.json.cover.id)).status).toBe('active');
    expect(cardsOf(adele)).toHaveLength(before);
    // Alex still is, and his Extend needs nobody this time: the cover needed nobody.
    const answer = await click(alex, 'cover.extend', created.json.cover.id);
    expect(JSON.stringify(answer.body.value)).toContain('Extended: it now ends');
    expect((await cover(created.json.cover.id)).endsAt).toBe(new Date(Date.parse(body.endsAt) + 7 * DAY).toISOString());
  });

  it('a cover notice held for quiet hours is released as the same card when they end', async () => {
    // Quiet from an hour before to two hours after now, Paris time (UTC+1 in winter).
    const hour = (clock.now().getUTCHours() + 1) % 24;
    const at = (h: number) => `${String((h + 24) % 24).padStart(2, '0')}:00`;
    const preferences = { notices: { requestUpdates: 'immediate' }, quietHours: { start: at(hour - 1), end: at(hour + 2) } };
    expect((await bot.server.call(ADELE, '/api/me/preferences', { method: 'PUT', body: preferences })).status).toBe(200);
    const before = cardsOf(adele).length;
    const created = await bot.server.call(ALEX, '/api/me/covers', { body: { startsAt: clock.now().toISOString(), endsAt: new Date(clock.now().getTime() + 3 * DAY).toISOString(), delegate: { target: ADELE } } });
    expect(created.status, created.text).toBe(202);
    await approve((await cover(created.json.cover.id)).approvalRequestId);
    await settle();
    expect((await cover(created.json.cover.id)).status).toBe('active');
    await bot.server.app.bot.releaseHeldOnce();
    expect(cardsOf(adele), 'held during quiet hours').toHaveLength(before);
    clock.advance(3 * HOUR);
    await bot.server.app.bot.releaseHeldOnce();
    await bot.server.app.bot.idle();
    const released = cardsOf(adele).slice(before);
    expect(released).toHaveLength(1);
    expect(released[0]).toContain("You now pick up Alex Wilber's calls until");
    expect(released[0]).toContain("You are Alex Wilber's delegate.");
  });
});
