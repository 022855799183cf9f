import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTenantStore } from '../store/tenantStore.js';
import { testBackends } from '../store/testDatabase.js';
import type { TestServer } from './testServer.js';
import { ADELE, ALEX, MEGAN, manualClock, startTestServer } from './testServer.js';

const LEE = 'lee.gu@contoso.com';

describe.each(testBackends())('change requests over HTTP on %s', (_backend, open) => {
  let server: TestServer;
  const clock = manualClock();

  beforeEach(async () => {
    server = await startTestServer(open, { clock });
  });
  afterEach(() => server.close());

  const alexTargets = async () => ((await server.call(ALEX, '/api/me')).json.settings.CallGroupTargets as string[]);
  const requestCount = async () => Number((await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM change_requests'))[0]!.n);

  it('lets an owner propose, an approver approve, and the worker apply the change in Teams', async () => {
    const before = await alexTargets();
    const proposed = await server.call(ALEX, '/api/me/call-group', { body: { order: 'Simultaneous', targets: [...before, ADELE] } });
    expect(proposed.status).toBe(202);
    expect(proposed.json.request).toMatchObject({ status: 'pending', needsApproval: true });
    const id = proposed.json.request.id as string;

    const waiting = await server.call(MEGAN, '/api/approvals');
    expect(waiting.json.requests.map((r: { id: string }) => r.id)).toContain(id);

    const approved = await server.call(MEGAN, `/api/approvals/${id}/approve`, { method: 'POST' });
    expect(approved.status).toBe(200);
    expect(approved.json.request).toMatchObject({ status: 'approved', decidedBy: `sip:${MEGAN}` });
    expect(await server.app.applyOnce()).toBe(1);

    const mine = await server.call(ALEX, `/api/me/requests/${id}`);
    expect(mine.json.request.status).toBe('applied');
    expect((await alexTargets()).map((t) => t.toLowerCase())).toContain(`sip:${ADELE}`);
    expect((await server.gateway.readSettings(ALEX)).CallGroupTargets).toContain(`sip:${ADELE}`);
    const adele = await server.call(ADELE, '/api/me');
    expect(adele.json.memberships.map((m: { ownerSip: string }) => m.ownerSip)).toContain(`sip:${ALEX}`);
    // Teams gave Adele a membership entry (Ring) with the group, so she can choose Banner before any sync.
    expect((await server.gateway.readSettings(ADELE)).GroupMembershipDetails).toEqual([{ CallGroupOwnerId: `sip:${ALEX}`, NotificationSetting: 'Ring' }]);
    const banner = await server.call(ADELE, `/api/me/memberships/${encodeURIComponent(`sip:${ALEX}`)}`, { method: 'PUT', body: { notification: 'Banner' } });
    expect(banner.status).toBe(202);

    const audit = await server.call(MEGAN, '/api/audit');
    const actions = audit.json.entries.filter((e: { requestId: string }) => e.requestId === id).map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['request.proposed', 'request.approved', 'apply.step', 'request.applied']));
  });

  it('applies a change that needs no approval (removing a member) without an approver', async () => {
    const before = await alexTargets();
    const proposed = await server.call(ALEX, '/api/me/call-group', { body: { order: 'Simultaneous', targets: before.slice(1) } });
    expect(proposed.json.request).toMatchObject({ status: 'approved', needsApproval: false });
    await server.app.applyOnce();
    expect(await alexTargets()).toEqual(before.slice(1));
    // The member removed loses the entry in Teams and in the synced copy.
    const removed = before[0]!;
    expect((await server.gateway.readSettings(removed)).GroupMembershipDetails.map((d) => d.CallGroupOwnerId)).not.toContain(`sip:${ALEX}`);
    const stored = await createTenantStore(server.db).settingsOf(removed);
    expect(stored!.settings.GroupMembershipDetails.map((d) => d.CallGroupOwnerId)).not.toContain(`sip:${ALEX}`);
  });

  it('lets a member ask to leave a group: the owner’s group changes only when an approver agrees', async () => {
    const BRIAN = 'brian.johnson@contoso.com';
    const leave = (upn: string, body?: unknown) => server.call(upn, `/api/me/memberships/${encodeURIComponent(ALEX)}/leave`, { method: 'POST', body: body ?? {} });
    expect((await leave(ADELE)).status).toBe(404);
    expect((await leave(BRIAN, { reason: 'x' })).status).toBe(400);
    expect(await requestCount()).toBe(0);

    const asked = await leave(BRIAN);
    expect(asked.status).toBe(202);
    expect(asked.json.request).toMatchObject({ status: 'pending', needsApproval: true });
    expect((await server.call(MEGAN, '/api/approvals')).json.requests[0]).toMatchObject({ id: asked.json.request.id, requester: `sip:${BRIAN}`, subject: `sip:${ALEX}` });
    expect((await server.call(MEGAN, `/api/approvals/${asked.json.request.id}/approve`, { method: 'POST' })).status).toBe(200);
    await server.app.applyOnce();
    expect((await alexTargets()).map((t) => t.toLowerCase())).toEqual(['sip:christie.cline@contoso.com']);
  });

  it('refuses self-approval, double approval and approval after rejection', async () => {
    const own = await server.call(MEGAN, '/api/me/call-group', { body: { order: 'Simultaneous', targets: [ALEX] } });
    expect(own.status).toBe(202);
    const self = await server.call(MEGAN, `/api/approvals/${own.json.request.id}/approve`, { method: 'POST' });
    expect(self.status).toBe(403);
    expect(self.json.error.code).toBe('forbidden');

    const targets = await alexTargets();
    const first = await server.call(ALEX, '/api/me/call-group', { body: { order: 'Simultaneous', targets: [...targets, ADELE] } });
    const id = first.json.request.id as string;
    expect((await server.call(ALEX, `/api/approvals/${id}/approve`, { method: 'POST' })).status).toBe(403);
    expect((await server.call(MEGAN, `/api/approvals/${id}/reject`, { body: { reason: 'Adele is on leave' } })).status).toBe(200);
    const afterReject = await server.call(MEGAN, `/api/approvals/${id}/approve`, { method: 'POST' });
    expect(afterReject.status).toBe(409);
    expect(afterReject.json.error.message).toContain('rejected');
    expect((await server.call(MEGAN, `/api/approvals/${id}/reject`, { body: {} })).status).toBe(409);
  });

  it('decides one request once when two approvals race', async () => {
    const targets = await alexTargets();
    const id = (await server.call(ALEX, '/api/me/call-group', { body: { order: 'Simultaneous', targets: [...targets, ADELE] } })).json.request.id;
    const results = await Promise.all([1, 2, 3, 4].map(() => server.call(MEGAN, `/api/approvals/${id}/approve`, { method: 'POST' })));
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409, 409]);
    const outbox = await server.db.query('SELECT * FROM apply_outbox WHERE request_id = $1', [id]);
    expect(outbox).toHaveLength(1);
  });

  it('supersedes an older pending request for the same settings and expires old ones', async () => {
    const targets = await alexTargets();
    const older = (await server.call(ALEX, '/api/me/call-group', { body: { order: 'Simultaneous', targets: [...targets, ADELE] } })).json.request.id;
    const newer = (await server.call(ALEX, '/api/me/call-group', { body: { order: 'Simultaneous', targets: [...targets, ADELE, LEE] } })).json.request.id;
    expect((await server.call(ALEX, `/api/me/requests/${older}`)).json.request.status).toBe('superseded');
    clock.advance(73 * 3_600_000);
    const expired = await server.app.services.requests.expireDue();
    expect(expired.map((r) => r.id)).toEqual([newer]);
    expect((await server.call(MEGAN, `/api/approvals/${newer}/approve`, { method: 'POST' })).status).toBe(409);
  });

  it('lets the requester cancel while pending, and nobody else', async () => {
    const targets = await alexTargets();
    const id = (await server.call(ALEX, '/api/me/call-group', { body: { order: 'Simultaneous', targets: [...targets, ADELE] } })).json.request.id;
    expect((await server.call(ADELE, `/api/requests/${id}`, { method: 'DELETE' })).status).toBe(404);
    expect((await server.call(ALEX, `/api/requests/${id}`, { method: 'DELETE' })).json.request.status).toBe('cancelled');
    expect((await server.call(ALEX, `/api/requests/${id}`, { method: 'DELETE' })).status).toBe(409);
  });

  it('answers bad input with a 4xx that names the field and stores nothing', async () => {
    const cases: [string, Parameters<TestServer['call']>[2], number, string][] = [
      ['wrong types', { body: { order: 'InOrder', targets: 'adele' } }, 400, 'targets'],
      ['unknown field', { body: { order: 'Simultaneous', targets: [], extra: 1 } }, 400, 'extra'],
      ['malformed JSON', { rawBody: '{"order": ', headers: { 'content-type': 'application/json' } }, 400, ''],
      ['control characters', { body: { order: 'Simultaneous', targets: ['adele\u0000@contoso.com'] } }, 400, 'targets[0]'],
      ['a body over 64 KB', { rawBody: JSON.stringify({ order: 'Simultaneous', targets: ['x'.repeat(70_000)] }), headers: { 'content-type': 'application/json' } }, 413, ''],
      ['another content type', { rawBody: 'order=InOrder', headers: { 'content-type': 'application/x-www-form-urlencoded' } }, 415, ''],
    ];
    for (const [name, init, status, path] of cases) {
      const response = await server.call(ALEX, '/api/me/call-group', { method: 'POST', ...init });
      expect(response.status, name).toBe(status);
      expect(response.json.error.code, name).toBeTypeOf('string');
      if (path) expect(response.json.error.details.map((d: { path: string }) => d.path), name).toContain(path);
    }
    const directory = await server.db.query<{ upn: string }>('SELECT upn FROM tenant_users ORDER BY ordinal LIMIT 30');
    const twentySix = directory.map((u) => u.upn).filter((u) => u !== ALEX).slice(0, 26);
    const tooMany = await server.call(ALEX, '/api/me/call-group', { body: { order: 'Simultaneous', targets: twentySix } });
    expect(tooMany.status).toBe(422);
    expect(tooMany.json.error.details.map((d: { code: string }) => d.code)).toContain('too-many-members');
    const sixInOrder = await server.call(ALEX, '/api/me/call-group', { body: { order: 'InOrder', targets: twentySix.slice(0, 6) } });
    expect(sixInOrder.status).toBe(422);
    expect(sixInOrder.json.error.details.map((d: { code: string }) => d.code)).toContain('in-order-over-five');
    expect(await requestCount()).toBe(0);
  });

  it('requires an identity, refuses people outside the tenant, and keeps approver views to approvers', async () => {
    expect((await server.call(undefined, '/api/me')).status).toBe(401);
    expect((await server.call('nobody@contoso.com', '/api/me')).status).toBe(403);
    expect((await server.call(ALEX, '/api/approvals')).status).toBe(403);
    expect((await server.call(ALEX, '/api/health')).status).toBe(403);
    expect((await server.call(ALEX, '/api/me/requests/not-a-uuid')).status).toBe(404);
    expect((await server.call(ALEX, '/api/me?unexpected=1')).status).toBe(400);
  });

  it('finds people for the picker, at most 25, with eligibility', async () => {
    const found = await server.call(ALEX, '/api/directory?q=ade');
    expect(found.status).toBe(200);
    expect(found.json.results.map((p: { upn: string }) => p.upn)).toContain(ADELE);
    expect(found.json.results[0]).toHaveProperty('eligible');
    expect((await server.call(ALEX, '/api/directory?q=a')).json.results.length).toBeLessThanOrEqual(25);
    expect((await server.call(ALEX, '/api/directory')).status).toBe(400);
  });
});

