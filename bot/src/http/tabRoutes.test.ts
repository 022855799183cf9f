import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import restify from 'restify';
import type { AddressInfo } from 'node:net';
import { readConfig } from '../config.js';
import { testBackends } from '../store/testDatabase.js';
import type { TestServer } from '../server/testServer.js';
import { ALEX, MEGAN, startTestServer } from '../server/testServer.js';
import { httpCall } from '../bot/testSupport/rawHttp.js';
import { mountTabRoutes } from './tabRoutes.js';

const INDEX = '<!doctype html><title>Call Group Manager</title><div id="root"></div>';
const SCRIPT = `console.log(${JSON.stringify('x'.repeat(4000))});`;

/** A built tab in a temp folder: index.html and one hashed asset. */
async function fakeDist(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'cgm-tab-'));
  await mkdir(join(dir, 'assets'));
  await writeFile(join(dir, 'index.html'), INDEX);
  await writeFile(join(dir, 'assets', 'index-abc123.js'), SCRIPT);
  await writeFile(join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  await writeFile(join(tmpdir(), 'cgm-secret.txt'), 'not for the browser');
  return dir;
}

describe('tab files', () => {
  let dir: string;
  let base: string;
  let server: restify.Server;
  beforeAll(async () => {
    dir = await fakeDist();
    server = restify.createServer();
    const config = readConfig({ AUTH_MODE: 'dev', HOST: '127.0.0.1' });
    // Static files never touch the database.
    mountTabRoutes(server, { config, people: { userByRef: async () => undefined }, distDir: dir });
    server.get('/api/me', async (_req, res) => void res.end('api'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await rm(dir, { recursive: true, force: true });
  });

  it('serves index.html for every tab route, never cached, so deep links work', async () => {
    for (const path of ['/tab/', '/tab/call-group', '/tab/approvals', '/tab/health?theme=dark']) {
      const response = await fetch(base + path);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(response.headers.get('cache-control')).toBe('no-cache');
      expect(await response.text()).toBe(INDEX);
    }
  });

  it('caches hashed assets for a year with the right type, gzipped when asked', async () => {
    const response = await fetch(`${base}/tab/assets/index-abc123.js`, { headers: { 'accept-encoding': 'gzip' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await response.text()).toBe(SCRIPT);
    const raw = await new Promise<{ encoding: string | undefined; body: Buffer }>((resolve, reject) => {
      import('node:http').then(({ get }) =>
        get(`${base}/tab/assets/index-abc123.js`, { headers: { 'accept-encoding': 'gzip' } }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => resolve({ encoding: res.headers['content-encoding'], body: Buffer.concat(chunks) }));
        }).on('error', reject),
      );
    });
    expect(raw.encoding).toBe('gzip');
    expect(gunzipSync(raw.body).toString()).toBe(SCRIPT);
  });

  it('serves other files with their type and without the long cache', async () => {
    const response = await fetch(`${base}/tab/favicon.svg`);
    expect(response.headers.get('content-type')).toBe('image/svg+xml');
    expect(response.headers.get('cache-control')).toBe('no-cache');
  });

  it('answers 404 for a missing file instead of the app', async () => {
    const response = await fetch(`${base}/tab/assets/missing-123.js`);
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain('root');
  });

  it('never serves a file outside the built folder', async () => {
    for (const path of ['/tab/..%2Fcgm-secret.txt', '/tab/%2e%2e/cgm-secret.txt', '/tab/assets/..%2F..%2Fcgm-secret.txt']) {
      const response = await fetch(base + path);
      expect(response.status, path).toBeGreaterThanOrEqual(400);
      expect(await response.text()).not.toContain('not for the browser');
    }
  });

  it('refuses a malformed escape', async () => {
    const response = await fetch(`${base}/tab/%E0%A4%A.js`);
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect(await response.text()).not.toContain('root');
  });

  it('K6: every answer under /tab/ lets only Teams and Microsoft 365 frame it, with the usual hardening headers', async () => {
    // Microsoft's "Tab requirements" list, and nothing else: not 'self', not *, not *.skype.com.
    const frameAncestors = [
      'https://*.cloud.microsoft',
      'https://teams.microsoft.com',
      'https://*.teams.microsoft.com',
      'https://*.microsoft365.com',
      'https://*.office.com',
      'https://outlook.office.com',
      'https://outlook.office365.com',
      'https://outlook-sdf.office.com',
      'https://outlook-sdf.office365.com',
    ];
    for (const path of ['/tab/', '/tab/call-group', '/tab/assets/index-abc123.js', '/tab/assets/missing-123.js']) {
      const response = await fetch(base + path);
      const policy = new Map((response.headers.get('content-security-policy') ?? '').split(';').map((part) => {
        const [name = '', ...values] = part.trim().split(/\s+/);
        return [name, values] as const;
      }));
      expect(policy.get('frame-ancestors'), path).toEqual(frameAncestors);
      expect(policy.get('script-src'), path).toEqual(["'self'"]);
      expect(policy.get('object-src'), path).toEqual(["'none'"]);
      expect(policy.get('default-src'), path).toEqual(["'self'"]);
      expect(response.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(response.headers.get('referrer-policy'), path).toBe('no-referrer');
    }
  });

  it('K8: the tab’s refusals use the API’s error shape', async () => {
    for (const [path, status, code] of [['/tab/assets/missing-123.js', 404, 'not-found'], ['/tab/a%00b', 400, 'bad-request']] as const) {
      const response = await fetch(base + path);
      expect(response.status, path).toBe(status);
      expect(await response.json(), path).toEqual({ error: { code, message: expect.any(String), details: [] } });
    }
  });

  it('does not shadow the API and sends / to the tab', async () => {
    expect(await (await fetch(`${base}/api/me`)).text()).toBe('api');
    const root = await fetch(`${base}/`, { redirect: 'manual' });
    expect(root.status).toBe(302);
    expect(root.headers.get('location')).toBe('/tab/');
  });

  it('says the tab is not built when index.html is missing', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'cgm-tab-empty-'));
    const other = restify.createServer();
    mountTabRoutes(other, { config: readConfig({ AUTH_MODE: 'dev' }), people: { userByRef: async () => undefined }, distDir: empty });
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    const response = await fetch(`http://127.0.0.1:${(other.address() as AddressInfo).port}/tab/call-group`);
    expect(response.status).toBe(503);
    expect(await response.text()).toMatch(/npm run build/);
    await new Promise<void>((resolve) => other.close(() => resolve()));
    await rm(empty, { recursive: true, force: true });
  });
});

