import { callGroupChangeBody, parseBody } from '@cgm/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenantStore } from '../store/tenantStore.js';
import { principalOf } from '../services/principal.js';
import { ADELE, ALEX, MEGAN, startTestServer } from '../server/testServer.js';
import type { TestServer } from '../server/testServer.js';
import { testBackends } from '../store/testDatabase.js';
import type { HitCounter } from './testSupport/rawHttp.js';
import { externalIPv4, httpCall, startHitCounter } from './testSupport/rawHttp.js';
import type { TeamsConnector } from './testSupport/teamsConnector.js';
import { TEAMS_USERS, TEST_TENANT_ID, cardClick, chatOf, personalActivity, startTeamsConnector } from './testSupport/teamsConnector.js';

const { alex, megan } = TEAMS_USERS;
const [[, open]] = testBackends() as [[string, Parameters<typeof startTestServer>[0]]];
const CLIENT_ID = '0f6a8a5e-1c2d-4e3f-8a9b-0c1d2e3f4a5b';
/** A server that signs the tab's users in with Entra (the API answers 401 without a token), as a deployment would. */
const ENTRA = { AUTH_MODE: 'entra', ENTRA_CLIENT_ID: CLIENT_ID, ENTRA_APP_ID_URI: `api://localhost/${CLIENT_ID}`, ENTRA_TENANT_IDS: TEST_TENANT_ID, ENTRA_JWKS_URL: 'http://127.0.0.1:9/keys', APPROVERS: MEGAN };
const ADD_ADELE = { order: 'Simultaneous', targets: ['brian.johnson@contoso.com', 'christie.cline@contoso.com', ADELE] };

const post = (server: TestServer, body: unknown, headers: Record<string, string> = {}) => httpCall(server.base, '/api/messages', { body, headers });
const statusOf = async (server: TestServer, id: string) => (await server.db.query<{ status: string }>('SELECT status FROM change_requests WHERE id = $1', [id]))[0]?.status;
const storedReference = async (server: TestServer, id: string) => (await server.db.query<{ reference: any }>('SELECT reference FROM conversation_refs WHERE id = $1', [id]))[0]?.reference;

/** Alex proposes through the services (no development sign-in on these servers). */
async function proposeAsAlex(server: TestServer): Promise<string> {
  const user = await createTenantStore(server.db).userByRef(ALEX);
  const change = parseBody(callGroupChangeBody, ADD_ADELE);
  if (!user || !change.ok) throw new Error('the demo tenant has no Alex, or the change does not parse');
  const request = await server.app.services.requests.propose(principalOf(user, TEST_TENANT_ID, () => false), change.value);
  await server.app.bot.idle();
  return request.id;
}

describe.each([
  ['HOST=0.0.0.0', { HOST: '0.0.0.0' }, 'HOST=0.0.0.0'],
  ['NODE_ENV=Production (capital P) on loopback', { HOST: '127.0.0.1', NODE_ENV: 'Production' }, 'NODE_ENV=Production'],
])('K1: the bot without an identity outside development (%s)', (_label, env, reason) => {
  let server: TestServer;
  let connector: TeamsConnector;
  const logged: { message: string; fields?: Record<string, unknown> }[] = [];

  beforeAll(async () => {
    connector = await startTeamsConnector();
    const logger = { info: (message: string, fields?: Record<string, unknown>) => void logged.push({ message, ...(fields ? { fields } : {}) }), warn: () => undefined, error: () => undefined };
    server = await startTestServer(open, { env: { ...ENTRA, ...env }, logger });
  });
  afterAll(async () => {
    await server?.close();
    await connector?.close();
  });

  it('K1: an unsigned approve invoke with an approver’s object id is refused with 401, approves nothing and sends nothing to its serviceUrl', async () => {
    const id = await proposeAsAlex(server);
    const answer = await post(server, cardClick(connector, megan, 'approve', { id }));
    expect(answer.status).toBe(401);
    expect(answer.json).toEqual({ error: { code: 'unauthenticated', message: expect.stringContaining(reason), details: [] } });
    expect(await statusOf(server, id)).toBe('pending');
    expect(connector.calls).toEqual([]);
  });

  it('K1: a forged activity does not replace the approver’s stored conversation reference', async () => {
    const genuine = { ...personalActivity({ url: 'https://smba.trafficmanager.net/amer/' }, megan, {}), bot: { id: '28:bot' } };
    await server.db.query('INSERT INTO conversation_refs (id, kind, user_sip, reference, updated_at) VALUES ($1, $2, $3, $4::jsonb, now())', [chatOf(megan), 'personal', `sip:${MEGAN}`, JSON.stringify(genuine)]);
    const forged = await post(server, personalActivity(connector, megan, { type: 'message', text: 'pending' }));
    expect(forged.status).toBe(401);
    expect((await storedReference(server, chatOf(megan))).serviceUrl).toBe('https://smba.trafficmanager.net/amer/');
  });

  it('K1: the start-up line says every activity is refused, and why', () => {
    const line = `identity: none — not development (${reason}): every activity refused`;
    expect(server.app.bot.identity).toBe(line);
    expect(logged.find((entry) => entry.message === 'bot endpoint mounted')?.fields).toMatchObject({ mode: 'refused', identity: line });
  });
});

