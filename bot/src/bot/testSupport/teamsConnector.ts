import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Test support: what a stand-in Bot Connector received. */
export interface ConnectorCall {
  readonly method: string;
  readonly conversationId: string;
  readonly activityId?: string;
  readonly activity: any;
}

/** The demo tenant's people as Teams would present them to the bot. */
export const TEAMS_USERS = {
  alex: { id: '29:alex', aadObjectId: 'af8de7bf-1309-51a7-ac52-cb19d1f10057', name: 'Alex Wilber' },
  megan: { id: '29:megan', aadObjectId: 'c01707e1-469b-57e7-9a92-8b225ae19dae', name: 'Megan Bowen' },
  adele: { id: '29:adele', aadObjectId: 'fd65abca-19bb-5aea-a49a-9f7a9697983a', name: 'Adele Vance' },
  brian: { id: '29:brian', aadObjectId: 'cbee3a09-f5b0-55f6-a05c-add8972f973d', name: 'Brian Johnson' },
  christie: { id: '29:christie', aadObjectId: '2a0b4524-7d08-5b50-adf0-1fa2fe42186c', name: 'Christie Cline' },
} as const;
/** A Teams user as an activity's `from` carries them. */
export interface TeamsUser {
  readonly id: string;
  readonly aadObjectId: string;
  readonly name: string;
}

export const TEST_TENANT_ID = '3a7c5e91-2b4d-4f68-9c1e-6d8f0a2b4c60';

/**
 * A local stand-in for the Bot Connector (`serviceUrl`): records every activity the bot sends
 * (`POST /v3/conversations/{id}/activities[/{replyTo}]`) and updates (`PUT …/activities/{id}`).
 * `failNext` makes the next calls answer with a status (429, 503, 403) to test retries and pruning.
 */
export async function startTeamsConnector() {
  const calls: ConnectorCall[] = [];
  const failures: number[] = [];
  const members = new Map<string, string>();
  let next = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      // GET …/members/{userId}: the e-mail and UPN of a chat member (the development fallback asks for it).
      const member = /^\/v3\/conversations\/[^/]+\/members\/([^/?]+)/.exec(req.url ?? '');
      if (member && req.method === 'GET' && failures.length === 0) {
        const upn = members.get(decodeURIComponent(member[1]!));
        res.writeHead(upn ? 200 : 404, { 'content-type': 'application/json' });
        res.end(JSON.stringify(upn ? { id: decodeURIComponent(member[1]!), userPrincipalName: upn, email: upn } : { error: { code: 'NotFound' } }));
        return;
      }
      const match = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/?]+))?/.exec(req.url ?? '');
      const failure = failures.shift();
      if (failure !== undefined) {
        res.writeHead(failure, { 'content-type': 'application/json', ...(failure === 429 ? { 'retry-after': '0' } : {}) });
        res.end(JSON.stringify({ error: { code: 'Failure', message: `stand-in ${failure}` } }));
        return;
      }
      if (!match) {
        res.writeHead(404);
        res.end();
        return;
      }
      const text = Buffer.concat(chunks).toString('utf8');
      const conversationId = decodeURIComponent(match[1]!);
      const activityId = match[2] ? decodeURIComponent(match[2]) : undefined;
      calls.push({ method: req.method ?? '', conversationId, ...(activityId ? { activityId } : {}), activity: text ? JSON.parse(text) : undefined });
      const id = req.method === 'PUT' ? activityId : `msg-${++next}`;
      // restify patches ServerResponse.writeHead, which then no longer returns the response.
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return {
    url,
    calls,
    failNext: (...statuses: number[]) => void failures.push(...statuses),
    /** Make `GET …/members/{userId}` report this UPN for the user. */
    setMember: (userId: string, upn: string) => void members.set(userId, upn),
    /** Cards sent (POST) to a conversation, oldest first. */
    cardsIn: (conversationId: string) => calls.filter((c) => c.method === 'POST' && c.conversationId === conversationId).map((c) => c.activity.attachments?.[0]?.content),
    updatesIn: (conversationId: string) => calls.filter((c) => c.method === 'PUT' && c.conversationId === conversationId),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type TeamsConnector = Awaited<ReturnType<typeof startTeamsConnector>>;

let sequence = 0;

/** A Teams-shaped activity from `user` in their personal chat with the bot. */
export function personalActivity(connector: { url: string }, user: TeamsUser, fields: Record<string, unknown>): Record<string, unknown> {
  sequence += 1;
  return {
    id: `in-${sequence}`,
    channelId: 'msteams',
    serviceUrl: connector.url,
    timestamp: new Date().toISOString(),
    from: { id: user.id, name: user.name, aadObjectId: user.aadObjectId },
    recipient: { id: '28:bot', name: 'Call Group Manager' },
    conversation: { id: `a:${user.id.slice(3)}`, conversationType: 'personal', tenantId: TEST_TENANT_ID },
    channelData: { tenant: { id: TEST_TENANT_ID } },
    ...fields,
  };
}

/** The personal conversation id `personalActivity` uses for `user`. */
export const chatOf = (user: TeamsUser) => `a:${user.id.slice(3)}`;

/** An Action.Execute click as Teams sends it. */
export function cardClick(connector: { url: string }, user: TeamsUser, verb: string, data: Record<string, unknown>): Record<string, unknown> {
  return personalActivity(connector, user, { type: 'invoke', name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb, data: { verb, ...data } }, trigger: 'manual' } });
}
