import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, UnsecuredJWT, exportJWK, generateKeyPair } from 'jose';
import type { CryptoKey, JWK, JWTPayload } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { AuthError } from './authError.js';
import { createTeamsTokenVerifier } from './teamsTokenVerifier.js';
import type { TeamsTokenVerifier, TeamsTokenVerifierOptions } from './teamsTokenVerifier.js';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const OTHER_TENANT = 'f8cdef31-a31e-4b4a-93e4-5f571e91255a';
const CLIENT_ID = '0b6f3c1e-5d2a-4f7e-9c61-2a7d8e4b1f90';
const APP_ID_URI = `api://cgm.contoso.com/${CLIENT_ID}`;
const OID = '6467882c-fdfd-4354-a1ed-4e13f064be25';
const NOW = new Date('2026-03-02T10:00:00Z');
const NOW_S = NOW.getTime() / 1000;
const V2_ISSUER = `https://login.microsoftonline.com/${TENANT}/v2.0`;
const V1_ISSUER = `https://sts.windows.net/${TENANT}/`;

interface KeyPair {
  readonly privateKey: CryptoKey;
  readonly jwk: JWK;
}

async function keyPair(kid: string): Promise<KeyPair> {
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  return { privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' } };
}

type Mode = 'ok' | 'error' | 'hang';

/** A real JWKS endpoint on 127.0.0.1 that counts its requests. */
interface JwksServer {
  readonly url: string;
  hits(): number;
  publish(keys: readonly JWK[]): void;
  setMode(mode: Mode): void;
  close(): Promise<void>;
}

async function startJwksServer(initialKeys: readonly JWK[]): Promise<JwksServer> {
  let keys = initialKeys;
  let mode: Mode = 'ok';
  let hits = 0;
  const server = createServer((_request, response) => {
    hits += 1;
    if (mode === 'hang') return;
    if (mode === 'error') {
      response.writeHead(500).end('down');
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/common/discovery/v2.0/keys`,
    hits: () => hits,
    publish: (next) => {
      keys = next;
    },
    setMode: (next) => {
      mode = next;
    },
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

let keyA: KeyPair;
let keyB: KeyPair;
let imposter: KeyPair;
let shared: JwksServer;
const extraServers: JwksServer[] = [];

beforeAll(async () => {
  keyA = await keyPair('key-a');
  keyB = await keyPair('key-b');
  imposter = await keyPair('key-a');
  shared = await startJwksServer([keyA.jwk]);
});

afterAll(async () => {
  await shared.close();
});

afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(extraServers.splice(0).map((server) => server.close()));
});

async function server(keys: readonly JWK[]): Promise<JwksServer> {
  const started = await startJwksServer(keys);
  extraServers.push(started);
  return started;
}

function verifier(jwks: JwksServer = shared, options: Partial<TeamsTokenVerifierOptions> = {}): TeamsTokenVerifier {
  return createTeamsTokenVerifier({
    clientId: CLIENT_ID,
    applicationIdUri: APP_ID_URI,
    allowedTenantIds: [TENANT],
    jwksUrl: jwks.url,
    now: () => NOW,
    ...options,
  });
}

/** A Teams tab SSO v2.0 access token (the shape of tab-sso-code's example); `undefined` drops a claim. */
async function token(overrides: Record<string, unknown> = {}, signer: { key?: CryptoKey; kid?: string } = {}): Promise<string> {
  const claims: Record<string, unknown> = {
    aud: CLIENT_ID,
    iss: V2_ISSUER,
    iat: NOW_S - 300,
    nbf: NOW_S - 300,
    exp: NOW_S + 3600,
    azp: '5e3ce6c0-2b1f-4285-8d4b-75ee78787346',
    name: 'Mila Nikolova',
    oid: OID,
    preferred_username: 'milan@contoso.com',
    scp: 'access_as_user',
    sub: 'XkjgWjdmaZ-_xDmhgN1BMP2vL2YOfeVxfPT_o8GRWaw',
    tid: TENANT,
    ver: '2.0',
    ...overrides,
  };
  const payload = Object.fromEntries(Object.entries(claims).filter(([, value]) => value !== undefined)) as JWTPayload;
  return new SignJWT(payload)
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: signer.kid ?? 'key-a' })
    .sign(signer.key ?? keyA.privateKey);
}

/** The AuthError a header is refused with; also checks the message never repeats the token. */
async function refusal(target: TeamsTokenVerifier, header: string | undefined): Promise<AuthError> {
  try {
    await target.verify(header);
  } catch (error) {
    if (!(error instanceof AuthError)) throw error;
    const sent = header?.replace(/^Bearer /i, '') ?? '';
    if (sent.length > 8) expect(error.message).not.toContain(sent);
    return error;
  }
  throw new Error('expected the header to be refused');
}

async function reason(overrides: Record<string, unknown>, target = verifier()): Promise<string> {
  return (await refusal(target, `Bearer ${await token(overrides)}`)).reason;
}

describe('accepted tokens', () => {
  it('accepts a v2.0 token and returns the (tid, oid) identity with its display claims', async () => {
    const identity = await verifier().verify(`Bearer ${await token()}`);
    expect(identity).toEqual({ tenantId: TENANT, objectId: OID, upn: 'milan@contoso.com', name: 'Mila Nikolova', scopes: ['access_as_user'], groups: [] });
  });

  it('accepts a v1.0 token: sts.windows.net issuer, Application ID URI audience, upn claim', async () => {
    const v1 = await token({ iss: V1_ISSUER, aud: APP_ID_URI, ver: '1.0', preferred_username: undefined, upn: 'Mila@Contoso.com' });
    const identity = await verifier().verify(`Bearer ${v1}`);
    expect(identity).toMatchObject({ tenantId: TENANT, objectId: OID, upn: 'Mila@Contoso.com' });
  });

  it('returns every granted scope when access_as_user is among several', async () => {
    const identity = await verifier().verify(`bearer ${await token({ scp: 'User.Read access_as_user' })}`);
    expect(identity.scopes).toEqual(['User.Read', 'access_as_user']);
  });

  it('returns the group ids of a groups claim in lower case, for the approvers group', async () => {
    const identity = await verifier().verify(`Bearer ${await token({ groups: ['A1B2C3D4-0000-4000-8000-000000000001', 42] })}`);
    expect(identity.groups).toEqual(['a1b2c3d4-0000-4000-8000-000000000001']);
  });

  it('matches the tenant allow-list case-insensitively', async () => {
    const identity = await verifier(shared, { allowedTenantIds: [TENANT.toUpperCase()] }).verify(`Bearer ${await token()}`);
    expect(identity.tenantId).toBe(TENANT);
  });

  it('leaves upn and name out when the token has neither', async () => {
    const identity = await verifier().verify(`Bearer ${await token({ preferred_username: undefined, name: undefined })}`);
    expect(identity).toEqual({ tenantId: TENANT, objectId: OID, scopes: ['access_as_user'], groups: [] });
  });
});

describe('token lifetime', () => {
  it('accepts a token that expired 59 s ago, inside the 60 s clock tolerance', async () => {
    await expect(verifier().verify(`Bearer ${await token({ exp: NOW_S - 59 })}`)).resolves.toMatchObject({ objectId: OID });
  });

  it('refuses a token that expired 60 s ago as expired', async () => {
    expect(await reason({ exp: NOW_S - 60 })).toBe('expired');
  });

  it('uses the configured clock tolerance', async () => {
    expect(await reason({ exp: NOW_S - 1 }, verifier(shared, { clockToleranceSeconds: 0 }))).toBe('expired');
  });

  it('accepts a token valid from 60 s in the future, inside the tolerance', async () => {
    await expect(verifier().verify(`Bearer ${await token({ nbf: NOW_S + 60 })}`)).resolves.toMatchObject({ objectId: OID });
  });

  it('refuses a token valid only from 61 s in the future as not yet valid', async () => {
    expect(await reason({ nbf: NOW_S + 61 })).toBe('not-yet-valid');
  });

  it('refuses a token without exp as malformed', async () => {
    expect(await reason({ exp: undefined })).toBe('malformed-token');
  });
});

describe('audience, issuer and tenant', () => {
  it('refuses a token issued for another application', async () => {
    expect(await reason({ aud: 'c0ffee00-0000-4000-8000-000000000000' })).toBe('wrong-audience');
  });

  it('refuses an Application ID URI on another host', async () => {
    expect(await reason({ aud: `api://evil.example.com/${CLIENT_ID}` })).toBe('wrong-audience');
  });

  it('refuses a token without aud', async () => {
    expect(await reason({ aud: undefined })).toBe('wrong-audience');
  });

  it.each([
    ['another host', `https://login.evil.example.com/${TENANT}/v2.0`],
    ['another tenant than the tid claim', `https://login.microsoftonline.com/${OTHER_TENANT}/v2.0`],
    ['the v2.0 issuer with a trailing slash', `${V2_ISSUER}/`],
    ['the v1.0 issuer without its trailing slash', V1_ISSUER.slice(0, -1)],
    ['the common endpoint', 'https://login.microsoftonline.com/common/v2.0'],
  ])('refuses an issuer naming %s', async (_label, iss) => {
    expect(await reason({ iss })).toBe('wrong-issuer');
  });

  it('refuses a token from a tenant that is not in the allow-list, naming the tenant', async () => {
    const error = await refusal(verifier(), `Bearer ${await token({ tid: OTHER_TENANT, iss: `https://login.microsoftonline.com/${OTHER_TENANT}/v2.0` })}`);
    expect(error.reason).toBe('tenant-not-allowed');
    expect(error.message).toContain(OTHER_TENANT);
  });

  it('refuses a tid that is not a GUID', async () => {
    expect(await reason({ tid: 'contoso', iss: 'https://login.microsoftonline.com/contoso/v2.0' })).toBe('malformed-token');
  });

  it('refuses a token without oid', async () => {
    expect(await reason({ oid: undefined })).toBe('malformed-token');
  });
});

describe('scope', () => {
  it.each([
    ['no scp claim (an app-only token with roles)', { scp: undefined, roles: ['Tenant.Read'] }],
    ['another scope only', { scp: 'User.Read' }],
    ['a scope that merely starts with access_as_user', { scp: 'access_as_user_admin' }],
    ['an empty scp', { scp: '' }],
  ])('refuses %s', async (_label, overrides) => {
    expect(await reason(overrides)).toBe('missing-scope');
  });
});

describe('signature', () => {
  it('refuses a token signed by another key under a published kid', async () => {
    const forged = await token({}, { key: imposter.privateKey, kid: 'key-a' });
    expect((await refusal(verifier(), `Bearer ${forged}`)).reason).toBe('bad-signature');
  });

  it('refuses a token whose payload was changed after signing', async () => {
    const [header, , signature] = (await token()).split('.');
    const other = (await token({ oid: '00000000-0000-4000-8000-000000000001' })).split('.')[1];
    expect((await refusal(verifier(), `Bearer ${header}.${other}.${signature}`)).reason).toBe('bad-signature');
  });

  it('refuses an unsigned (alg none) token without fetching keys', async () => {
    const jwks = await server([keyA.jwk]);
    const unsigned = new UnsecuredJWT({ aud: CLIENT_ID, iss: V2_ISSUER, tid: TENANT, oid: OID, scp: 'access_as_user', exp: NOW_S + 3600 }).encode();
    expect((await refusal(verifier(jwks), `Bearer ${unsigned}`)).reason).toBe('bad-signature');
    expect(jwks.hits()).toBe(0);
  });

  it('refuses an HS256 token (a guessed shared secret) without fetching keys', async () => {
    const jwks = await server([keyA.jwk]);
    const hs256 = await new SignJWT({ aud: CLIENT_ID, iss: V2_ISSUER, tid: TENANT, oid: OID, scp: 'access_as_user', exp: NOW_S + 3600 })
      .setProtectedHeader({ alg: 'HS256', kid: 'key-a' })
      .sign(new TextEncoder().encode('a-secret-that-is-at-least-32-bytes-long'));
    expect((await refusal(verifier(jwks), `Bearer ${hs256}`)).reason).toBe('bad-signature');
    expect(jwks.hits()).toBe(0);
  });
});

describe('key rotation', () => {
  it('refetches the key set once when a token names a new kid after the cooldown', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(NOW);
    const jwks = await server([keyA.jwk]);
    const target = verifier(jwks);
    await target.verify(`Bearer ${await token()}`);
    expect(jwks.hits()).toBe(1);

    jwks.publish([keyA.jwk, keyB.jwk]);
    vi.setSystemTime(NOW.getTime() + 31_000);
    await expect(target.verify(`Bearer ${await token({}, { key: keyB.privateKey, kid: 'key-b' })}`)).resolves.toMatchObject({ objectId: OID });
    await target.verify(`Bearer ${await token({}, { key: keyB.privateKey, kid: 'key-b' })}`);
    expect(jwks.hits()).toBe(2);
  });

  it('does not refetch for unknown kids within the cooldown, and refuses them', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(NOW);
    const jwks = await server([keyA.jwk]);
    const target = verifier(jwks);
    await target.verify(`Bearer ${await token()}`);

    vi.setSystemTime(NOW.getTime() + 29_000);
    const first = await refusal(target, `Bearer ${await token({}, { key: keyB.privateKey, kid: 'key-b' })}`);
    const second = await refusal(target, `Bearer ${await token({}, { key: imposter.privateKey, kid: 'key-c' })}`);
    expect([first.reason, second.reason]).toEqual(['bad-signature', 'bad-signature']);
    expect(jwks.hits()).toBe(1);
  });
});