describe('the bot endpoint on a development server (127.0.0.1, no BOT_ID)', () => {
  let server: TestServer;
  let connector: TeamsConnector;
  let counter: HitCounter;

  beforeAll(async () => {
    [connector, counter] = await Promise.all([startTeamsConnector(), startHitCounter()]);
    server = await startTestServer(open, { env: { APPROVERS: MEGAN } });
  });
  afterAll(async () => {
    await server?.close();
    await connector?.close();
    await counter?.close();
  });

  it('K1: the start-up line says unsigned activities are accepted from loopback only', () => {
    expect(server.app.bot.identity).toBe('identity: none — development: unsigned activities accepted from loopback only');
  });

  it.skipIf(!externalIPv4())('K1: an activity whose serviceUrl is a private address is refused with 400 naming serviceUrl, and nothing is sent there', async () => {
    const answer = await post(server, personalActivity({ url: counter.privateUrl! }, alex, { type: 'message', text: 'help' }));
    expect(answer.status).toBe(400);
    expect(answer.json.error).toMatchObject({ code: 'validation-failed', details: [expect.objectContaining({ path: 'serviceUrl' })] });
    await server.app.bot.idle();
    expect(counter.hits()).toBe(0);
    expect(await storedReference(server, chatOf(alex))).toBeUndefined();
  });

  it.each(['http://169.254.169.254/latest/meta-data/', 'https://10.0.0.7/', 'https://evil.example/', 'https://smba.trafficmanager.net.evil.example/amer/', 'http://smba.trafficmanager.net/amer/', 'https://user:pw@smba.trafficmanager.net/amer/', 'file:///etc/passwd'])(
    'K1: refuses the serviceUrl %s with 400 naming the field',
    async (serviceUrl) => {
      const answer = await post(server, personalActivity({ url: serviceUrl }, alex, { type: 'message', text: 'help' }));
      expect(answer.status).toBe(400);
      expect(answer.json.error.details).toEqual([expect.objectContaining({ path: 'serviceUrl' })]);
    },
  );

  it.skipIf(!externalIPv4())('K1: a stored reference whose serviceUrl is not a Bot Connector host gets no proactive card and is forgotten', async () => {
    expect((await post(server, personalActivity(connector, megan, { type: 'installationUpdate', action: 'add' }))).status).toBe(200);
    await server.db.query("UPDATE conversation_refs SET reference = jsonb_set(reference, '{serviceUrl}', to_jsonb($2::text)) WHERE id = $1", [chatOf(megan), counter.privateUrl]);
    const proposed = await server.call(ALEX, '/api/me/call-group', { body: ADD_ADELE });
    expect(proposed.status).toBe(202);
    await server.app.bot.idle();
    expect(counter.hits()).toBe(0);
    expect(await storedReference(server, chatOf(megan))).toBeUndefined();
  });

  it('K4: an unsigned activity addressed to another Host is refused with 403 even on the loopback socket, and nothing is stored', async () => {
    for (const host of ['attacker.example', 'rebind.attacker.com:3978']) {
      const answer = await post(server, personalActivity(connector, alex, { type: 'message', text: 'help' }), { host });
      expect(answer.status).toBe(403);
      expect(answer.json).toEqual({ error: { code: 'forbidden', message: expect.stringContaining('loopback'), details: [] } });
    }
    expect(await storedReference(server, chatOf(alex))).toBeUndefined();
    const port = new URL(server.base).port;
    expect((await post(server, personalActivity(connector, alex, { type: 'message', text: 'help' }), { host: `localhost:${port}` })).status).toBe(200);
    expect(await storedReference(server, chatOf(alex))).toBeDefined();
  });

  it('K4: an unsigned activity forwarded by a tunnel or proxy is refused, though it names localhost (a dev tunnel rewrites Host)', async () => {
    const port = new URL(server.base).port;
    for (const forwarded of [{ 'x-forwarded-for': '203.0.113.9' }, { 'x-forwarded-host': 'abc123.devtunnels.ms' }, { forwarded: 'for=203.0.113.9' }, { via: '1.1 proxy' }] as Record<string, string>[]) {
      const answer = await post(server, personalActivity(connector, alex, { type: 'message', text: 'help' }), { host: `localhost:${port}`, ...forwarded });
      expect(answer.status, JSON.stringify(forwarded)).toBe(403);
    }
  });

  it('K1: an activity from another channel than Teams is a 400 naming channelId (Web Chat and Direct Line let a client write who it is)', async () => {
    const answer = await post(server, personalActivity(connector, megan, { type: 'message', text: 'pending', channelId: 'webchat' }));
    expect(answer.status).toBe(400);
    expect(answer.json.error.details).toContainEqual(expect.objectContaining({ path: 'channelId' }));
  });

  it('K8: an empty object is a 400 naming the missing fields, not a 500', async () => {
    const answer = await post(server, {});
    expect(answer.status).toBe(400);
    expect(answer.json.error.code).toBe('validation-failed');
    expect(answer.json.error.details.map((d: { path: string }) => d.path)).toEqual(expect.arrayContaining(['type', 'serviceUrl', 'from', 'conversation']));
    expect(answer.text).not.toContain('validateAndFixActivity');
  });

  it('K8: a list is a 400 in the error shape, not a bare string', async () => {
    const answer = await post(server, []);
    expect(answer.status).toBe(400);
    expect(answer.json).toMatchObject({ error: { code: 'validation-failed', message: expect.any(String), details: [expect.objectContaining({ path: '' })] } });
  });

  it.each([
    ['from', { from: undefined }],
    ['conversation', { conversation: undefined }],
    ['from.id', { from: { name: 'Alex Wilber' } }],
  ])('K8: an activity without %s is a 400 naming it, and nothing runs', async (field, fields) => {
    // JSON drops the undefined fields: the activity arrives without them.
    const activity = { ...personalActivity(connector, alex, { type: 'message', text: 'help' }), ...fields };
    const before = connector.calls.length;
    const answer = await post(server, activity);
    expect(answer.status).toBe(400);
    expect(answer.json.error.details).toEqual([expect.objectContaining({ path: field, code: 'required' })]);
    expect(connector.calls.length).toBe(before);
  });

  it('K8: ids with a NUL character are a 400 naming each field', async () => {
    // personalActivity derives the personal chat's id from the user's, so both carry the NUL.
    const answer = await post(server, personalActivity(connector, { ...alex, id: '29:al\u0000ex' }, { type: 'message', text: 'help' }));
    expect(answer.status).toBe(400);
    expect(answer.json.error.details).toEqual([expect.objectContaining({ path: 'from.id', code: 'control-character' }), expect.objectContaining({ path: 'conversation.id', code: 'control-character' })]);
  });

  it('K8: an unknown invoke gets an invoke response with a JSON body; an invoke without a name is a 400', async () => {
    const unknown = await post(server, personalActivity(connector, alex, { type: 'invoke', name: 'no/such-invoke', value: {} }));
    expect(unknown.status).toBe(501);
    expect(unknown.json).toMatchObject({ error: { code: 'not-implemented', message: expect.stringContaining('no/such-invoke'), details: [expect.objectContaining({ path: 'name' })] } });
    const nameless = await post(server, personalActivity(connector, alex, { type: 'invoke', value: {} }));
    expect(nameless.status).toBe(400);
    expect(nameless.json.error.details).toEqual([expect.objectContaining({ path: 'name' })]);
  });
});

