import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackends } from '../store/testDatabase.js';
import type { TestServer } from './testServer.js';
import { startTestServer } from './testServer.js';

const TENANT = '3a7c5e91-2b4d-4f68-9c1e-6d8f0a2b4c60';
const CLIENT_ID = '0f6a8a5e-1c2d-4e3f-8a9b-0c1d2e3f4a5b';
const APP_ID_URI = `api://localhost/${CLIENT_ID}`;
const [[, open]] = testBackends() as [[string, Parameters<typeof startTestServer>[0]]];

describe('the API with Teams SSO tokens (AUTH_MODE=entra)', () => {
  let server: TestServer;
  let jwks: ReturnType<typeof createServer>;
  let sign: (claims: Record<string, unknown>, expiresIn?: string) => Promise<string>;
  let alexObjectId: string;

  beforeAll(async () => {
    const { publicKey, privateKey } = await generateKeyPair('RS256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };
    jwks = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
    const jwksUrl = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/keys`;
    sign = (claims, expiresIn = '1h') =>
      new SignJWT({ tid: TENANT, scp: 'access_as_user', ...claims })
        .setProtectedHeader({ alg: 'RS256', kid: 'test-key' })
        .setIssuer(`https://login.microsoftonline.com/${String(claims.tid ?? TENANT)}/v2.0`)
        .setAudience(APP_ID_URI)
        .setIssuedAt()
        .setExpirationTime(expiresIn)
        .sign(privateKey);
    server = await startTestServer(open, {
      env: { AUTH_MODE: 'entra', ENTRA_CLIENT_ID: CLIENT_ID, ENTRA_APP_ID_URI: APP_ID_URI, ENTRA_TENANT_IDS: TENANT, ENTRA_JWKS_URL: jwksUrl, APPROVERS: 'megan.bowen@contoso.com' },
    });
    alexObjectId = (await server.db.query<{ id: string }>("SELECT data->>'Identity' AS id FROM tenant_users WHERE upn = 'alex.wilber@contoso.com'"))[0]!.id;
  });
  afterAll(async () => {
    await server.close();
    await new Promise((resolve) => jwks.close(resolve));
  });

  const me = (token: string | undefined, devUser?: string) =>
    server.call(devUser, '/api/me', { headers: token ? { authorization: `Bearer ${token}` } : {} });

  it('signs the user in by tenant and object id from a valid token', async () => {
    const response = await me(await sign({ oid: alexObjectId }));
    expect(response.status).toBe(200);
    expect(response.json.me.upn).toBe('alex.wilber@contoso.com');
  });

  it('refuses expired tokens, missing scopes, other tenants, and the development header', async () => {
    expect((await me(await sign({ oid: alexObjectId }, '-1h'))).status).toBe(401);
    expect((await me(await sign({ oid: alexObjectId, scp: 'User.Read' }))).status).toBe(403);
    expect((await me(await sign({ oid: alexObjectId, tid: '11111111-2222-4333-8444-555555555555' }))).status).toBe(403);
    const devOnly = await me(undefined, 'alex.wilber@contoso.com');
    expect(devOnly.status).toBe(401);
    expect(devOnly.json.error.code).toBe('unauthenticated');
  });
});
