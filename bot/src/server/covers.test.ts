import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { normalizeSip } from '@cgm/core';
import { createRequestStore } from '../store/requestStore.js';
import { testBackends } from '../store/testDatabase.js';
import type { Logger } from './logger.js';
import type { TestServer } from './testServer.js';
import { ADELE, ALEX, DEMO_SNAPSHOT, MEGAN, manualClock, startTestServer } from './testServer.js';

/**
 * Covers over HTTP on the real server, time on an injected clock: Alex asks Adele to cover
 * his call group, Megan approves, the cover job starts it at its start and takes back exactly
 * its own part at its end.
 */

const BRIAN = 'sip:brian.johnson@contoso.com';
const CHRISTIE = 'sip:christie.cline@contoso.com';
const LEE = 'lee.gu@contoso.com';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe.each(testBackends())('covers over HTTP (%s)', (_backend, open) => {
  let server: TestServer;
  let clock: ReturnType<typeof manualClock>;
  let warnings: { message: string; fields?: Record<string, unknown> }[];

  beforeEach(async () => {
    clock = manualClock(new Date('2026-12-21T08:00:00Z'));
    warnings = [];
    const logger: Logger = { info: () => undefined, warn: (message, fields) => void warnings.push({ message, fields }), error: () => undefined };
    server = await startTestServer(open, { clock, logger });
  }, 120_000);
  afterEach(() => server.close());

  const at = (ms: number) => new Date(clock.now().getTime() + ms).toISOString();
  const teams = async () => (await server.gateway.readSettings(ALEX)).CallGroupTargets.map(normalizeSip);
  /** The cover job and the apply job, as their timers would run them, until nothing is left to do now. */
  async function settle(): Promise<void> {
    for (let round = 0; round < 8; round += 1) {
      await server.app.coversOnce();
      await server.app.applyOnce();
      // The runner looks again a second after handing a start or end to the outbox.
      clock.advance(1_000);
    }
    await server.app.coversOnce();
  }
  const cover = async (id: string) => (await server.call(ALEX, `/api/me/covers/${id}`)).json.cover;
  async function approvedCover(body: Record<string, unknown>): Promise<string> {
    const created = await server.call(ALEX, '/api/me/covers', { body });
    expect(created.status, created.text).toBe(202);
    expect(created.json.cover).toMatchObject({ status: 'pending', needsApproval: true });
    const { approvalRequestId } = await cover(created.json.cover.id);
    // Megan sees it in her queue like any request, and approves it there.
    const queue = (await server.call(MEGAN, '/api/approvals')).json.requests as { id: string; kind: string }[];
    expect(queue.find((request) => request.id === approvalRequestId)?.kind).toBe('cover');
    expect((await server.call(MEGAN, `/api/approvals/${approvalRequestId}/approve`, { body: {} })).status).toBe(200);
    await settle();
    return created.json.cover.id as string;
  }
  async function proposeApplied(upn: string, targets: string[]): Promise<void> {
    const proposed = await server.call(upn, '/api/me/call-group', { body: { order: 'Simultaneous', targets } });
    expect(proposed.status, proposed.text).toBe(202);
    if (proposed.json.request.status === 'pending') await server.call(MEGAN, `/api/approvals/${proposed.json.request.id}/approve`, { body: {} });
    await server.app.applyOnce();
  }
  const audit = async (action: string) => server.db.query<{ details: Record<string, unknown> }>('SELECT details FROM audit_log WHERE action = $1 ORDER BY id', [action]);

  it('starts on time and ends on time, taking back only its own member: one Alex added himself during the cover stays', async () => {
    const startsAt = at(HOUR);
    const id = await approvedCover({ startsAt, endsAt: at(HOUR + 2 * DAY), callGroup: { add: [ADELE] } });
    expect((await cover(id)).status).toBe('scheduled');
    // Its approval stays approved and writes nothing: a sync does not leave Alex's settings alone for it.
    expect(await createRequestStore(server.db).subjectsInFlight()).not.toContain(`sip:${ALEX}`);
    clock.advance(Date.parse(startsAt) - clock.now().getTime() - 1);
    await settle();
    // settle() moved the clock past the start only after its first run: nothing started early.
    expect((await audit('cover.starting'))[0]?.details).toMatchObject({ dueAt: new Date(startsAt).toISOString(), lateMs: 999 });
    const started = await cover(id);
    expect(started).toMatchObject({ status: 'active', startLateMs: 999, covering: [`sip:${ADELE}`], names: { [`sip:${ADELE}`]: 'Adele Vance' } });
    expect(await teams()).toEqual([BRIAN, CHRISTIE, `sip:${ADELE}`]);

    await proposeApplied(ALEX, [BRIAN, CHRISTIE, `sip:${ADELE}`, `sip:${LEE}`]);
    clock.advance(2 * DAY - 60_000);
    await settle();
    expect((await cover(id)).status).toBe('active');
    clock.advance(60_000);
    await settle();
    const ended = await cover(id);
    expect(ended).toMatchObject({ status: 'ended', heldReason: null });
    expect(ended.notes).toEqual([expect.objectContaining({ code: 'taken-back', path: 'callGroup.add[0]', message: 'Adele Vance leaves the call group.' })]);
    expect(await teams()).toEqual([BRIAN, CHRISTIE, `sip:${LEE}`]);
    expect((await audit('cover.started')).length).toBe(1);
    expect((await audit('cover.ended')).length).toBe(1);
  });

  it('does nothing at the end for a covering person Alex already removed by hand, and says so', async () => {
    const id = await approvedCover({ startsAt: at(0), endsAt: at(DAY), callGroup: { add: [ADELE] } });
    expect(await teams()).toEqual([BRIAN, CHRISTIE, `sip:${ADELE}`]);
    await proposeApplied(ALEX, [BRIAN, CHRISTIE]);
    clock.advance(DAY);
    await settle();
    const ended = await cover(id);
    expect(ended.status).toBe('ended');
    expect(ended.notes).toEqual([expect.objectContaining({ code: 'already-taken-back', message: 'Adele Vance was already removed from the call group.' })]);
    expect(await teams()).toEqual([BRIAN, CHRISTIE]);
    const endRequests = await server.db.query("SELECT id FROM change_requests WHERE kind = 'cover' AND change->>'phase' = 'end'");
    expect(endRequests).toEqual([]);
  });

  it('catches up after the server was down across the start, and records and logs how late it was', async () => {
    const startsAt = at(10 * 60_000);
    const id = await approvedCover({ startsAt, endsAt: at(DAY), callGroup: { add: [ADELE] } });
    // Nothing runs for two hours: the server was down at the start.
    clock.advance(2 * HOUR);
    const late = clock.now().getTime() - Date.parse(startsAt);
    await settle();
    const started = await cover(id);
    expect(started.status).toBe('active');
    expect(started.startLateMs).toBe(late);
    expect((await audit('cover.starting'))[0]?.details).toMatchObject({ lateMs: late });
    expect((await audit('cover.started'))[0]?.details).toMatchObject({ lateMs: late });
    expect(warnings.map((warning) => warning.message)).toContain(`cover start ran ${Math.round(late / 1000)} s after it was due: the server was not running then, and caught up`);
    expect(await teams()).toEqual([BRIAN, CHRISTIE, `sip:${ADELE}`]);
  });

  it('cancels a cover before its start: nothing is ever written', async () => {
    const id = await approvedCover({ startsAt: at(HOUR), endsAt: at(DAY), callGroup: { add: [ADELE] } });
    const cancelled = await server.call(ALEX, `/api/me/covers/${id}`, { method: 'DELETE' });
    expect(cancelled.status).toBe(202);
    expect(cancelled.json.cover.status).toBe('cancelled');
    clock.advance(2 * HOUR);
    await settle();
    expect(await teams()).toEqual([BRIAN, CHRISTIE]);
    expect((await server.call(ALEX, `/api/me/covers/${id}`, { method: 'DELETE' })).status).toBe(409);
  });

  it('ends an active cover now, and an extension waits for an approver as the cover did', async () => {
    const id = await approvedCover({ startsAt: at(0), endsAt: at(DAY), callGroup: { add: [ADELE] } });
    const newEnd = at(3 * DAY);
    const extended = await server.call(ALEX, `/api/me/covers/${id}`, { method: 'PATCH', body: { endsAt: newEnd } });
    expect(extended.status, extended.text).toBe(202);
    expect(extended.json.cover).toMatchObject({ status: 'active', needsApproval: true });
    const { extension } = await cover(id);
    expect(extension.endsAt).toBe(newEnd);
    await server.call(MEGAN, `/api/approvals/${extension.requestId}/approve`, { body: {} });
    await settle();
    expect(await cover(id)).toMatchObject({ endsAt: newEnd, extension: null });
    clock.advance(DAY);
    await settle();
    expect((await cover(id)).status).toBe('active');

    // An earlier end needs nobody.
    const shorter = await server.call(ALEX, `/api/me/covers/${id}`, { method: 'PATCH', body: { endsAt: at(HOUR) } });
    expect(shorter.json.cover).toMatchObject({ status: 'active', needsApproval: false });
    const ending = await server.call(ALEX, `/api/me/covers/${id}`, { method: 'DELETE' });
    expect(ending.json.cover.status).toBe('active');
    await settle();
    expect((await cover(id)).status).toBe('ended');
    expect(await teams()).toEqual([BRIAN, CHRISTIE]);
  });

  it('a rejected cover is never applied, and says why; only its owner (and approvers) can see it', async () => {
    const created = await server.call(ALEX, '/api/me/covers', { body: { startsAt: at(HOUR), endsAt: at(DAY), callGroup: { add: [ADELE] } } });
    const id = created.json.cover.id as string;
    expect((await server.call(ADELE, `/api/me/covers/${id}`)).status).toBe(404);
    expect((await server.call(ADELE, `/api/me/covers/${id}`, { method: 'DELETE' })).status).toBe(404);
    expect((await server.call(ALEX, '/api/me/covers/not-a-uuid')).status).toBe(404);
    const forMegan = (await server.call(MEGAN, '/api/me/covers')).json;
    expect(forMegan.awaiting.map((cover: { id: string }) => cover.id)).toEqual([id]);
    const { approvalRequestId } = await cover(id);
    expect((await server.call(MEGAN, `/api/approvals/${approvalRequestId}/reject`, { body: { reason: 'Adele is away that week too.' } })).status).toBe(200);
    clock.advance(2 * HOUR);
    await settle();
    expect(await cover(id)).toMatchObject({ status: 'rejected', failure: 'Adele is away that week too.' });
    expect((await server.call(MEGAN, '/api/me/covers')).json.awaiting).toEqual([]);
    expect(await teams()).toEqual([BRIAN, CHRISTIE]);
    // A rejected cover no longer collides with a new one.
    expect((await server.call(ALEX, '/api/me/covers', { body: { startsAt: at(HOUR), endsAt: at(DAY), callGroup: { add: [ADELE] } } })).status).toBe(202);
  });

  it('refuses a cover on the same part as another cover\'s extension still waiting for an approver, which would make them overlap once approved', async () => {
    const id = await approvedCover({ startsAt: at(0), endsAt: at(DAY), callGroup: { add: [ADELE] } });
    expect((await cover(id)).status).toBe('active');
    const extended = await server.call(ALEX, `/api/me/covers/${id}`, { method: 'PATCH', body: { endsAt: at(5 * DAY) } });
    expect(extended.json.cover).toMatchObject({ needsApproval: true });
    // Adele again from day 2 to day 4: clear of the cover's end now, inside the end it asks for.
    const later = await server.call(ALEX, '/api/me/covers', { body: { startsAt: at(2 * DAY), endsAt: at(4 * DAY), callGroup: { add: [ADELE] } } });
    expect(later.status, later.text).toBe(422);
    expect(later.json.error.details.map((problem: { code: string; path: string }) => [problem.code, problem.path])).toEqual([['overlapping-cover', 'callGroup.add[0]']]);
    // Another person at that time is another part: fine.
    expect((await server.call(ALEX, '/api/me/covers', { body: { startsAt: at(2 * DAY), endsAt: at(4 * DAY), callGroup: { add: [LEE] } } })).status).toBe(202);
  });

  it('refuses hostile bodies with the field named, storing nothing, and an approver cannot approve her own cover', async () => {
    const post = (raw: string) => server.call(ALEX, '/api/me/covers', { method: 'POST', rawBody: raw, headers: { 'content-type': 'application/json' } });
    const body = (patch: Record<string, unknown>) => JSON.stringify({ startsAt: at(HOUR), endsAt: at(DAY), callGroup: { add: [ADELE] }, ...patch });
    const refused = async (raw: string) => {
      const answer = await post(raw);
      expect([400, 413, 422], answer.text).toContain(answer.status);
      return (answer.json.error.details as { code: string; path: string }[]).map((problem) => `${problem.code} ${problem.path}`);
    };
    expect(await refused(body({ startsAt: '2026-12-21T09:00:00' }))).toEqual(['invalid startsAt']);
    expect(await refused(body({ endsAt: '+010000-01-01T00:00:00Z' }))).toEqual(['invalid endsAt']);
    expect(await refused(body({ startsAt: '2027-02-30T10:00:00Z' }))).toEqual(['invalid startsAt']);
    expect(await refused(body({ startsAt: '1970-01-01T00:00:00Z' }))).toContain('starts-in-the-past startsAt');
    expect(await refused(body({ endsAt: new Date(Date.parse(at(HOUR)) + 59_999).toISOString() }))).toEqual(['cover-too-short endsAt']);
    expect(await refused(body({ endsAt: new Date(Date.parse(at(HOUR)) + 180 * DAY + 1).toISOString() }))).toEqual(['cover-too-long endsAt']);
    expect(await refused(body({ callGroup: { add: [ADELE, `sip:${ADELE.toUpperCase()}`] } }))).toEqual(['duplicate-member callGroup.add[1]']);
    expect(await refused(body({ callGroup: { add: [ALEX] } }))).toEqual(['self-member callGroup.add[0]']);
    expect(await refused(body({ callGroup: undefined, delegate: { target: ALEX } }))).toEqual(['self-delegate delegate.target']);
    expect(await refused(body({ callGroup: { add: ['quentin.moreau@contoso.com'] } }))).toEqual(['member-disabled callGroup.add[0]']);
    expect(await refused(body({ callGroup: undefined, delegate: { target: 'nobody.here@contoso.com' } }))).toEqual(['delegate-not-found delegate.target']);
    expect(await refused(body({ callGroup: { add: [`${ADELE}\u0000`] } }))).toEqual(['control-character callGroup.add[0]']);
    expect(await refused(body({ status: 'active' }))).toEqual(['unknown-field status']);
    expect(await refused(body({}).replace(/}$/, ',"__proto__":{"status":"active"}}'))).toEqual(['unknown-field __proto__']);
    expect(await refused(body({ callGroup: { add: Array.from({ length: 5000 }, (_, index) => `u${index}@contoso.com`) } }))).toEqual([]);
    expect((await server.call(ALEX, '/api/me/covers')).json.covers).toEqual([]);
    // 180 days exactly is allowed.
    expect((await post(body({ endsAt: new Date(Date.parse(at(HOUR)) + 180 * DAY).toISOString() }))).status).toBe(202);

    const megans = await server.call(MEGAN, '/api/me/covers', { body: { startsAt: at(HOUR), endsAt: at(DAY), callGroup: { add: [ADELE] } } });
    const { approvalRequestId } = (await server.call(MEGAN, `/api/me/covers/${megans.json.cover.id}`)).json.cover;
    expect((await server.call(MEGAN, `/api/approvals/${approvalRequestId}/approve`, { body: {} })).status).toBe(403);
    expect((await server.call(MEGAN, '/api/me/covers')).json.awaiting.map((cover: { id: string }) => cover.id)).not.toContain(megans.json.cover.id);
  });

  it('refuses, with every problem at once, a cover that ends before it starts, lasts too long, or collides', async () => {
    const refuse = async (body: Record<string, unknown>) => {
      const answer = await server.call(ALEX, '/api/me/covers', { body });
      expect(answer.status, answer.text).toBe(422);
      return (answer.json.error.details as { code: string; path: string }[]).map((problem) => [problem.code, problem.path]);
    };
    expect(await refuse({ startsAt: at(HOUR), endsAt: at(0), callGroup: { add: [ADELE] } })).toEqual([['ends-before-start', 'endsAt']]);
    expect(await refuse({ startsAt: at(0), endsAt: at(181 * DAY), callGroup: { add: [ADELE] } })).toEqual([['cover-too-long', 'endsAt']]);
    const tenant = JSON.parse(readFileSync(DEMO_SNAPSHOT, 'utf8')) as { users: { SipAddress: string }[] };
    const others = tenant.users.map((user) => normalizeSip(user.SipAddress)).filter((sip) => ![`sip:${ALEX}`, BRIAN, CHRISTIE].includes(sip));
    const eligible = others.slice(0, 24);
    // Alex has two members: 24 more make 26 at the start.
    const tooMany = await refuse({ startsAt: at(0), endsAt: at(DAY), callGroup: { add: eligible } });
    expect(tooMany).toContainEqual(['too-many-members', 'callGroup.add']);
    expect(await refuse({ startsAt: at(0), endsAt: at(DAY), callGroup: { add: eligible.slice(0, 23) } })).not.toContainEqual(['too-many-members', 'callGroup.add']);
    // Both at once: the owner fixes everything in one go.
    const both = await refuse({ startsAt: at(HOUR), endsAt: at(0), callGroup: { add: eligible } });
    expect(both).toContainEqual(['ends-before-start', 'endsAt']);
    expect(both).toContainEqual(['too-many-members', 'callGroup.add']);

    expect((await server.call(ALEX, '/api/me/covers', { body: { startsAt: at(HOUR), endsAt: at(DAY), callGroup: { add: [ADELE] } } })).status).toBe(202);
    expect(await refuse({ startsAt: at(2 * HOUR), endsAt: at(2 * DAY), callGroup: { add: [`sip:${ADELE}`] } })).toEqual([['overlapping-cover', 'callGroup.add[0]']]);
    // A different part at the same time is fine.
    expect((await server.call(ALEX, '/api/me/covers', { body: { startsAt: at(2 * HOUR), endsAt: at(2 * DAY), callGroup: { add: [LEE] } } })).status).toBe(202);
    expect(await refuse({ startsAt: at(HOUR), endsAt: at(0), callGroup: { add: [ADELE] } })).toEqual([['ends-before-start', 'endsAt']]);
  });
});
