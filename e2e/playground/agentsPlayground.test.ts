import type { Locator } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ADELE, ALEX, MEGAN } from '../../bot/src/server/testServer.js';
import { usePlaygroundSession } from './playgroundSession.js';

/** Whether a process exists (signal 0 only checks). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Issue C's acceptance in the Microsoft 365 Agents Playground, in a real browser against the
 * real server. The Playground's user is Megan Bowen, the development approver
 * (.m365agentsplayground.yml): opening the Playground installs the bot in her personal chat,
 * she asks for `help`, Alex Wilber proposes adding Adele Vance to his call group through the
 * API (as the tab does), the approval card arrives in Megan's chat, she clicks Approve in the
 * rendered card, and the card turns into the outcome, then into "applied" once the apply job
 * ran. Alex proposes and Megan decides because a requester never approves their own request.
 * The steps build on each other and run in order. Screenshots: e2e/artifacts/playground/.
 */

const STEP_TIMEOUT_MS = 60_000;
const PAGE_LOAD_TIMEOUT_MS = 90_000;
const MEGAN_SIP = `sip:${MEGAN}`;

/** The parts of the API's answers this test reads (README's API table; bot/src/http/meRoutes.ts). */
const proposalAnswer = z.object({ request: z.object({ id: z.uuid(), status: z.string(), needsApproval: z.boolean() }) });
const requestAnswer = z.object({ request: z.object({ id: z.uuid(), status: z.string(), decidedBy: z.string().nullable() }) });
const myCallGroup = z.object({ callGroup: z.object({ members: z.array(z.object({ upn: z.string().optional(), target: z.string() })) }) });

