import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createManagedIdentityTokenSource } from './managedIdentityToken.js';

/** A local stand-in for App Service's managed-identity endpoint, over real HTTP. */
describe('managed-identity tokens for the Teams worker', () => {
  const seen: { url: URL; header: string | undefined }[] = [];
  let answer: { status: number; body: string } = { status: 200, body: '' };
  let endpoint = '';
  const server = createServer((req, res) => {
    seen.push({ url: new URL(req.url ?? '/', 'http://127.0.0.1'), header: req.headers['x-identity-header'] as string | undefined });
    res.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body);
  });
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/msi/token`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    seen.length = 0;
  });

  const expiresInSeconds = (nowMs: number, seconds: number) => String(Math.floor(nowMs / 1000) + seconds);

  it('asks for the worker audience as the user-assigned identity, with the sandbox header, and caches the token', async () => {
    let now = 1_800_000_000_000;
    answer = { status: 200, body: JSON.stringify({ access_token: 'token-1', expires_on: expiresInSeconds(now, 3600), token_type: 'Bearer' }) };
    const getToken = createManagedIdentityTokenSource({ endpoint, header: 'secret-header', resource: 'api://cgm-worker', clientId: 'mi-client', now: () => now });

    expect(await Promise.all([getToken(), getToken(), getToken()])).toEqual(['token-1', 'token-1', 'token-1']);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.header).toBe('secret-header');
    expect(Object.fromEntries(seen[0]!.url.searchParams)).toEqual({ resource: 'api://cgm-worker', 'api-version': '2019-08-01', client_id: 'mi-client' });

    // 54 minutes later the token still has six minutes: kept. At 56 minutes it is refreshed.
    now += 54 * 60_000;
    await getToken();
    expect(seen).toHaveLength(1);
    now += 2 * 60_000;
    answer = { status: 200, body: JSON.stringify({ access_token: 'token-2', expires_on: expiresInSeconds(now, 3600) }) };
    expect(await getToken()).toBe('token-2');
    expect(seen).toHaveLength(2);
  });

  it('fails with the status and the missing field named, and asks again on the next call', async () => {
    const getToken = createManagedIdentityTokenSource({ endpoint, header: 'h', resource: 'api://cgm-worker' });
    answer = { status: 400, body: '{"error":"invalid_resource"}' };
    await expect(getToken()).rejects.toThrow(/HTTP 400: \{"error":"invalid_resource"\}/);
    answer = { status: 200, body: JSON.stringify({ expires_on: '1' }) };
    await expect(getToken()).rejects.toThrow(/lacks access_token/);
    answer = { status: 200, body: 'not json' };
    await expect(getToken()).rejects.toThrow(/not JSON/);
    expect(seen).toHaveLength(3);
    expect(seen[0]!.url.searchParams.has('client_id')).toBe(false);
  });
});
