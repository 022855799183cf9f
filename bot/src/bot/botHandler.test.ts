import { beforeEach, describe, expect, it } from 'vitest';
import { ADELE, ALEX, MEGAN } from '../server/testServer.js';
import { testBackends } from '../store/testDatabase.js';
import type { BotHarness } from './testSupport/botHarness.js';
import { runActivity, useBotHarness } from './testSupport/botHarness.js';
import { TEAMS_USERS, cardClick, chatOf, personalActivity } from './testSupport/teamsConnector.js';
import type { TeamsUser } from './testSupport/teamsConnector.js';

const { alex, megan, adele, brian } = TEAMS_USERS;

const click = (bot: BotHarness, user: TeamsUser, verb: string, data: Record<string, unknown>) => runActivity(bot.server, cardClick(bot.connector, user, verb, data)).then((r) => r.invoke!);
const cardText = (answer: { body: any }) => JSON.stringify(answer.body.value);

describe.each(testBackends())('the Teams activity handler (%s)', (_name, open) => {
  // Megan and Adele approve; Alex asks.
  const bot = useBotHarness(open, { env: { APPROVERS: `${MEGAN},${ADELE}` } });
  let requestId: string;

  beforeEach(async () => {
    const proposed = await bot.server.call(ALEX, '/api/me/call-group', { body: { order: 'Simultaneous', targets: ['brian.johnson@contoso.com', 'christie.cline@contoso.com', ADELE] } });
    expect(proposed.status).toBe(202);
    requestId = proposed.json.request.id;
  });
  const status = async () => (await bot.server.call(ALEX, `/api/me/requests/${requestId}`)).json.request;

  it('approve: the approver gets the decided card and the request is approved by them', async () => {
    const answer = await click(bot, megan, 'approve', { id: requestId });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
    expect(cardText(answer)).toContain('Approved by Megan Bowen');
    expect(await status()).toMatchObject({ status: 'approved', decidedBy: `sip:${MEGAN}` });
  });

  it('the card answering a click names the same people as the copy sent to the approvers, a forwarding target among them', async () => {
    // Megan's chat is known, so the approval card is sent there too.
    await runActivity(bot.server, personalActivity(bot.connector, megan, { type: 'installationUpdate', action: 'add' }));
    // Unanswered calls newly sent to the group: an approver decides.
    const body = { forwarding: { enabled: true, type: 'Simultaneous', targetType: 'SingleTarget', target: 'brian.johnson@contoso.com' }, unanswered: { enabled: true, targetType: 'Group', target: null, delaySeconds: 20 } };
    const proposed = await bot.server.call(ALEX, '/api/me/answering', { body });
    expect(proposed.status, JSON.stringify(proposed.json)).toBe(202);
    const id = proposed.json.request.id as string;
    await bot.server.app.bot.idle();
    const sent = bot.connector.cardsIn(chatOf(megan)).map((card) => JSON.stringify(card)).find((card) => card.includes(id));
    expect(sent).toContain('Also ring Brian Johnson');
    const answer = cardText(await click(bot, megan, 'approve', { id }));
    expect(answer).toContain('Approved by Megan Bowen');
    expect(answer).toContain('Also ring Brian Johnson');
    expect(answer).not.toContain('brian.johnson@contoso.com');
  });

  it('reject with a reason: the reason is recorded and shown', async () => {
    const answer = await click(bot, megan, 'reject', { id: requestId, reason: 'Adele is on leave' });
    expect(cardText(answer)).toContain('Rejected by Megan Bowen');
    expect(cardText(answer)).toContain('Adele is on leave');
    expect(await status()).toMatchObject({ status: 'rejected', decisionReason: 'Adele is on leave' });
  });

  it('a non-approver the request concerns changes nothing and gets a read-only card that says why', async () => {
    // Without Christie: she is a member the request removes, so she may see it.
    const removal = await bot.server.call(ALEX, '/api/me/call-group', { body: { order: 'Simultaneous', targets: ['brian.johnson@contoso.com', ADELE] } });
    const answer = await click(bot, TEAMS_USERS.christie, 'approve', { id: removal.json.request.id });
    expect(cardText(answer)).toContain('Only approvers can approve or reject requests');
    expect(cardText(answer)).not.toContain('"verb":"approve"');
    expect((await bot.server.call(ALEX, `/api/me/requests/${removal.json.request.id}`)).json.request.status).toBe('pending');
  });

  it('K7: a request is shown only to its requester, its owner, the members it adds or removes, and approvers', async () => {
    // Alex's request adds Adele and keeps Brian and Christie: Brian is not concerned by it.
    const shown = async (user: TeamsUser, verb: string) => !cardText(await click(bot, user, verb, { id: requestId })).includes('No such request');
    for (const verb of ['request.show', 'refresh', 'approve', 'reject']) {
      expect(await shown(brian, verb), `Brian, ${verb}`).toBe(false);
    }
    expect(await shown(alex, 'request.show')).toBe(true);
    expect(await shown(adele, 'request.show')).toBe(true);
    expect(await shown(megan, 'request.show')).toBe(true);
    // The tab's API applies the same rule: the unconcerned member gets 404, the added member sees it.
    expect((await bot.server.call('brian.johnson@contoso.com', `/api/me/requests/${requestId}`)).status).toBe(404);
    expect((await status()).status).toBe('pending');
  });

  it('K7: a member the request removes sees it, on a card and in the API', async () => {
    const removal = await bot.server.call(ALEX, '/api/me/call-group', { body: { order: 'Simultaneous', targets: ['brian.johnson@contoso.com'] } });
    const id = removal.json.request.id as string;
    expect(cardText(await click(bot, TEAMS_USERS.christie, 'request.show', { id }))).toContain('Christie Cline');
    expect((await bot.server.call('christie.cline@contoso.com', `/api/me/requests/${id}`)).status).toBe(200);
  });

  it('the requester cannot approve their own request, even as an approver', async () => {
    const own = await bot.server.call(ADELE, '/api/me/call-group', { body: { order: 'Simultaneous', targets: ['brian.johnson@contoso.com'] } });
    const answer = await click(bot, adele, 'approve', { id: own.json.request.id });
    expect(cardText(answer)).toContain('You cannot decide your own request');
    expect((await bot.server.call(ADELE, `/api/me/requests/${own.json.request.id}`)).json.request.status).toBe('pending');
  });

  it('a double click answers with the current state and decides nothing twice', async () => {
    await click(bot, megan, 'approve', { id: requestId });
    const second = await click(bot, megan, 'approve', { id: requestId });
    expect(cardText(second)).toContain('already approved');
    const rows = await bot.server.db.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_log WHERE request_id = $1 AND action LIKE 'request.%ed' AND action <> 'request.proposed'", [requestId]);
    expect(rows[0]!.n).toBe(1);
  });

  it('a click after someone else decided shows their decision, not a second one', async () => {
    await click(bot, adele, 'reject', { id: requestId, reason: 'duplicate' });
    const late = await click(bot, megan, 'approve', { id: requestId });
    expect(cardText(late)).toContain('Rejected by Adele Vance');
    expect(cardText(late)).toContain('already rejected');
    expect((await status()).status).toBe('rejected');
  });

  it('a refresh shows an approver the buttons and everyone else the state', async () => {
    expect(cardText(await click(bot, megan, 'refresh', { id: requestId }))).toContain('"verb":"approve"');
    expect(cardText(await click(bot, alex, 'refresh', { id: requestId }))).not.toContain('"verb":"approve"');
  });

  it('member notification buttons set my notification for that group (Banner says mobile is not alerted)', async () => {
    const answer = await click(bot, brian, 'notify.banner', { id: `sip:${ALEX}` });
    expect(cardText(answer)).toContain('Your choice: Banner');
    expect(cardText(answer)).toContain('Mobile devices will not be alerted');
    const mine = await bot.server.call('brian.johnson@contoso.com', '/api/me');
    expect(mine.json.requests[0]).toMatchObject({ kind: 'membershipNotification', change: { notification: 'Banner' } });
    // Choosing what is already set (Christie has Banner for Alex's group) is answered with the reason, on the same card.
    const again = await click(bot, TEAMS_USERS.christie, 'notify.banner', { id: `sip:${ALEX}` });
    expect(cardText(again), cardText(again)).toContain('These are already your settings');
    expect(cardText(again)).toContain('Your choice: Banner');
  });

  it('Ask to be removed creates a request to the approvers for the owner’s group without the member', async () => {
    const answer = await click(bot, brian, 'membership.leave', { id: `sip:${ALEX}` });
    expect(cardText(answer)).toContain('sent to the approvers');
    const pending = (await bot.server.call(MEGAN, '/api/approvals')).json.requests as any[];
    const removal = pending.find((r) => r.requester === 'sip:brian.johnson@contoso.com');
    expect(removal).toMatchObject({ subject: `sip:${ALEX}`, kind: 'callGroup', needsApproval: true });
    expect(removal.notes.removed).toEqual(['sip:brian.johnson@contoso.com']);
  });

  it.each([
    ['an unknown verb', { action: { type: 'Action.Execute', verb: 'launch.rockets', data: { id: 'x' } } }, 'action.verb'],
    ['no id', { action: { type: 'Action.Execute', verb: 'approve', data: {} } }, 'action.data.id'],
    ['not Action.Execute', { action: { type: 'Action.Submit', verb: 'approve', data: { id: 'x' } } }, 'action.type'],
    ['no value at all', undefined, 'action'],
    ['a reason over 500 characters', { action: { type: 'Action.Execute', verb: 'reject', data: { id: 'x', reason: 'x'.repeat(501) } } }, 'action.data.reason'],
    ['K5: a NUL byte in a finding id', { action: { type: 'Action.Execute', verb: 'finding.fix', data: { id: 'CG01|a\u0000b|' } } }, 'action.data.id'],
    ['K5: a NUL byte in a reason', { action: { type: 'Action.Execute', verb: 'reject', data: { id: 'x', reason: 'no\u0000' } } }, 'action.data.reason'],
  ])('a malformed invoke (%s) answers 400 naming the field, and changes nothing', async (_case, value, field) => {
    const { invoke } = await runActivity(bot.server, personalActivity(bot.connector, megan, { type: 'invoke', name: 'adaptiveCard/action', value }));
    expect(invoke).toMatchObject({ status: 200, body: { statusCode: 400, type: 'application/vnd.microsoft.error' } });
    expect(invoke!.body.value.message).toContain(field);
    expect((await status()).status).toBe('pending');
  });

  it('an id that names no request answers a clear card', async () => {
    expect(cardText(await click(bot, megan, 'approve', { id: 'not-a-uuid' }))).toContain('No such request');
    expect(cardText(await click(bot, megan, 'approve', { id: '00000000-0000-4000-8000-000000000000' }))).toContain('No such request');
  });

  it('someone outside the tenant is told so, and nothing is decided', async () => {
    const stranger = { id: '29:stranger', aadObjectId: '00000000-0000-0000-0000-000000000099', name: 'Stranger' } as unknown as TeamsUser;
    expect(cardText(await click(bot, stranger, 'approve', { id: requestId }))).toContain('I do not know you yet');
    expect((await status()).status).toBe('pending');
  });

  it('commands: pending lists what waits for an approver; health and sync are for approvers only', async () => {
    const pending = await runActivity(bot.server, personalActivity(bot.connector, megan, { type: 'message', text: 'pending' }));
    expect(JSON.stringify(pending.replies[0])).toContain('wait for approval');
    const health = await runActivity(bot.server, personalActivity(bot.connector, megan, { type: 'message', text: 'health' }));
    expect(JSON.stringify(health.replies[0])).toContain('Call group health');
    const denied = await runActivity(bot.server, personalActivity(bot.connector, brian, { type: 'message', text: 'sync' }));
    expect(JSON.stringify(denied.replies[0])).toContain('For approvers only');
    const personal = await runActivity(bot.server, personalActivity(bot.connector, megan, { type: 'message', text: 'use this channel' }));
    expect(JSON.stringify(personal.replies[0])).toContain('Not a team channel');
  });

  it('sync PERSON: an approver has one person read from Teams at once and is told what was found; others may not', async () => {
    const denied = await runActivity(bot.server, personalActivity(bot.connector, brian, { type: 'message', text: 'sync adele.vance@contoso.com' }));
    expect(JSON.stringify(denied.replies[0])).toContain('For approvers only');
    const answer = await runActivity(bot.server, personalActivity(bot.connector, megan, { type: 'message', text: 'sync Adele.Vance@contoso.com' }));
    expect(JSON.stringify(answer.replies[0])).toContain('Checking');
    await bot.server.app.bot.idle();
    const told = bot.connector.cardsIn(chatOf(megan)).map((card) => JSON.stringify(card)).filter((card) => card.includes('Checked in Teams'));
    expect(told.at(-1)).toContain('sip:adele.vance@contoso.com');
    await runActivity(bot.server, personalActivity(bot.connector, megan, { type: 'message', text: 'sync nobody@contoso.com' }));
    await bot.server.app.bot.idle();
    const stranger = bot.connector.cardsIn(chatOf(megan)).map((card) => JSON.stringify(card)).filter((card) => card.includes('Checked in Teams'));
    expect(stranger.at(-1)).toContain('Nobody in the synced tenant is');
  });

  it('sync PERSON with a NUL byte or a name longer than any person’s is told nobody has that name, and nothing reaches the database', async () => {
    for (const typed of ['adele.vance@contoso.com\u0000; DROP TABLE tenant_users', 'x'.repeat(2_000)]) {
      const answer = await runActivity(bot.server, personalActivity(bot.connector, megan, { type: 'message', text: `sync ${typed}` }));
      expect(JSON.stringify(answer.replies[0])).toContain('that person');
      expect(JSON.stringify(answer.replies[0])).not.toContain('\\u0000');
      await bot.server.app.bot.idle();
      const told = bot.connector.cardsIn(chatOf(megan)).map((card) => JSON.stringify(card)).filter((card) => card.includes('Checked in Teams'));
      expect(told.at(-1)).toContain('Nobody in the synced tenant has that name');
    }
  });

  it('use this channel: an approver in a team channel makes it the approvers’ channel', async () => {
    const inChannel = personalActivity(bot.connector, megan, {
      type: 'message',
      text: '<at>Call Group Manager</at> use this channel',
      conversation: { id: '19:approvers@thread.tacv2;messageid=1', conversationType: 'channel', tenantId: '3a7c5e91-2b4d-4f68-9c1e-6d8f0a2b4c60' },
      entities: [{ type: 'mention', text: '<at>Call Group Manager</at>', mentioned: { id: '28:bot', name: 'Call Group Manager' } }],
    });
    const answer = await runActivity(bot.server, inChannel);
    expect(JSON.stringify(answer.replies[0])).toContain('Approvals go to this channel');
    expect((await bot.server.db.query<{ value: string }>("SELECT value #>> '{}' AS value FROM app_settings WHERE key = 'approversChannel'"))[0]!.value).toBe('19:approvers@thread.tacv2');
    const [stored] = await bot.server.db.query<{ kind: string; reference: { conversation: { id: string } } }>("SELECT kind, reference FROM conversation_refs WHERE id = '19:approvers@thread.tacv2'");
    expect(stored).toMatchObject({ kind: 'channel', reference: { conversation: { id: '19:approvers@thread.tacv2' } } });
    await bot.server.db.query("DELETE FROM app_settings WHERE key = 'approversChannel'");
    await bot.server.db.query("DELETE FROM conversation_refs WHERE kind = 'channel'");
  });
});