describe('the bot in the Microsoft 365 Agents Playground', () => {
  let requestId: string;
  /** How long each phase took, written to the artifacts for the report (never asserted: the machine is shared). */
  const timings: Record<string, number> = {};
  const timed = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    try {
      return await work();
    } finally {
      timings[name] = Math.round(performance.now() - started);
    }
  };
  const session = usePlaygroundSession({
    area: 'playground',
    timed,
    async afterStop(artifacts, playground) {
      await artifacts.writeText('timings.json', `${JSON.stringify(timings, null, 2)}\n`);
      if (playground && isRunning(playground.pid)) throw new Error(`The Agents Playground (pid ${playground.pid}) is still running after stop().`);
    },
  });
  const { cards, step } = session;
  const cardTitled = (heading: string | RegExp): Locator => cards().filter({ has: session.page.getByRole('heading', { name: heading }) });
  const helpCards = () => cardTitled('Call Group Manager');
  const approvalCard = () => cardTitled("Approval: Alex Wilber's call group");

  it('loads our configuration: Megan Bowen of the Contoso tenant talks to the bot', () => {
    expect(session.playground.config.tenantId).toBe('3a7c5e91-2b4d-4f68-9c1e-6d8f0a2b4c60');
    expect(session.playground.config.currentUser).toMatchObject({ name: 'Megan Bowen', aadObjectId: 'c01707e1-469b-57e7-9a92-8b225ae19dae', email: MEGAN });
  });

  it(
    'installs the bot in Megan’s personal chat when she opens it: a welcome with the approvers’ commands, and her chat is remembered',
    async () => {
      await step('01-installed', async () => {
        // The Playground's web UI is one 5 MB script: on a busy 2-core machine it took 10-20 s to load.
        await timed('playground-page-load', () => session.page.goto(session.playground.url, { timeout: PAGE_LOAD_TIMEOUT_MS }));
        // The first turn also warms the bot up (botbuilder, the database's first queries): the one slow wait.
        await timed('welcome-card', () => helpCards().first().waitFor({ timeout: 45_000 }));
        // The approvers' command list: the bot knew Megan by her object id, and as an approver.
        await helpCards().first().getByText('use this channel').waitFor();
      });
      const stored = await session.server.app.db.query<{ id: string; user_sip: string | null }>('SELECT id, user_sip FROM conversation_refs');
      expect(stored).toEqual([{ id: session.playground.config.personalChat.id, user_sip: MEGAN_SIP }]);
    },
    PAGE_LOAD_TIMEOUT_MS + STEP_TIMEOUT_MS,
  );

  it(
    'answers help with the command list',
    async () => {
      await step('02-help', async () => {
        const compose = session.page.getByRole('textbox').and(session.page.locator('[contenteditable="true"]'));
        await compose.click();
        await session.page.keyboard.type('help');
        await session.page.keyboard.press('Enter');
        await helpCards().nth(1).waitFor();
        await expect.poll(() => helpCards().count()).toBe(2);
        for (const command of ['help', 'pending', 'health', 'sync']) await helpCards().nth(1).getByText(command, { exact: true }).waitFor();
      });
    },
    STEP_TIMEOUT_MS,
  );

  it(
    'brings Alex’s proposal to Megan as an approval card',
    async () => {
      const before = await session.server.call(ALEX, '/api/me');
      expect(before.status).toBe(200);
      expect(myCallGroup.parse(before.json).callGroup.members.map((member) => member.upn)).toEqual(['brian.johnson@contoso.com', 'christie.cline@contoso.com']);

      await step('03-approval-card', async () => {
        const proposed = await session.server.call(ALEX, '/api/me/call-group', { body: { order: 'Simultaneous', targets: ['brian.johnson@contoso.com', 'christie.cline@contoso.com', ADELE] } });
        expect(proposed.status, proposed.text).toBe(202);
        const { request } = proposalAnswer.parse(proposed.json);
        expect(request).toMatchObject({ status: 'pending', needsApproval: true });
        requestId = request.id;

        const card = approvalCard();
        await card.waitFor();
        await card.getByText('Adele Vance', { exact: true }).waitFor();
        await card.getByText(/^Waiting for an approver/).waitFor();
        await card.getByRole('button', { name: 'Approve' }).waitFor();
        await card.getByRole('button', { name: /^Reject/ }).waitFor();
      });
      await expect.poll(() => approvalCard().count()).toBe(1);
    },
    STEP_TIMEOUT_MS,
  );

  it(
    'approves from the rendered card: the card shows the outcome and who decided, with no buttons left',
    async () => {
      await step('04-approved', async () => {
        await approvalCard().getByRole('button', { name: 'Approve' }).click();
        await approvalCard().getByText(/^Approved by Megan Bowen .*; being applied in Teams\.$/).waitFor();
        await expect.poll(() => approvalCard().getByRole('button').count()).toBe(0);
      });
      const answer = await session.server.call(ALEX, `/api/me/requests/${requestId}`);
      expect(answer.status).toBe(200);
      expect(requestAnswer.parse(answer.json).request).toMatchObject({ status: 'approved', decidedBy: MEGAN_SIP });
    },
    STEP_TIMEOUT_MS,
  );

  it(
    'shows the change applied in Teams once the apply job ran, and Adele is in Alex’s call group',
    async () => {
      await step('05-applied', async () => {
        expect(await session.server.app.applyOnce()).toBe(1);
        await session.server.app.bot.idle();
        await approvalCard().getByText(/^Approved by Megan Bowen .* and applied in Teams on /).waitFor();
      });
      const answer = await session.server.call(ALEX, `/api/me/requests/${requestId}`);
      expect(requestAnswer.parse(answer.json).request.status).toBe('applied');
      const after = await session.server.call(ALEX, '/api/me');
      expect(myCallGroup.parse(after.json).callGroup.members.map((member) => member.upn)).toEqual(['brian.johnson@contoso.com', 'christie.cline@contoso.com', ADELE]);
      // Still one approval card: the outcome replaced the request in place rather than arriving as another message.
      expect(await approvalCard().count()).toBe(1);
    },
    STEP_TIMEOUT_MS,
  );

  it(
    'rejects with a reason typed into the card: the card shows the reason, and nothing changes in Teams',
    async () => {
      const reason = 'Amelia covers the Seattle store, not your calls.';
      let rejectedId = '';
      await step('06-rejected', async () => {
        const proposed = await session.server.call(ALEX, '/api/me/call-group', { body: { order: 'Simultaneous', targets: ['brian.johnson@contoso.com', 'christie.cline@contoso.com', ADELE, 'amelia.hart@contoso.com'] } });
        expect(proposed.status, proposed.text).toBe(202);
        rejectedId = proposalAnswer.parse(proposed.json).request.id;
        const card = approvalCard().filter({ hasText: 'Amelia Hart' });
        await card.getByRole('button', { name: /^Reject/ }).click();
        await card.getByRole('textbox', { name: /^Reason/ }).fill(reason);
        await card.getByRole('button', { name: 'Reject', exact: true }).click();
        await card.getByText(`Rejected by Megan Bowen`, { exact: false }).waitFor();
        await card.getByText(`"${reason}"`, { exact: false }).waitFor();
        await expect.poll(() => card.getByRole('button').count()).toBe(0);
      });
      const answer = await session.server.call(ALEX, `/api/me/requests/${rejectedId}`);
      expect(requestAnswer.parse(answer.json).request).toMatchObject({ status: 'rejected', decidedBy: MEGAN_SIP });
      expect(await session.server.app.applyOnce()).toBe(0);
      const after = await session.server.call(ALEX, '/api/me');
      expect(myCallGroup.parse(after.json).callGroup.members.map((member) => member.upn)).not.toContain('amelia.hart@contoso.com');
    },
    STEP_TIMEOUT_MS,
  );
});
