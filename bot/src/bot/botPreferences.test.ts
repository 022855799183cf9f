import { describe, expect, it } from 'vitest';
import { ALEX, MEGAN } from '../server/testServer.js';
import { testBackends } from '../store/testDatabase.js';
import { runActivity, useBotHarness } from './testSupport/botHarness.js';
import { TEAMS_USERS, cardClick, personalActivity } from './testSupport/teamsConnector.js';
import type { TeamsUser } from './testSupport/teamsConnector.js';
import { executeActions } from './testSupport/cardFixtures.js';

const { alex, megan } = TEAMS_USERS;

describe.each(testBackends())('the preferences command and card (%s)', (_name, open) => {
  const bot = useBotHarness(open);
  const stored = async (upn: string) => (await bot.server.call(upn, '/api/me/preferences')).json;
  const click = async (user: TeamsUser, id: string) => (await runActivity(bot.server, cardClick(bot.connector, user, 'preferences.set', { id }))).invoke!;

  it('answers `preferences` with the person’s card, approver notices only for approvers', async () => {
    const [card] = (await runActivity(bot.server, personalActivity(bot.connector, alex, { type: 'message', text: 'Preferences' }))).replies;
    expect(JSON.stringify(card)).toContain('Your notifications');
    const ids = executeActions(card).map((action) => action.data.id);
    expect(ids).toContain('staleMembership.off');
    expect(ids.some((id) => String(id).startsWith('approvals.'))).toBe(false);
    const [approverCard] = (await runActivity(bot.server, personalActivity(bot.connector, megan, { type: 'message', text: 'preferences' }))).replies;
    expect(executeActions(approverCard).map((action) => action.data.id)).toContain('approvals.daily');
  });

  it('changes one kind in place: the answer is the updated card and the server keeps it', async () => {
    const answer = await click(alex, 'staleMembership.off');
    expect(answer.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
    expect(JSON.stringify(answer.body.value)).toContain('Saved: Stale memberships, off.');
    expect(executeActions(answer.body.value).map((action) => action.data.id)).toEqual(expect.arrayContaining(['staleMembership.immediate', 'staleMembership.daily']));
    expect((await stored(ALEX)).notices).toMatchObject({ staleMembership: 'off', memberUnreachable: 'immediate' });
  });

  it('refuses an approver notice to someone who does not approve, and a choice it does not know, changing nothing', async () => {
    const before = await stored(ALEX);
    const refused = await click(alex, 'approvals.off');
    expect(JSON.stringify(refused.body.value)).toContain('notices.approvals is for approvers only');
    const unknown = await click(alex, 'staleMembership.sometimes');
    expect(JSON.stringify(unknown.body.value)).toContain('nothing was changed');
    expect(await stored(ALEX)).toEqual(before);
    expect((await click(megan, 'approvals.daily')).body.statusCode).toBe(200);
    expect((await stored(MEGAN)).notices.approvals).toBe('daily');
  });

  it('sends people to their personal chat when asked in a channel', async () => {
    const inChannel = personalActivity(bot.connector, alex, {
      type: 'message',
      text: 'preferences',
      conversation: { id: '19:general@thread.tacv2;messageid=1', conversationType: 'channel', tenantId: '3a7c5e91-2b4d-4f68-9c1e-6d8f0a2b4c60' },
    });
    const [card] = (await runActivity(bot.server, inChannel)).replies;
    expect(JSON.stringify(card)).toContain('Preferences are personal');
    expect(executeActions(card)).toEqual([]);
  });
});