describe.each(testBackends())('tenant health over HTTP on %s', (_backend, open) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(open);
  });
  afterAll(() => server.close());

  it('lists the demo tenant’s findings and turns a fix into an approved clean-up request', async () => {
    const health = await server.call(MEGAN, '/api/health');
    expect(health.status).toBe(200);
    const codes = health.json.findings.map((f: { code: string }) => f.code);
    expect(codes).toEqual(expect.arrayContaining(['CG01', 'CG03', 'CG07']));
    const fixable = health.json.findings.find((f: { code: string }) => f.code === 'CG03');
    const fix = await server.call(MEGAN, `/api/health/findings/${encodeURIComponent(fixable.id)}/fix`, { method: 'POST' });
    expect(fix.status).toBe(202);
    expect(fix.json.request.status).toBe('approved');
    await server.app.applyOnce();
    const after = await server.call(MEGAN, '/api/health?code=CG03');
    expect(after.json.findings).toHaveLength(0);
  });

  it('exports relationships as CSV with formula-safe cells', async () => {
    const csv = await server.call(MEGAN, '/api/export/relationships.csv');
    expect(csv.status).toBe(200);
    expect(csv.text.split('\n')[0]).toBe('owner_sip,owner_name,member_sip,member_name,position,ring_order');
    expect(csv.text).toContain(`sip:${ALEX}`);
  });
});
