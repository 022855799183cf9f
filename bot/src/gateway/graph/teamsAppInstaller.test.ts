import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GRAPH_ORIGIN } from './graphGroupMembers.js';
import { createTeamsAppInstaller } from './teamsAppInstaller.js';

const CATALOG_ID = 'b1c5353a-7aca-41b3-830f-27d5218fe0e5';
const ALEX_ID = '5b649834-7412-4cce-9e69-176e95a394f5';

interface Received {
  readonly method: string | undefined;
  readonly path: string | undefined;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/**
 * A stand-in for Microsoft Graph on 127.0.0.1: it records each request and answers with the
 * status and body the test set. The installer's real fetch goes to it over HTTP; only the
 * origin is swapped, so the request Graph would receive is the one checked.
 */
describe('installing the app for a person through Microsoft Graph', () => {
  let server: Server;
  let origin: string;
  const received: Received[] = [];
  let answer: { status: number; body?: unknown } = { status: 201 };
  const warnings: { message: string; fields?: Record<string, unknown> }[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        received.push({ method: req.method, path: req.url, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(answer.status, answer.body === undefined ? {} : { 'content-type': 'application/json' });
        res.end(answer.body === undefined ? undefined : JSON.stringify(answer.body));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    received.length = 0;
    warnings.length = 0;
  });

  const standInFetch = ((url: string, init: RequestInit) => {
    // Anything but Graph would be a bug: fail loudly rather than call it.
    if (!url.startsWith(`${GRAPH_ORIGIN}/`)) throw new Error(`called ${url}, not Microsoft Graph`);
    return fetch(origin + url.slice(GRAPH_ORIGIN.length), init);
  }) as typeof fetch;
  const installer = () =>
    createTeamsAppInstaller({ getToken: async () => 'app-token', catalogAppId: CATALOG_ID, fetch: standInFetch, logger: { warn: (message, fields) => void warnings.push({ message, fields }) } });

  it('posts the catalog app to the user’s installed apps with the app’s token, as Microsoft documents', async () => {
    answer = { status: 201 };
    expect(await installer().install(ALEX_ID)).toBe('installed');
    expect(received).toHaveLength(1);
    const [request] = received;
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe(`/v1.0/users/${ALEX_ID}/teamwork/installedApps`);
    expect(request?.headers.authorization).toBe('Bearer app-token');
    expect(request?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(request?.body ?? '')).toEqual({ 'teamsApp@odata.bind': `https://graph.microsoft.com/v1.0/appCatalogs/teamsApps/${CATALOG_ID}` });
    expect(warnings).toEqual([]);
  });

  it('takes 409 Conflict as already installed, without a warning', async () => {
    answer = { status: 409, body: { error: { code: 'Conflict', message: 'App is already installed.' } } };
    expect(await installer().install(ALEX_ID)).toBe('already-installed');
    expect(warnings).toEqual([]);
  });

  it('reports 403 as forbidden with Graph’s reason, so the caller can name the missing permission', async () => {
    answer = { status: 403, body: { error: { code: 'Forbidden', message: 'Missing role permissions on the request.' } } };
    expect(await installer().install(ALEX_ID)).toBe('forbidden');
    expect(warnings).toEqual([{ message: 'Microsoft Graph refused to install the app for a user', fields: { user: ALEX_ID, reason: 'HTTP 403: Forbidden: Missing role permissions on the request.' } }]);
  });

  it('reports throttling and other refusals as failed, with Retry-After when Graph gives it', async () => {
    const gone = '0c9b2ad1-4e1f-4e0b-9d43-5a3c1a1e7d2f';
    answer = { status: 404, body: { error: { code: 'NotFound', message: 'User not found' } } };
    expect(await installer().install(gone)).toBe('failed');
    expect(warnings[0]?.fields).toMatchObject({ user: gone, reason: 'HTTP 404: NotFound: User not found' });
    answer = { status: 502, body: 'not json' };
    expect(await installer().install(ALEX_ID)).toBe('failed');
    expect(warnings[1]?.fields).toMatchObject({ reason: 'HTTP 502' });
  });

  it('calls Graph only for an Entra object id, so no id can reach another Graph route', async () => {
    answer = { status: 201 };
    // encodeURIComponent leaves '.' alone: '..' would have posted to /v1.0/teamwork/installedApps.
    for (const id of ['..', '.', '../../me/x?y', `${ALEX_ID}/..`, '', 'not-a-user']) expect(await installer().install(id), id).toBe('failed');
    expect(received).toEqual([]);
    expect(warnings.map((warning) => warning.message)).toEqual(Array.from({ length: 6 }, () => 'not installing the app for a user whose id is not an Entra object id'));
  });

  it('reports an unreachable Graph as failed instead of throwing', async () => {
    const down = (async () => {
      throw new TypeError('fetch failed');
    }) as unknown as typeof fetch;
    const outcome = await createTeamsAppInstaller({ getToken: async () => 't', catalogAppId: CATALOG_ID, fetch: down, logger: { warn: (message, fields) => void warnings.push({ message, fields }) } }).install(ALEX_ID);
    expect(outcome).toBe('failed');
    expect(warnings[0]).toEqual({ message: 'could not reach Microsoft Graph to install the app', fields: { user: ALEX_ID, error: 'fetch failed' } });
  });
});
