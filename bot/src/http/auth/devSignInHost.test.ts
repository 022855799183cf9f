import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpCall } from '../../bot/testSupport/rawHttp.js';
import { ALEX, startTestServer } from '../../server/testServer.js';
import type { TestServer } from '../../server/testServer.js';
import { testBackends } from '../../store/testDatabase.js';

const [[, open]] = testBackends() as [[string, Parameters<typeof startTestServer>[0]]];

describe('K4: development sign-in answers only requests addressed to a loopback host', () => {
  let server: TestServer;
  let port: string;
  const me = (host: string) => httpCall(server.base, '/api/me', { method: 'GET', headers: { host, 'x-dev-user': ALEX } });

  beforeAll(async () => {
    server = await startTestServer(open);
    port = new URL(server.base).port;
  });
  afterAll(() => server?.close());

  it.each(['attacker.example', 'rebind.attacker.com:3978', 'localhost.attacker.example', '127.0.0.1.attacker.example:80'])(
    'K4: refuses X-Dev-User with Host %j with 403 in the error shape, though the socket is loopback (DNS rebinding)',
    async (host) => {
      const answer = await me(host);
      expect(answer.status).toBe(403);
      expect(answer.json).toEqual({ error: { code: 'forbidden', message: expect.stringContaining('loopback host'), details: [] } });
    },
  );

  it.each<Record<string, string>>([{ 'x-forwarded-for': '203.0.113.9' }, { 'x-forwarded-host': 'abc123.devtunnels.ms' }, { forwarded: 'for=203.0.113.9;host=abc123.devtunnels.ms' }, { 'x-real-ip': '203.0.113.9' }, { via: '1.1 nginx' }])(
    'K4: refuses X-Dev-User forwarded by a tunnel or proxy (%j), though Host says localhost: a dev tunnel rewrites Host to localhost',
    async (forwarded) => {
      const answer = await httpCall(server.base, '/api/me', { method: 'GET', headers: { host: `localhost:${port}`, 'x-dev-user': ALEX, ...forwarded } });
      expect(answer.status).toBe(403);
      expect(answer.json.error.message).toContain('proxy or tunnel');
    },
  );

  it('K4: still signs in with Host 127.0.0.1:PORT, localhost:PORT and [::1]:PORT', async () => {
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `LOCALHOST:${port}`, `[::1]:${port}`, '127.0.0.1']) {
      const answer = await me(host);
      expect(answer.status, host).toBe(200);
      expect(answer.json.me.upn).toBe(ALEX);
    }
  });
});