describe('key set outages', () => {
  it('reports jwks-unavailable when the key server is down', async () => {
    const jwks = await server([keyA.jwk]);
    await jwks.close();
    expect((await refusal(verifier(jwks), `Bearer ${await token()}`)).reason).toBe('jwks-unavailable');
  });

  it('reports jwks-unavailable when the key server answers 500, and recovers when it is back', async () => {
    const jwks = await server([keyA.jwk]);
    const target = verifier(jwks);
    jwks.setMode('error');
    expect((await refusal(target, `Bearer ${await token()}`)).reason).toBe('jwks-unavailable');
    jwks.setMode('ok');
    await expect(target.verify(`Bearer ${await token()}`)).resolves.toMatchObject({ objectId: OID });
  });

  // The 2 s test timeout is what shows jwksTimeoutMs is used: the built-in 3 s would overrun it.
  it('reports jwks-unavailable when the key server does not answer within the timeout', { timeout: 2_000 }, async () => {
    const jwks = await server([keyA.jwk]);
    jwks.setMode('hang');
    expect((await refusal(verifier(jwks, { jwksTimeoutMs: 100 }), `Bearer ${await token()}`)).reason).toBe('jwks-unavailable');
    expect(jwks.hits()).toBe(1);
  });
});

describe('Authorization header', () => {
  it.each([
    ['no header', undefined],
    ['an empty header', ''],
    ['another scheme', 'Basic bWlsYW46cGFzc3dvcmQ='],
    ['Bearer without a token', 'Bearer '],
  ])('refuses %s as missing-token', async (_label, header) => {
    expect((await refusal(verifier(), header)).reason).toBe('missing-token');
  });

  it.each([
    ['garbage', 'Bearer not-a-jwt'],
    ['three parts that are not JSON', 'Bearer aaaa.bbbb.cccc'],
    ['two tokens', 'Bearer aaaa.bbbb.cccc dddd.eeee.ffff'],
    ['a token longer than 16 KiB', `Bearer ${'a'.repeat(16_380)}.bbbb.cccc`],
  ])('refuses %s as malformed-token', async (_label, header) => {
    expect((await refusal(verifier(), header)).reason).toBe('malformed-token');
  });
});

describe('options', () => {
  it.each([
    ['an empty tenant allow-list', { allowedTenantIds: [] }],
    ['a wildcard tenant', { allowedTenantIds: ['*'] }],
    ['the common tenant', { allowedTenantIds: [TENANT, 'common'] }],
    ['a client id that is not a GUID', { clientId: 'my-app' }],
    ['an https Application ID URI', { applicationIdUri: `https://cgm.contoso.com/${CLIENT_ID}` }],
  ])('refuses to build a verifier with %s', (_label, options) => {
    expect(() => verifier(shared, options)).toThrow(TypeError);
  });

  it('K8: names every wrong option at once, not only the first', () => {
    const build = () => verifier(shared, { clientId: 'my-app', applicationIdUri: 'https://cgm.contoso.com', allowedTenantIds: ['common', '*'] });
    expect(build).toThrow(/clientId .*applicationIdUri .*allowedTenantIds .*"common", "\*" are not/);
  });
});