describe.each(testBackends())('client configuration on %s', (_name, open) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(open);
  });
  afterAll(() => server.close());

  it('tells the tab that development sign-in is on, whom to offer, and the approval policy, without sign-in', async () => {
    const { status, json } = await server.call(undefined, '/api/client-config');
    expect(status).toBe(200);
    expect(json.devSignIn).toBe(true);
    expect(json.approvalPolicy).toBe('on-add-or-group-forwarding');
    const upns = json.demoUsers.map((user: { upn: string }) => user.upn);
    expect(upns).toEqual(expect.arrayContaining([ALEX, 'adele.vance@contoso.com', MEGAN]));
    expect(json.demoUsers.find((user: { upn: string }) => user.upn === MEGAN)).toEqual({ upn: MEGAN, displayName: 'Megan Bowen', approver: true });
    expect(json.demoUsers.find((user: { upn: string }) => user.upn === ALEX).approver).toBe(false);
  });

  it('K4: names no demo user or approver to a rebound domain or through a tunnel, as development sign-in itself', async () => {
    for (const headers of [{ host: 'attacker.example' }, { 'x-forwarded-for': '203.0.113.9' }] as Record<string, string>[]) {
      const answer = await httpCall(server.base, '/api/client-config', { method: 'GET', headers });
      expect(answer.status, JSON.stringify(headers)).toBe(403);
      expect(answer.text).not.toContain('megan');
    }
  });
});

describe('client configuration with Teams sign-in', () => {
  it('offers no demo users and names the app registration', async () => {
    const { clientConfig } = await import('./tabRoutes.js');
    const clientId = '00000000-0000-4000-8000-000000000001';
    const config = readConfig({ AUTH_MODE: 'entra', ENTRA_CLIENT_ID: clientId, ENTRA_APP_ID_URI: `api://host/${clientId}`, ENTRA_TENANT_IDS: '3a7c5e91-2b4d-4f68-9c1e-6d8f0a2b4c60', APPROVAL_POLICY: 'always' });
    const queried: string[] = [];
    const result = await clientConfig({ config, people: { userByRef: async (ref: string) => (queried.push(ref), undefined) } });
    expect(result).toEqual({ authMode: 'entra', devSignIn: false, demoUsers: [], approvalPolicy: 'always', entra: { clientId, applicationIdUri: `api://host/${clientId}` } });
    expect(queried).toEqual([]);
  });
});
