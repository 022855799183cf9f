import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { problemsSchema } from '@cgm/core';
import { testBackends } from '../store/testDatabase.js';
import type { TestServer } from '../server/testServer.js';
import { ALEX, MEGAN, manualClock, startTestServer } from '../server/testServer.js';
import { QUENTIN, writeDisabledMemberTenant } from '../testSupport/disabledMemberTenant.js';

/**
 * A person's own problems over real HTTP: Alex owns a group with Quentin, whose account is
 * disabled; he sees it, removes Quentin, and nobody else sees or acts on his problem.
 */

const BRIAN = 'brian.johnson@contoso.com';
const ISAIAH = 'isaiah.langer@contoso.com';
const NESTOR = 'nestor.wilke@contoso.com';
const IRVIN = 'irvin.sayers@contoso.com';
const START = new Date('2026-11-22T09:00:00Z');

describe.each(testBackends())('personal problems over HTTP on %s', (_backend, open) => {
  let server: TestServer;
  const clock = manualClock(START);

  beforeAll(async () => {
    server = await startTestServer(open, { clock, env: { SEED_SNAPSHOT: await writeDisabledMemberTenant() } });
  });
  afterAll(() => server?.close());

  async function problemsOf(upn: string) {
    const answer = await server.call(upn, '/api/me/problems');
    expect(answer.status, answer.text).toBe(200);
    return problemsSchema.parse(answer.json).problems;
  }
  const act = (upn: string, id: string, action: string, body: unknown = {}) => server.call(upn, `/api/me/problems/${encodeURIComponent(id)}/${action}`, { body });

  it('shows Alex that Quentin is disabled, with Remove and Keep, and nothing else', async () => {
    const problems = await problemsOf(ALEX);
    expect(problems.map((p) => [p.code, p.kind, p.role, p.actions])).toEqual([['CG08', 'memberUnreachable', 'owner', ['remove', 'keep']]]);
    expect(problems[0]).toMatchObject({ title: 'Quentin Moreau’s account is disabled', about: { sip: `sip:${QUENTIN}`, displayName: 'Quentin Moreau' } });
    expect(problems[0]?.id).toMatch(/^cg08-[0-9a-f]{32}$/);
  });

  it('shows Alex’s problem to nobody else: not his member, not an approver', async () => {
    const [alexProblem] = await problemsOf(ALEX);
    for (const upn of [BRIAN, MEGAN]) expect((await problemsOf(upn)).map((p) => p.id)).not.toContain(alexProblem?.id);
    // Quentin is disabled: told nothing, whether or not he can still sign in.
    const quentin = await server.call(QUENTIN, '/api/me/problems');
    expect(quentin.status === 200 ? quentin.json.problems : []).toEqual([]);
  });

  it('tells a member of a switched-off group, and its owner, each in their role', async () => {
    expect((await problemsOf(NESTOR)).map((p) => [p.code, p.role, p.actions])).toEqual([['CG01', 'owner', ['fix', 'keep']]]);
    const irvin = await problemsOf(IRVIN);
    expect(irvin.map((p) => [p.code, p.role, p.kind, p.actions, p.about?.displayName])).toEqual([['CG01', 'member', 'groupSwitchedOff', ['keep'], 'Nestor Wilke']]);
  });

  it('refuses someone else acting on Alex’s problem as if it did not exist', async () => {
    const [problem] = await problemsOf(ALEX);
    for (const upn of [BRIAN, MEGAN]) {
      const answer = await act(upn, problem?.id ?? '', 'remove');
      expect(answer.status, upn).toBe(404);
      expect(answer.json.error.code).toBe('not-found');
    }
    expect((await act(ALEX, 'cg08-00000000000000000000000000000000', 'remove')).status).toBe(404);
    expect((await act(ALEX, 'not-a-problem', 'keep')).status).toBe(404);
  });

  it('refuses an action the problem does not offer, or no action at all, naming the action', async () => {
    const [problem] = await problemsOf(ALEX);
    for (const action of ['clear', 'leave', 'explode']) {
      const answer = await act(ALEX, problem?.id ?? '', action);
      expect(answer.status, action).toBe(422);
      expect(answer.json.error.details).toEqual([expect.objectContaining({ code: 'action-not-allowed', path: 'action' })]);
    }
    expect((await act(ALEX, problem?.id ?? '', 'remove', [])).status).toBe(400);
  });

  it('removes Quentin through a change request from Alex, once; the applied change resolves the problem', async () => {
    const [problem] = await problemsOf(ALEX);
    const removed = await act(ALEX, problem?.id ?? '', 'remove');
    expect(removed.status, removed.text).toBe(202);
    // Removing a member needs no approver under the default policy, as when Alex edits his group.
    expect(removed.json.request).toMatchObject({ status: 'approved', needsApproval: false });
    const request = await server.call(ALEX, `/api/me/requests/${removed.json.request.id}`);
    expect(request.json.request).toMatchObject({ kind: 'cleanup', requester: `sip:${ALEX}`, subject: `sip:${ALEX}` });
    expect(request.json.request.after.CallGroupTargets).toEqual(['sip:brian.johnson@contoso.com', 'sip:christie.cline@contoso.com']);

    expect((await problemsOf(ALEX))[0]?.request).toMatchObject({ id: removed.json.request.id, status: 'approved' });
    const again = await act(ALEX, problem?.id ?? '', 'remove');
    expect(again.status, again.text).toBe(409);

    await server.app.applyOnce();
    expect(await problemsOf(ALEX)).toEqual([]);
    expect((await act(ALEX, problem?.id ?? '', 'keep')).status).toBe(404);
  });

  it('clears Isaiah’s stale entry for Alex’s group through his own request', async () => {
    const [problem] = await problemsOf(ISAIAH);
    expect(problem).toMatchObject({ code: 'CG12', kind: 'staleMembership', role: 'member', actions: ['clear', 'keep'], title: 'Your settings still name Alex Wilber’s call group' });
    const cleared = await act(ISAIAH, problem?.id ?? '', 'clear');
    expect(cleared.status, cleared.text).toBe(202);
    await server.app.applyOnce();
    expect(await problemsOf(ISAIAH)).toEqual([]);
    const me = await server.call(ISAIAH, '/api/me');
    expect(me.json.settings.GroupMembershipDetails).toEqual([]);
  });

  it('keeps a problem out of sight for seven days, then shows it again', async () => {
    const [problem] = await problemsOf(IRVIN);
    const kept = await act(IRVIN, problem?.id ?? '', 'keep');
    expect(kept.status, kept.text).toBe(200);
    expect(new Date(kept.json.snoozedUntil).getTime() - clock.now().getTime()).toBe(7 * 86_400_000);
    expect(await problemsOf(IRVIN)).toEqual([]);
    // Nestor's problem about the same finding is his own: Irvin's Keep hides nothing from him.
    expect(await problemsOf(NESTOR)).toHaveLength(1);
    clock.advance(7 * 86_400_000 - 1);
    expect(await problemsOf(IRVIN)).toEqual([]);
    clock.advance(1);
    expect((await problemsOf(IRVIN)).map((p) => p.id)).toEqual([problem?.id]);
  });
});
