import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApproverGroupMembers } from '../services/approvers.js';
import { testBackends } from '../store/testDatabase.js';
import type { TeamsConnector } from '../bot/testSupport/teamsConnector.js';
import { TEAMS_USERS, cardClick, startTeamsConnector } from '../bot/testSupport/teamsConnector.js';
import type { TeamsUser } from '../bot/testSupport/teamsConnector.js';
import type { TestServer } from './testServer.js';
import { ADELE, ALEX, MEGAN, startTestServer } from './testServer.js';

const BRIAN = 'brian.johnson@contoso.com';
const CHRISTIE = 'christie.cline@contoso.com';
const GROUP = '5d2f0c9e-7a41-4b8e-9f3a-2c6e1b7d4a90';
const { adele, brian, christie, megan } = TEAMS_USERS;

// Megan and Brian are on the UPN list; Adele and Brian are in the Entra approver group.
const groupMembers: ApproverGroupMembers = { members: async (id) => (id === GROUP ? [adele.aadObjectId, brian.aadObjectId] : []) };

/** Who asks to approve, who made the request, and whether they may decide it: the same on every surface. */
const CASES: readonly { readonly rule: string; readonly upn: string; readonly teams: TeamsUser; readonly requester: string; readonly approves: boolean; readonly refusal?: string; readonly cardRefusal?: string }[] = [
  { rule: 'on the UPN list only', upn: MEGAN, teams: megan, requester: ALEX, approves: true },
  { rule: 'in the Entra group only', upn: ADELE, teams: adele, requester: ALEX, approves: true },
  { rule: 'on the UPN list and in the group', upn: BRIAN, teams: brian, requester: ALEX, approves: true },
  // A card shows a request only to the people concerned and the approvers: to anyone else it does not exist.
  { rule: 'neither on the list nor in the group', upn: CHRISTIE, teams: christie, requester: ALEX, approves: false, refusal: 'Only approvers', cardRefusal: 'No such request' },
  { rule: 'an approver (by group) deciding their own request', upn: ADELE, teams: adele, requester: ADELE, approves: false, refusal: 'cannot decide your own request' },
];

describe.each(testBackends())('one approver rule for the tab and the card (%s)', (_name, open) => {
  let server: TestServer;
  let connector: TeamsConnector;
  let proposals = 0;

  /** A fresh pending call group change by `requester`: each proposal names a different ring, so none is a no-op. */
  async function pendingRequest(requester: string): Promise<string> {
    proposals += 1;
    const targets = proposals % 2 === 0 ? [CHRISTIE] : [CHRISTIE, BRIAN === requester ? MEGAN : BRIAN];
    const proposed = await server.call(requester, '/api/me/call-group', { body: { order: 'Simultaneous', targets } });
    expect(proposed.status).toBe(202);
    expect(proposed.json.request.status).toBe('pending');
    return proposed.json.request.id as string;
  }
  const statusOf = async (requester: string, id: string) => (await server.call(requester, `/api/me/requests/${id}`)).json.request.status as string;

  beforeAll(async () => {
    connector = await startTeamsConnector();
    server = await startTestServer(open, { env: { APPROVERS: `${MEGAN},${BRIAN}`, APPROVER_GROUP_ID: GROUP, APPROVAL_POLICY: 'always' }, overrides: { approverGroupMembers: groupMembers } });
  });
  afterAll(async () => {
    await server?.close();
    await connector?.close();
  });

  describe.each(CASES)('someone $rule', ({ upn, teams, requester, approves, refusal, cardRefusal }) => {
    it(approves ? 'approves from the tab' : 'is refused in the tab', async () => {
      const me = await server.call(upn, '/api/me');
      expect(me.json.roles.approver).toBe(upn !== CHRISTIE);
      const id = await pendingRequest(requester);
      const answer = await server.call(upn, `/api/approvals/${id}/approve`, { body: {} });
      expect(answer.status).toBe(approves ? 200 : 403);
      if (refusal) expect(answer.json.error.message).toContain(refusal);
      expect(await statusOf(requester, id)).toBe(approves ? 'approved' : 'pending');
    });

    it(approves ? 'approves from a card' : 'is refused on a card', async () => {
      const id = await pendingRequest(requester);
      const response = await fetch(`${server.base}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(cardClick(connector, teams, 'approve', { id })) });
      const card = JSON.stringify((await response.json()).value);
      await server.app.bot.idle();
      if (approves) expect(card).toContain(`Approved by ${teams.name}`);
      else expect(card).toContain(cardRefusal ?? refusal);
      expect(card.includes('Approved by')).toBe(approves);
      expect(await statusOf(requester, id)).toBe(approves ? 'approved' : 'pending');
    });
  });
});
