import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADELE, ALEX, startTestServer } from '../server/testServer.js';
import type { TestServer } from '../server/testServer.js';
import { testBackends } from '../store/testDatabase.js';
import type { TeamsConnector } from './testSupport/teamsConnector.js';
import { TEAMS_USERS, cardClick, chatOf, personalActivity, startTeamsConnector } from './testSupport/teamsConnector.js';

const { alex, megan, adele } = TEAMS_USERS;

describe.each(testBackends())('proactive sending (%s)', (_name, open) => {
  let server: TestServer;
  let connector: TeamsConnector;
  const post = (activity: Record<string, unknown>) =>
    fetch(`${server.base}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) }).then(async (r) => ({ status: r.status, body: (await r.json().catch(() => ({}))) as { value?: unknown } }));
  const idle = () => server.app.bot.idle();
  const propose = async (targets: string[]) => {
    const proposed = await server.call(ALEX, '/api/me/call-group', { body: { order: 'Simultaneous', targets } });
    expect(proposed.status).toBe(202);
    await idle();
    return proposed.json.request.id as string;
  };

  beforeAll(async () => {
    connector = await startTeamsConnector();
    server = await startTestServer(open);
    for (const user of [alex, megan, adele]) await post(personalActivity(connector, user, { type: 'installationUpdate', action: 'add' }));
  });
  afterAll(async () => {
    await server?.close();
    await connector?.close();
  });

  it('retries a throttled send (429, Retry-After) and delivers the card once', async () => {
    const before = connector.cardsIn(chatOf(megan)).length;
    connector.failNext(429);
    await propose(['brian.johnson@contoso.com', 'christie.cline@contoso.com', ADELE]);
    expect(connector.cardsIn(chatOf(megan)).length).toBe(before + 1);
  });

  it('never sends the same notice twice, even when told twice', async () => {
    const id = await propose(['brian.johnson@contoso.com', ADELE]);
    const before = connector.cardsIn(chatOf(megan)).length;
    const request = await server.app.services.requests.get(id);
    await server.app.bot.notifier.requestProposed(request!);
    await idle();
    expect(connector.cardsIn(chatOf(megan)).length).toBe(before);
    const sent = await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM sent_notices WHERE notice_key = $1', [`request:${id}:proposed`]);
    expect(sent[0]!.n).toBe(1);
  });

  it('tells the member Alex added, after the change is applied, with Ring / Banner / Mute', async () => {
    const id = await propose(['brian.johnson@contoso.com', 'christie.cline@contoso.com', ADELE]);
    const approved = await post(cardClick(connector, megan, 'approve', { id }));
    expect(JSON.stringify(approved.body.value)).toContain('Approved by Megan Bowen');
    await server.app.applyOnce();
    await idle();
    const card = connector.cardsIn(chatOf(adele)).at(-1);
    expect(JSON.stringify(card)).toContain('Alex Wilber added you to their call group');
    expect(JSON.stringify(card)).toContain('"verb":"notify.mute"');
    // Alex's notice and Megan's approval card now say it is live.
    const lastUpdate = connector.updatesIn(chatOf(megan)).at(-1)!;
    expect(JSON.stringify(lastUpdate.activity)).toContain('applied in Teams');
  });

  it('prunes a conversation the connector says is gone (403), and forgets what was sent there', async () => {
    connector.failNext(403);
    await propose(['brian.johnson@contoso.com', 'debra.berger@contoso.com']);
    expect(await server.db.query('SELECT id FROM conversation_refs WHERE id = $1', [chatOf(megan)])).toEqual([]);
    expect(await server.db.query('SELECT 1 FROM card_messages WHERE conversation_id = $1', [chatOf(megan)])).toEqual([]);
    // Megan writes again: her chat is stored again and the next approval reaches her.
    await post(personalActivity(connector, megan, { type: 'message', text: 'help' }));
    const before = connector.cardsIn(chatOf(megan)).length;
    await propose(['brian.johnson@contoso.com', 'nanami.ikeda@contoso.com']);
    expect(connector.cardsIn(chatOf(megan)).length).toBe(before + 1);
  });
});

describe.each(testBackends())('a bot with an identity (%s)', (_name, open) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(open, { env: { BOT_ID: '11111111-2222-4333-8444-555555555555', BOT_PASSWORD: 'not-a-real-secret', BOT_TENANT_ID: '3a7c5e91-2b4d-4f68-9c1e-6d8f0a2b4c60' } });
  });
  afterAll(() => server?.close());

  it.each([
    ['no token', {}],
    ['a token that is not a JWT', { authorization: 'Bearer not-a-token' }],
  ])('refuses an activity with %s (401) and stores nothing', async (_case, headers) => {
    const activity = personalActivity({ url: 'http://127.0.0.1:9/' }, alex, { type: 'message', text: 'help' });
    const response = await fetch(`${server.base}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(activity) });
    expect(response.status).toBe(401);
    expect(await server.db.query('SELECT id FROM conversation_refs')).toEqual([]);
  });
});