describe('K1: the bot with an identity', () => {
  let server: TestServer;
  let connector: TeamsConnector;

  beforeAll(async () => {
    connector = await startTeamsConnector();
    server = await startTestServer(open, { env: { BOT_ID: 'a1b2c3d4-0000-4000-8000-000000000001', BOT_PASSWORD: 'not-a-real-secret', BOT_TENANT_ID: TEST_TENANT_ID } });
  });
  afterAll(async () => {
    await server?.close();
    await connector?.close();
  });

  it('K1: an activity without a token is refused with 401 in the error shape before anything is stored or sent', async () => {
    const answer = await post(server, personalActivity(connector, megan, { type: 'installationUpdate', action: 'add' }));
    expect(answer.status).toBe(401);
    expect(answer.json).toMatchObject({ error: { code: 'unauthenticated', message: expect.any(String), details: [] } });
    expect(await storedReference(server, chatOf(megan))).toBeUndefined();
    expect(connector.calls).toEqual([]);
  });

  it('K1: a body without a token is refused before it is read, so nobody can hold the endpoint with unsigned megabytes', async () => {
    // A declared 1 MB body that never arrives: answered at once instead of waiting for it.
    const answer = await httpCall(server.base, '/api/messages', { headers: { 'content-type': 'application/json', 'content-length': String(1024 * 1024) }, partialBody: '{"type":' });
    expect(answer.status).toBe(401);
    expect(answer.json.error.code).toBe('unauthenticated');
  });

  it('K1: the start-up line names the identity', () => {
    expect(server.app.bot.identity).toBe('identity: single-tenant a1b2c3d4-0000-4000-8000-000000000001');
  });
});
