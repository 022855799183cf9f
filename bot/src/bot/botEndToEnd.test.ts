import { describe, expect, it } from 'vitest';
import { ADELE, ALEX, MEGAN } from '../server/testServer.js';
import { testBackends } from '../store/testDatabase.js';
import { useBotHarness } from './testSupport/botHarness.js';
import { TEAMS_USERS, cardClick, chatOf, personalActivity } from './testSupport/teamsConnector.js';

const { alex, megan } = TEAMS_USERS;

describe.each(testBackends())('the bot over real HTTP (%s)', (_name, open) => {
  const bot = useBotHarness(open);

  const post = async (activity: Record<string, unknown>) => {
    const response = await fetch(`${bot.server.base}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  };
  const idle = () => bot.server.app.bot.idle();
  const textOf = (card: unknown) => JSON.stringify(card);


  it('welcomes people who install the app and stores their personal chats', async () => {
    for (const user of [alex, megan]) {
      const response = await post(personalActivity(bot.connector, user, { type: 'installationUpdate', action: 'add' }));
      expect(response.status).toBe(200);
    }
    expect(textOf(bot.connector.cardsIn(chatOf(alex)))).toContain('Call Group Manager');
    const stored = await bot.server.db.query<{ id: string; user_sip: string }>('SELECT id, user_sip FROM conversation_refs ORDER BY id');
    expect(stored).toEqual([
      { id: chatOf(alex), user_sip: `sip:${ALEX}` },
      { id: chatOf(megan), user_sip: `sip:${MEGAN}` },
    ]);
  });

  it('answers help, and a short help card for text it does not know', async () => {
    await post(personalActivity(bot.connector, alex, { type: 'message', text: 'help' }));
    await post(personalActivity(bot.connector, alex, { type: 'message', text: 'make coffee' }));
    const replies = bot.connector.cardsIn(chatOf(alex)).slice(-2);
    expect(textOf(replies[0])).toContain('pending');
    expect(textOf(replies[0])).not.toContain('use this channel');
    expect(textOf(replies[1])).toContain('is not a command');
  });

  it('sends an approval card to the approver when Alex proposes a change through the API, and Megan approves it from the card', async () => {
    const before = bot.connector.cardsIn(chatOf(megan)).length;
    const proposed = await bot.server.call(ALEX, '/api/me/call-group', { body: { order: 'Simultaneous', targets: ['brian.johnson@contoso.com', 'christie.cline@contoso.com', ADELE] } });
    expect(proposed.status).toBe(202);
    const id = proposed.json.request.id as string;
    await idle();
    const approval = bot.connector.cardsIn(chatOf(megan)).slice(before);
    expect(approval).toHaveLength(1);
    expect(textOf(approval[0])).toContain('Adele Vance');
    expect(textOf(approval[0])).toContain('"verb":"approve"');
    expect(approval[0].refresh.userIds).toEqual(expect.arrayContaining([alex.id, megan.id]));

    // Alex is no approver: his click changes nothing and says why.
    const denied = await post(cardClick(bot.connector, alex, 'approve', { id }));
    expect(denied.body.statusCode).toBe(200);
    expect(textOf(denied.body.value)).toContain('Only approvers');
    expect((await bot.server.call(ALEX, `/api/me/requests/${id}`)).json.request.status).toBe('pending');

    const approved = await post(cardClick(bot.connector, megan, 'approve', { id }));
    expect(approved.status).toBe(200);
    expect(approved.body.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(textOf(approved.body.value)).toContain('Approved by Megan Bowen');
    expect(textOf(approved.body.value)).not.toContain('"verb":"approve"');
    await idle();
    // Every sent copy is updated in place, and Alex is told.
    const updates = bot.connector.updatesIn(chatOf(megan));
    expect(updates.at(-1)!.activity.attachments[0].content.body.map((e: any) => JSON.stringify(e)).join()).toContain('Approved by Megan Bowen');
    expect(textOf(bot.connector.cardsIn(chatOf(alex)).at(-1))).toContain('Your request was approved');

    // A second click answers with the current state; nothing is decided twice.
    const again = await post(cardClick(bot.connector, megan, 'approve', { id }));
    expect(textOf(again.body.value)).toContain('already approved');
    const audit = await bot.server.db.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_log WHERE request_id = $1 AND action = 'request.approved'", [id]);
    expect(audit[0]!.n).toBe(1);
  });

  it('development only: a Playground user whose object id is not in the tenant is matched by the UPN the channel reports', async () => {
    const playgroundUser = { id: '29:playground-alex', aadObjectId: '00000000-0000-0000-0000-000000000020', name: 'Alex Wilber' } as const;
    const unknown = await post(personalActivity(bot.connector, playgroundUser, { type: 'message', text: 'pending' }));
    expect(unknown.status).toBe(200);
    expect(JSON.stringify(bot.connector.cardsIn('a:playground-alex').at(-1))).toContain('I do not know you yet');
    bot.connector.setMember(playgroundUser.id, ALEX);
    await post(personalActivity(bot.connector, playgroundUser, { type: 'message', text: 'pending' }));
    expect(JSON.stringify(bot.connector.cardsIn('a:playground-alex').at(-1))).toContain('Your recent requests');
  });

  it('answers a malformed invoke with a 400 error body, not a crash', async () => {
    const response = await post(personalActivity(bot.connector, megan, { type: 'invoke', name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb: 'approve', data: {} } } }));
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ statusCode: 400, type: 'application/vnd.microsoft.error' });
    expect(response.body.value.message).toContain('action.data.id');
  });

  it('refuses a body that is not JSON', async () => {
    const response = await fetch(`${bot.server.base}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{not json' });
    expect(response.status).toBe(400);
  });

  it('forgets a personal chat on uninstall', async () => {
    await post(personalActivity(bot.connector, alex, { type: 'installationUpdate', action: 'remove' }));
    expect(await bot.server.db.query('SELECT id FROM conversation_refs WHERE id = $1', [chatOf(alex)])).toEqual([]);
  });
});
