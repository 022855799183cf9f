import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { problemsSchema } from '@cgm/core';
import type { Finding } from '@cgm/core';
import { testBackends } from '../store/testDatabase.js';
import type { TestServer } from '../server/testServer.js';
import { MEGAN, manualClock, startTestServer } from '../server/testServer.js';
import { writeDemoTenantWith } from '../testSupport/disabledMemberTenant.js';

/**
 * The findings whose people are not all named in them, over real HTTP: Johanna Lorenz lost her
 * Teams Phone license (CG10: her members are told, she is not), and Patti Fernandez's policy no
 * longer allows delegation (DL01: she and her delegate Debra Berger are told, each in their role).
 */

const JOHANNA = 'johanna.lorenz@contoso.com';
const JOHANNA_MEMBERS = ['felix.baumann@contoso.com', 'nora.lindqvist@contoso.com', 'zoltan.kovacs@contoso.com', 'grady.archie@contoso.com'];
const PATTI = 'patti.fernandez@contoso.com';
const DEBRA = 'debra.berger@contoso.com';

describe.each(testBackends())('who hears of an ineligible owner and of switched-off delegation, on %s', (_backend, open) => {
  let server: TestServer;

  beforeAll(async () => {
    const snapshot = await writeDemoTenantWith((tenant) => {
      const johanna = tenant.users.find((user) => user.SipAddress === `sip:${JOHANNA}`);
      const patti = tenant.users.find((user) => user.SipAddress === `sip:${PATTI}`);
      const executive = tenant.callingPolicies.find((policy) => policy.Identity === 'Tag:Executive');
      if (!johanna || !patti || !executive) throw new Error('the demo tenant changed: Johanna, Patti or the Executive policy is missing');
      johanna.HasTeamsPhoneLicense = false;
      tenant.callingPolicies.push({ ...executive, Identity: 'Tag:ExecutiveNoDelegation', AllowDelegation: false });
      patti.TeamsCallingPolicy = 'ExecutiveNoDelegation';
    });
    server = await startTestServer(open, { clock: manualClock(), env: { SEED_SNAPSHOT: snapshot } });
  });
  afterAll(() => server?.close());

  async function problemsOf(upn: string) {
    const answer = await server.call(upn, '/api/me/problems');
    expect(answer.status, answer.text).toBe(200);
    return problemsSchema.parse(answer.json).problems;
  }

  it('tells every member of Johanna’s group that it cannot ring them, and not Johanna', async () => {
    for (const member of JOHANNA_MEMBERS) {
      const cg10 = (await problemsOf(member)).filter((problem) => problem.code === 'CG10');
      expect(cg10.map((p) => [p.role, p.kind, p.actions, p.about?.displayName, p.title]), member).toEqual([['member', 'groupSwitchedOff', ['keep'], 'Johanna Lorenz', 'Johanna Lorenz’s call group cannot ring you']]);
    }
    expect((await problemsOf(JOHANNA)).filter((problem) => problem.code === 'CG10')).toEqual([]);
    expect((await problemsOf(MEGAN)).filter((problem) => problem.code === 'CG10')).toEqual([]);
  });

  it('gives the notifier the same people: CG10 to the members the finding does not list', async () => {
    const health = await server.call(MEGAN, `/api/health?code=CG10&subject=${encodeURIComponent(`sip:${JOHANNA}`)}`);
    const [finding] = (health.json.findings as (Finding & { id: string })[]).map(({ code, rule, severity, subject, related, message }) => ({ code, rule, severity, subject, related, message }));
    if (!finding) throw new Error(`no CG10 for Johanna: ${health.text}`);
    const recipients = await server.app.services.problems.recipientsOf(finding);
    expect(recipients.map((r) => r.sip).sort()).toEqual(JOHANNA_MEMBERS.map((m) => `sip:${m}`).sort());
  });

  it('tells Patti her delegation is switched off, with Fix, and her delegate Debra, with Keep', async () => {
    expect((await problemsOf(PATTI)).map((p) => [p.code, p.role, p.kind, p.actions])).toEqual([['DL01', 'delegator', 'delegation', ['fix', 'keep']]]);
    expect((await problemsOf(DEBRA)).map((p) => [p.code, p.role, p.actions, p.about?.displayName])).toEqual([['DL01', 'delegate', ['keep'], 'Patti Fernandez']]);
  });

  it('fixes Patti’s delegation with core’s plan, as her own request', async () => {
    const [problem] = await problemsOf(PATTI);
    const fixed = await server.call(PATTI, `/api/me/problems/${problem?.id}/fix`, { body: {} });
    expect(fixed.status, fixed.text).toBe(202);
    const request = await server.call(PATTI, `/api/me/requests/${fixed.json.request.id}`);
    expect(request.json.request).toMatchObject({ kind: 'cleanup', requester: `sip:${PATTI}`, subject: `sip:${PATTI}` });
    expect(request.json.request.after.Delegates).toEqual([]);
    await server.app.applyOnce();
    expect(await problemsOf(PATTI)).toEqual([]);
    expect(await problemsOf(DEBRA)).toEqual([]);
  });
});
