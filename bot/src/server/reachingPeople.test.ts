import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { unreachedSchema } from '@cgm/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TeamsConnector } from '../bot/testSupport/teamsConnector.js';
import { personalActivity, startTeamsConnector } from '../bot/testSupport/teamsConnector.js';
import { GRAPH_ORIGIN } from '../gateway/graph/graphGroupMembers.js';
import { createTeamsAppInstaller } from '../gateway/graph/teamsAppInstaller.js';
import { testBackends } from '../store/testDatabase.js';
import type { TestServer } from './testServer.js';
import { ALEX, MEGAN, startTestServer } from './testServer.js';

/**
 * Reaching people in a real tenant, on the real server: approvers see who open findings concern
 * but the bot cannot reach (no personal chat: the app is not installed for them), a person drops
 * off the list once Teams tells the bot of their install, and with PROACTIVE_INSTALL=graph the
 * server asks a stand-in Microsoft Graph, over HTTP, to install the app for exactly those people.
 */

// The demo tenant's owner whose member Quentin Moreau is disabled (CG08), as Teams presents her.
const LIDIA = { id: '29:lidia', aadObjectId: '45474527-0f86-5e04-8ccf-b41f9a1336cc', name: 'Lidia Holloway' };
const NESTOR_ID = '22b15694-100f-59fe-953a-476ad9a2612b';
const IDENTITY = { IDENTITY_ENDPOINT: 'http://127.0.0.1:9/msi/token', IDENTITY_HEADER: 'unused' };
const CATALOG_ID = 'b1c5353a-7aca-41b3-830f-27d5218fe0e5';

/** A stand-in Graph on loopback that records the users the app is installed for and answers 201 (409 for `installed`). */
async function startStandInGraph() {
  const installedFor: string[] = [];
  const installed = new Set<string>();
  const server: Server = createServer((req, res) => {
    const user = /^\/v1\.0\/users\/([^/]+)\/teamwork\/installedApps$/.exec(req.url ?? '')?.[1];
    req.resume();
    req.on('end', () => {
      const status = req.method !== 'POST' || !user ? 404 : installed.has(user) ? 409 : 201;
      if (user && status !== 404) {
        installedFor.push(decodeURIComponent(user));
        installed.add(user);
      }
      res.writeHead(status);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const fetchVia = ((url: string, init: RequestInit) => fetch(origin + url.slice(GRAPH_ORIGIN.length), init)) as typeof fetch;
  const installer = createTeamsAppInstaller({ getToken: async () => 'app-token', catalogAppId: CATALOG_ID, fetch: fetchVia, logger: { warn: () => undefined } });
  return { installer, installedFor, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe.each(testBackends())('reaching people in a real tenant (%s)', (_name, open) => {
  let connector: TeamsConnector;
  let graph: Awaited<ReturnType<typeof startStandInGraph>>;
  beforeAll(async () => {
    connector = await startTeamsConnector();
    graph = await startStandInGraph();
  });
  afterAll(async () => {
    await connector.close();
    await graph.close();
  });

  const unreached = async (server: TestServer) => {
    const answer = await server.call(MEGAN, '/api/health/unreached');
    expect(answer.status).toBe(200);
    return unreachedSchema.parse(answer.json);
  };
  const install = (server: TestServer) =>
    fetch(`${server.base}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(personalActivity(connector, LIDIA, { type: 'installationUpdate', action: 'add' })) });

  describe('with proactive install off (the default)', () => {
    let server: TestServer;
    beforeAll(async () => {
      graph.installedFor.length = 0;
      server = await startTestServer(open, { overrides: { appInstaller: graph.installer } });
    });
    afterAll(() => server.close());

    it('shows approvers who has not installed the app, so no notice reached them', async () => {
      const answer = await unreached(server);
      expect(answer.proactiveInstall).toBe('off');
      expect(answer.people).toContainEqual({ sip: 'sip:lidia.holloway@contoso.com', displayName: 'Lidia Holloway', findings: 1, kinds: ['memberUnreachable'] });
      expect(answer.people).toContainEqual({ sip: 'sip:isaiah.langer@contoso.com', displayName: 'Isaiah Langer', findings: 1, kinds: ['staleMembership'] });
      expect(answer.total).toBe(answer.people.length);
    });

    it('drops a person from the list once Teams tells the bot of their install', async () => {
      expect((await install(server)).status).toBe(200);
      expect((await unreached(server)).people.map((p) => p.sip)).not.toContain('sip:lidia.holloway@contoso.com');
    });

    it('keeps the list from people who are not approvers', async () => {
      expect((await server.call(ALEX, '/api/health/unreached')).status).toBe(403);
    });

    it('never calls Graph while the setting is off', async () => {
      expect(await server.app.services.reach.installMissing()).toEqual({ asked: 0, installed: 0, alreadyInstalled: 0, forbidden: false });
      expect(graph.installedFor).toEqual([]);
    });
  });

  describe('with PROACTIVE_INSTALL=graph', () => {
    let server: TestServer;
    beforeAll(async () => {
      graph.installedFor.length = 0;
      server = await startTestServer(open, { env: { PROACTIVE_INSTALL: 'graph', TEAMS_APP_CATALOG_ID: CATALOG_ID, ...IDENTITY }, overrides: { appInstaller: graph.installer } });
    });
    afterAll(() => server.close());

    it('installs the app through Graph for each person it cannot reach, by Entra object id, once', async () => {
      const before = await unreached(server);
      expect(before.proactiveInstall).toBe('graph');
      const run = await server.app.services.reach.installMissing();
      expect(run).toMatchObject({ asked: before.total, installed: before.total, forbidden: false });
      expect(graph.installedFor).toHaveLength(before.total);
      expect(graph.installedFor).toContain(LIDIA.aadObjectId);
      expect(graph.installedFor).toContain(NESTOR_ID);
      // Approvers see what the run did.
      expect((await unreached(server)).lastInstallRun).toMatchObject({ asked: before.total, installed: before.total, alreadyInstalled: 0, forbidden: false });
      // Within the day nobody is asked for again.
      expect((await server.app.services.reach.installMissing()).asked).toBe(0);
    });

    it('takes the install event Teams then sends as the person reached', async () => {
      expect((await install(server)).status).toBe(200);
      const after = await unreached(server);
      expect(after.people.map((p) => p.sip)).not.toContain('sip:lidia.holloway@contoso.com');
    });
  });
});
