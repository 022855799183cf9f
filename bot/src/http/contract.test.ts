import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiRoute } from '@cgm/core';
import { API_ROUTES, apiErrorSchema } from '@cgm/core';
import { testBackends } from '../store/testDatabase.js';
import type { DevCallInit, TestServer } from '../server/testServer.js';
import { ADELE, ALEX, MEGAN, manualClock, startTestServer } from '../server/testServer.js';

/**
 * The tab parses every answer with the shared contract (`API_ROUTES` in core). This calls
 * every route of that table on the real server, in one story a user could live through, and
 * parses each answer with its schema: a server change that the tab would not understand
 * fails here, not in a user's browser.
 */

const BRIAN = 'brian.johnson@contoso.com';
const CHRISTIE = 'christie.cline@contoso.com';

describe.each(testBackends())('the API contract on %s', (_backend, open) => {
  let server: TestServer;
  const checked = new Set<ApiRoute>();

  beforeAll(async () => {
    server = await startTestServer(open, { clock: manualClock() });
  });
  afterAll(() => server.close());

  /** Calls `path` as `route` says, expects its success status, and returns the answer parsed with its contract schema. */
  async function call<TRoute extends ApiRoute>(route: TRoute, upn: string | undefined, path: string, init: DevCallInit = {}) {
    const method = route.slice(0, route.indexOf(' '));
    const contract = API_ROUTES[route];
    // What the tab would send must pass the contract's request schema too.
    if (init.body !== undefined && 'request' in contract) expect(contract.request.safeParse(init.body).error?.issues ?? [], `${route} body`).toEqual([]);
    const answer = await server.call(upn, path, { method, ...init });
    expect(answer.status, `${route}: ${answer.text}`).toBe(contract.status);
    const parsed = contract.response.safeParse(answer.json);
    expect(parsed.error?.issues ?? [], `${route} answered outside its contract`).toEqual([]);
    checked.add(route);
    return answer.json as Record<string, any>;
  }

  it('answers the employee routes within the contract', async () => {
    await call('GET /api/client-config', undefined, '/api/client-config');
    const me = await call('GET /api/me', ALEX, '/api/me');
    await call('GET /api/directory', ALEX, '/api/directory?q=adele');
    const proposed = await call('POST /api/me/call-group', ALEX, '/api/me/call-group', { body: { order: 'Simultaneous', targets: [...me.settings.CallGroupTargets, ADELE] } });
    await call('GET /api/me/requests/:id', ALEX, `/api/me/requests/${proposed.request.id}`);
    await call('POST /api/me/answering', ALEX, '/api/me/answering', {
      body: { forwarding: { enabled: false }, unanswered: { enabled: true, targetType: 'Voicemail', delaySeconds: 20 } },
    });
    await call('PUT /api/me/notification-override', ALEX, '/api/me/notification-override', { method: 'PUT', body: { value: 'Banner' } });
    await call('PUT /api/me/preferences', ALEX, '/api/me/preferences', { method: 'PUT', body: { notices: { staleMembership: 'off' }, timeZone: 'Europe/London' } });
    await call('GET /api/me/preferences', ALEX, '/api/me/preferences');
    const member = (me.callGroup.members as { upn?: string }[])[0]?.upn;
    if (!member) throw new Error('the demo tenant gives Alex no call group member');
    await call('PUT /api/me/memberships/:ownerId', member, `/api/me/memberships/${encodeURIComponent(`sip:${ALEX}`)}`, { body: { notification: 'Banner' } });
    await call('POST /api/me/memberships/:ownerId/leave', member, `/api/me/memberships/${encodeURIComponent(ALEX)}/leave`, { body: {} });
    await call('POST /api/me/call-group', ADELE, '/api/me/call-group', { body: { order: 'Simultaneous', targets: [BRIAN] } });
    const toCancel = await call('POST /api/me/call-group', BRIAN, '/api/me/call-group', { body: { order: 'Simultaneous', targets: [CHRISTIE] } });
    await call('DELETE /api/requests/:id', BRIAN, `/api/requests/${toCancel.request.id}`);
    // Isaiah's settings still name Alex's group (CG12); Irvin is in Nestor's switched-off group (CG01).
    const [stale] = (await call('GET /api/me/problems', 'isaiah.langer@contoso.com', '/api/me/problems')).problems as { id: string }[];
    await call('POST /api/me/problems/:id/:action', 'isaiah.langer@contoso.com', `/api/me/problems/${stale?.id}/clear`, { body: {} });
    const [switchedOff] = (await call('GET /api/me/problems', 'irvin.sayers@contoso.com', '/api/me/problems')).problems as { id: string }[];
    await call('POST /api/me/problems/:id/keep', 'irvin.sayers@contoso.com', `/api/me/problems/${switchedOff?.id}/keep`, { body: {} });
  });

  it('answers the approver routes within the contract', async () => {
    const pending = await call('GET /api/approvals', MEGAN, '/api/approvals');
    const [first, second] = pending.requests as { id: string }[];
    if (!first || !second) throw new Error('the story needs two pending requests to decide');
    await call('POST /api/approvals/:id/approve', MEGAN, `/api/approvals/${first.id}/approve`);
    await call('POST /api/approvals/:id/reject', MEGAN, `/api/approvals/${second.id}/reject`, { body: { reason: 'Not this week.' } });
    const health = await call('GET /api/health', MEGAN, '/api/health');
    const fixable = (health.findings as { id: string; fix?: unknown }[]).find((finding) => finding.fix !== undefined);
    if (!fixable) throw new Error('the demo tenant has no finding with a fix');
    await call('POST /api/health/findings/:id/fix', MEGAN, `/api/health/findings/${encodeURIComponent(fixable.id)}/fix`);
    await call('GET /api/health/unreached', MEGAN, '/api/health/unreached');
    await call('GET /api/audit', MEGAN, '/api/audit?limit=50');
    await call('GET /api/relationships', MEGAN, `/api/relationships?person=${ALEX}&depth=2`);
    await call('GET /api/relationships/clusters', MEGAN, '/api/relationships/clusters');
  });

  it('answers failures in the error shape the tab reads', async () => {
    for (const [upn, path] of [[ALEX, '/api/approvals'], [ALEX, '/api/me/requests/not-a-uuid'], [undefined, '/api/me']] as const) {
      const answer = await server.call(upn, path);
      expect(answer.status, path).toBeGreaterThanOrEqual(400);
      expect(apiErrorSchema.safeParse(answer.json).success, `${path}: ${answer.text}`).toBe(true);
    }
  });

  it('answers the cover routes within the contract', async () => {
    // Alex asks Lee Gu to cover his call group tomorrow; Megan approves; Alex moves the end, then cancels it.
    const LEE = 'lee.gu@contoso.com';
    const created = await call('POST /api/me/covers', ALEX, '/api/me/covers', { body: { startsAt: '2026-11-23T09:00:00+01:00', endsAt: '2026-11-30T18:00:00+01:00', callGroup: { add: [LEE] } } });
    const id = created.cover.id as string;
    expect(created.cover).toEqual({ id, status: 'pending', needsApproval: true });
    const listed = await call('GET /api/me/covers', ALEX, '/api/me/covers');
    expect(listed.covers.map((cover: { id: string }) => cover.id)).toContain(id);
    const { cover } = await call('GET /api/me/covers/:id', ALEX, `/api/me/covers/${id}`);
    expect((await server.call(MEGAN, `/api/approvals/${cover.approvalRequestId}/approve`, { body: {} })).status).toBe(200);
    await server.app.coversOnce();
    await call('PATCH /api/me/covers/:id', ALEX, `/api/me/covers/${id}`, { body: { endsAt: '2026-11-29T18:00:00+01:00' } });
    const cancelled = await call('DELETE /api/me/covers/:id', ALEX, `/api/me/covers/${id}`);
    expect(cancelled.cover.status).toBe('cancelled');
  });

  it('has called every route of the contract', () => {
    expect([...checked].sort()).toEqual(Object.keys(API_ROUTES).sort());
  });
});
